package applyconfigurations_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	cbor "k8s.io/apimachinery/pkg/runtime/serializer/cbor/direct"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"

	applyappsv1 "github.com/kclient/kclient/applyconfigurations/apps/v1"
	applycorev1 "github.com/kclient/kclient/applyconfigurations/core/v1"
	applymetav1 "github.com/kclient/kclient/applyconfigurations/meta/v1"
)

// prune removes what a typed object sends only because Go structs cannot
// leave fields out: nulls and empty objects. What is left is what the
// object really says.
func prune(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			x = prune(x)
			if x == nil {
				continue
			}
			if m, ok := x.(map[string]any); ok && len(m) == 0 {
				continue
			}
			out[k] = x
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = prune(x)
		}
		return out
	}
	return v
}

func decode(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var out map[string]any
	require.NoError(t, json.Unmarshal(data, &out))
	return out
}

// TestRoundTrip marshals apply configurations and typed objects with the
// same fields set: the apply configuration must produce exactly the
// typed object's JSON minus its forced zero values, and that JSON must
// decode back into the typed object.
func TestRoundTrip(t *testing.T) {
	labels := map[string]string{"app": "web"}
	tests := []struct {
		name  string
		apply any
		typed any
		// into receives the apply configuration's JSON decoded as the API
		// type, which must equal typed.
		into any
	}{
		{
			name: "ConfigMap",
			apply: applycorev1.ConfigMap("settings", "default").
				WithLabels(map[string]string{"app": "web"}).
				WithAnnotations(map[string]string{"note": "x"}).
				WithData(map[string]string{"a": "1"}).
				WithData(map[string]string{"b": "2"}).
				WithBinaryData(map[string][]byte{"bin": {0, 1, 2}}).
				WithImmutable(false),
			typed: &corev1.ConfigMap{
				TypeMeta:   metav1.TypeMeta{Kind: "ConfigMap", APIVersion: "v1"},
				ObjectMeta: metav1.ObjectMeta{Name: "settings", Namespace: "default", Labels: labels, Annotations: map[string]string{"note": "x"}},
				Data:       map[string]string{"a": "1", "b": "2"},
				BinaryData: map[string][]byte{"bin": {0, 1, 2}},
				Immutable:  ptr.To(false),
			},
			into: &corev1.ConfigMap{},
		},
		{
			name: "Deployment",
			apply: applyappsv1.Deployment("web", "prod").
				WithLabels(labels).
				WithOwnerReferences(applymetav1.OwnerReference().WithAPIVersion("v1").WithKind("Thing").WithName("owner").WithUID("u1").WithController(true)).
				WithSpec(applyappsv1.DeploymentSpec().
					WithReplicas(0).
					WithSelector(applymetav1.LabelSelector().WithMatchLabels(labels)).
					WithStrategy(applyappsv1.DeploymentStrategy().
						WithType(appsv1.RollingUpdateDeploymentStrategyType).
						WithRollingUpdate(applyappsv1.RollingUpdateDeployment().WithMaxSurge(intstr.FromString("25%")))).
					WithTemplate(applycorev1.PodTemplateSpec().
						WithLabels(labels).
						WithSpec(applycorev1.PodSpec().
							WithContainers(applycorev1.Container().
								WithName("web").
								WithImage("nginx:1.27").
								WithArgs("-g", "daemon off;").
								WithPorts(applycorev1.ContainerPort().WithContainerPort(80).WithProtocol(corev1.ProtocolTCP)).
								WithResources(applycorev1.ResourceRequirements().
									WithLimits(corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("500m")})))))),
			typed: &appsv1.Deployment{
				TypeMeta: metav1.TypeMeta{Kind: "Deployment", APIVersion: "apps/v1"},
				ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "prod", Labels: labels,
					OwnerReferences: []metav1.OwnerReference{{APIVersion: "v1", Kind: "Thing", Name: "owner", UID: "u1", Controller: ptr.To(true)}}},
				Spec: appsv1.DeploymentSpec{
					Replicas: ptr.To[int32](0),
					Selector: &metav1.LabelSelector{MatchLabels: labels},
					Strategy: appsv1.DeploymentStrategy{
						Type:          appsv1.RollingUpdateDeploymentStrategyType,
						RollingUpdate: &appsv1.RollingUpdateDeployment{MaxSurge: ptr.To(intstr.FromString("25%"))},
					},
					Template: corev1.PodTemplateSpec{
						ObjectMeta: metav1.ObjectMeta{Labels: labels},
						Spec: corev1.PodSpec{Containers: []corev1.Container{{
							Name:  "web",
							Image: "nginx:1.27",
							Args:  []string{"-g", "daemon off;"},
							Ports: []corev1.ContainerPort{{ContainerPort: 80, Protocol: corev1.ProtocolTCP}},
							Resources: corev1.ResourceRequirements{
								Limits: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("500m")},
							},
						}}},
					},
				},
			},
			into: &appsv1.Deployment{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.apply)
			require.NoError(t, err)
			want, err := json.Marshal(tt.typed)
			require.NoError(t, err)
			assert.Equal(t, prune(decode(t, want)), decode(t, got), "apply configuration JSON\n%s", got)

			require.NoError(t, json.Unmarshal(got, tt.into))
			assert.Equal(t, tt.typed, tt.into, "apply configuration JSON decoded as the API type")

			// The CBOR form the typed clients can send decodes the same.
			body, err := cbor.Marshal(tt.apply)
			require.NoError(t, err)
			var fromCBOR map[string]any
			require.NoError(t, cbor.Unmarshal(body, &fromCBOR))
			roundTripped, err := json.Marshal(fromCBOR)
			require.NoError(t, err)
			assert.JSONEq(t, string(got), string(roundTripped), "CBOR encoding")
		})
	}
}

// TestUnsetFieldsAreLeftOut is why apply configurations exist: a zero
// value that was set is sent, one that was not is not.
func TestUnsetFieldsAreLeftOut(t *testing.T) {
	tests := []struct {
		name  string
		apply any
		want  string
	}{
		{"bare kind", applyappsv1.Deployment("d", "ns"),
			`{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"d","namespace":"ns"}}`},
		{"explicit zero replicas", applyappsv1.Deployment("d", "ns").WithSpec(applyappsv1.DeploymentSpec().WithReplicas(0)),
			`{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"d","namespace":"ns"},"spec":{"replicas":0}}`},
		{"cluster-scoped", applycorev1.Namespace("team-a"),
			`{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"team-a"}}`},
		{"nested without kind", applycorev1.Container().WithName("c"), `{"name":"c"}`},
		{"empty", applycorev1.PodSpec(), `{}`},
		{"status only", applycorev1.Pod("p", "ns").WithStatus(applycorev1.PodStatus().WithPhase(corev1.PodRunning)),
			`{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","namespace":"ns"},"status":{"phase":"Running"}}`},
		{"meta delete options", applymetav1.DeleteOptions().WithGracePeriodSeconds(0),
			`{"kind":"DeleteOptions","apiVersion":"meta.k8s.io/v1","gracePeriodSeconds":0}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.apply)
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, string(got))
		})
	}
}
