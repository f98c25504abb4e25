package applyconfigurations_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/yaml"

	"github.com/kclient/kclient/applyconfigurations"
	"github.com/kclient/kclient/kubernetes/scheme"
)

// TestNewTypeConverterKnowsBuiltinKinds converts an empty object of every
// k8s.io/api kind of the Clientset's scheme. Admission reviews are the
// exception: they are webhook payloads the apiserver never serves, and
// have no OpenAPI definition (client-go's schema lacks them too).
func TestNewTypeConverterKnowsBuiltinKinds(t *testing.T) {
	tc := applyconfigurations.NewTypeConverter(scheme.Scheme)
	var lacking []string
	for gvk, typ := range scheme.Scheme.AllKnownTypes() {
		if !strings.HasPrefix(typ.PkgPath(), "k8s.io/api/") {
			continue
		}
		obj, err := scheme.Scheme.New(gvk)
		require.NoError(t, err)
		obj.GetObjectKind().SetGroupVersionKind(gvk)
		if _, err := tc.ObjectToTyped(obj); err != nil {
			assert.Contains(t, err.Error(), "only built-in API types have one")
			lacking = append(lacking, gvk.String())
		}
	}
	assert.ElementsMatch(t, []string{
		"admission.k8s.io/v1, Kind=AdmissionReview",
		"admission.k8s.io/v1beta1, Kind=AdmissionReview",
	}, lacking)
}

func TestNewTypeConverterErrors(t *testing.T) {
	unrelated := runtime.NewScheme()
	require.NoError(t, admissionv1.AddToScheme(unrelated))
	review := &admissionv1.AdmissionReview{}
	review.SetGroupVersionKind(admissionv1.SchemeGroupVersion.WithKind("AdmissionReview"))
	pod := &corev1.Pod{}
	pod.SetGroupVersionKind(corev1.SchemeGroupVersion.WithKind("Pod"))
	tests := []struct {
		name   string
		scheme *runtime.Scheme
		obj    runtime.Object
		want   string
	}{
		{"nil scheme", nil, pod, "nil scheme"},
		{"nil object", scheme.Scheme, nil, "nil object"},
		{"kind not in the scheme", unrelated, pod, "no schema type for /v1, Kind=Pod"},
		{"kind without a schema", unrelated, review, "no schema for admission.k8s.io/v1, Kind=AdmissionReview"},
		{"no kind", scheme.Scheme, &corev1.Pod{}, "no schema type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := applyconfigurations.NewTypeConverter(tt.scheme).ObjectToTyped(tt.obj)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	_, err := applyconfigurations.NewTypeConverter(scheme.Scheme).TypedToObject(nil)
	assert.ErrorContains(t, err, "nil typed value")
}

// TestNewTypeConverterMerges merges two objects the way server-side apply
// combines the fields of two managers, per kind of list.
func TestNewTypeConverterMerges(t *testing.T) {
	tests := []struct {
		name          string
		live, applied string
		path          []string
		want          string
	}{
		{
			name:    "containers merge by name",
			live:    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a:1}, {name: b, image: b:1}]",
			applied: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: b, image: b:2}]",
			path:    []string{"spec", "containers"},
			want:    "[{image: a:1, name: a}, {image: b:2, name: b}]",
		},
		{
			name:    "service ports merge by port and protocol",
			live:    "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80, protocol: TCP, name: http}]",
			applied: "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 443, protocol: TCP, name: https}]",
			path:    []string{"spec", "ports"},
			want:    "[{name: http, port: 80, protocol: TCP}, {name: https, port: 443, protocol: TCP}]",
		},
		{
			name:    "finalizers are a set",
			live:    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, finalizers: [f1, f2]}",
			applied: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, finalizers: [f2, f3]}",
			path:    []string{"metadata", "finalizers"},
			want:    "[f1, f2, f3]",
		},
		{
			name:    "a command is atomic",
			live:    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, command: [sh, -c]}]",
			applied: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, command: [run]}]",
			path:    []string{"spec", "containers"},
			want:    "[{command: [run], name: a}]",
		},
	}
	tc := applyconfigurations.NewTypeConverter(scheme.Scheme)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			live, err := tc.ObjectToTyped(fromYAML(t, tt.live))
			require.NoError(t, err)
			applied, err := tc.ObjectToTyped(fromYAML(t, tt.applied))
			require.NoError(t, err)
			merged, err := live.Merge(applied)
			require.NoError(t, err)
			obj, err := tc.TypedToObject(merged)
			require.NoError(t, err)
			got, found, err := unstructured.NestedFieldNoCopy(obj.(*unstructured.Unstructured).Object, tt.path...)
			require.NoError(t, err)
			require.True(t, found)
			var want any
			require.NoError(t, yaml.Unmarshal([]byte(tt.want), &want))
			assert.Equal(t, normalize(t, want), normalize(t, got))
		})
	}
}

// fromYAML decodes an object of the core group as unstructured.
func fromYAML(t *testing.T, doc string) runtime.Object {
	t.Helper()
	u := &unstructured.Unstructured{}
	require.NoError(t, yaml.Unmarshal([]byte(doc), &u.Object))
	require.Equal(t, schema.GroupVersion{Version: "v1"}, u.GroupVersionKind().GroupVersion())
	return u
}

// normalize makes numbers from YAML and from typed values comparable.
func normalize(t *testing.T, v any) any {
	t.Helper()
	b, err := yaml.Marshal(v)
	require.NoError(t, err)
	var out any
	require.NoError(t, yaml.Unmarshal(b, &out))
	return out
}

// TestNewTypeConverterConcurrentFirstUse converts from several goroutines
// at once on a fresh converter (run with -race).
func TestNewTypeConverterConcurrentFirstUse(t *testing.T) {
	tc := applyconfigurations.NewTypeConverter(scheme.Scheme)
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			pod := &corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "a"}}}}
			pod.SetGroupVersionKind(corev1.SchemeGroupVersion.WithKind("Pod"))
			_, err := tc.ObjectToTyped(pod)
			errs <- err
		}()
	}
	for range 8 {
		assert.NoError(t, <-errs)
	}
}
