package applyconfigurations_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/applyconfigurations"
	applyappsv1 "github.com/kclient/kclient/applyconfigurations/apps/v1"
	applycorev1 "github.com/kclient/kclient/applyconfigurations/core/v1"
	applymetav1 "github.com/kclient/kclient/applyconfigurations/meta/v1"
)

// TestBuilderSemantics pins what repeated With calls do.
func TestBuilderSemantics(t *testing.T) {
	t.Run("scalars are replaced", func(t *testing.T) {
		s := applyappsv1.DeploymentSpec().WithReplicas(1).WithReplicas(2)
		require.NotNil(t, s.Replicas)
		assert.Equal(t, int32(2), *s.Replicas)
	})
	t.Run("the stored scalar is a copy", func(t *testing.T) {
		n := "a"
		c := applycorev1.Container().WithName(n)
		n = "b"
		assert.Equal(t, "a", *c.Name)
	})
	t.Run("slices are appended", func(t *testing.T) {
		c := applycorev1.Container().WithArgs("a").WithArgs("b", "c")
		assert.Equal(t, []string{"a", "b", "c"}, c.Args)
	})
	t.Run("struct slices store copies", func(t *testing.T) {
		port := applycorev1.ContainerPort().WithContainerPort(80)
		c := applycorev1.Container().WithPorts(port)
		port.WithContainerPort(81)
		require.Len(t, c.Ports, 1)
		assert.Equal(t, int32(80), *c.Ports[0].ContainerPort)
	})
	t.Run("nil struct values panic", func(t *testing.T) {
		assert.PanicsWithValue(t, "nil value passed to WithPorts", func() {
			applycorev1.Container().WithPorts(nil)
		})
	})
	t.Run("maps are merged, later keys win", func(t *testing.T) {
		cm := applycorev1.ConfigMap("c", "ns").
			WithData(map[string]string{"a": "1", "b": "1"}).
			WithData(map[string]string{"b": "2"})
		assert.Equal(t, map[string]string{"a": "1", "b": "2"}, cm.Data)
	})
	t.Run("empty map leaves the field unset", func(t *testing.T) {
		cm := applycorev1.ConfigMap("c", "ns").WithData(map[string]string{})
		assert.Nil(t, cm.Data)
	})
	t.Run("metadata is created on first use", func(t *testing.T) {
		spec := applycorev1.PodTemplateSpec()
		assert.Nil(t, spec.ObjectMetaApplyConfiguration)
		assert.Nil(t, spec.GetName(), "getters do not allocate")
		assert.Nil(t, spec.ObjectMetaApplyConfiguration)
		spec.WithLabels(map[string]string{"app": "x"})
		require.NotNil(t, spec.ObjectMetaApplyConfiguration)
		assert.Equal(t, map[string]string{"app": "x"}, spec.Labels)
	})
	t.Run("constructor fills identity", func(t *testing.T) {
		d := applyappsv1.Deployment("web", "prod")
		assert.Equal(t, "web", *d.GetName())
		assert.Equal(t, "prod", *d.GetNamespace())
		assert.Equal(t, "Deployment", *d.GetKind())
		assert.Equal(t, "apps/v1", *d.GetAPIVersion())
		n := applycorev1.Node("n1")
		assert.Nil(t, n.GetNamespace(), "cluster-scoped kinds have no namespace")
	})
	t.Run("inlined fields are promoted", func(t *testing.T) {
		ec := applycorev1.EphemeralContainer().WithName("debug").WithTargetContainerName("app")
		assert.Equal(t, "debug", *ec.EphemeralContainerCommonApplyConfiguration.Name)
		assert.Equal(t, "app", *ec.TargetContainerName)
	})
}

// TestForKind maps group-version-kinds to empty apply configurations.
func TestForKind(t *testing.T) {
	tests := []struct {
		gvk  schema.GroupVersionKind
		want any
	}{
		{schema.GroupVersionKind{Group: "apps", Version: "v1", Kind: "Deployment"}, &applyappsv1.DeploymentApplyConfiguration{}},
		{schema.GroupVersionKind{Group: "apps", Version: "v1", Kind: "DeploymentSpec"}, &applyappsv1.DeploymentSpecApplyConfiguration{}},
		{schema.GroupVersionKind{Version: "v1", Kind: "ConfigMap"}, &applycorev1.ConfigMapApplyConfiguration{}},
		{schema.GroupVersionKind{Group: "meta.k8s.io", Version: "v1", Kind: "ObjectMeta"}, &applymetav1.ObjectMetaApplyConfiguration{}},
		{schema.GroupVersionKind{Group: "apps", Version: "v1", Kind: "NoSuchKind"}, nil},
		{schema.GroupVersionKind{Group: "core", Version: "v1", Kind: "ConfigMap"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.gvk.String(), func(t *testing.T) {
			assert.Equal(t, tt.want, applyconfigurations.ForKind(tt.gvk))
		})
	}
}

// TestGroupPackagesStayApart checks that a group's package links only the
// apply configurations its API types refer to, so a program using one
// group does not pay for the others.
func TestGroupPackagesStayApart(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	const prefix = "github.com/kclient/kclient/applyconfigurations"
	tests := []struct {
		pkg     string
		allowed []string
	}{
		{"meta/v1", []string{"meta/v1"}},
		{"core/v1", []string{"core/v1", "meta/v1", "internal/extract"}},
		{"apps/v1", []string{"apps/v1", "core/v1", "meta/v1", "internal/extract"}},
		// k8s.io/api/batch/v1 itself refers to scheduling/v1alpha3 (JobSpec's
		// scheduling configuration), so its apply configurations do too.
		{"batch/v1", []string{"batch/v1", "core/v1", "meta/v1", "scheduling/v1alpha3", "internal/extract"}},
	}
	for _, tt := range tests {
		t.Run(tt.pkg, func(t *testing.T) {
			out, err := exec.Command("go", "list", "-deps", prefix+"/"+tt.pkg).Output()
			require.NoError(t, err)
			var got []string
			for _, dep := range strings.Fields(string(out)) {
				if rest, ok := strings.CutPrefix(dep, prefix+"/"); ok {
					got = append(got, rest)
				}
				assert.False(t, strings.HasPrefix(dep, "github.com/kclient/kclient/") && !strings.HasPrefix(dep, prefix+"/"),
					"%s depends on %s", tt.pkg, dep)
				// Extract works without the schema machinery client-go links.
				for _, heavy := range []string{"sigs.k8s.io/structured-merge-diff/v6/typed", "k8s.io/apimachinery/pkg/util/managedfields"} {
					assert.False(t, strings.HasPrefix(dep, heavy), "%s depends on %s", tt.pkg, dep)
				}
			}
			assert.ElementsMatch(t, tt.allowed, got)
		})
	}
}
