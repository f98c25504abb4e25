package conformance

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/utils/ptr"

	appsv1ac "github.com/kclient/kclient/applyconfigurations/apps/v1"
	corev1ac "github.com/kclient/kclient/applyconfigurations/core/v1"
	"github.com/kclient/kclient/kubernetes"
)

// fieldManager is the manager every write of the checks is made by.
const fieldManager = "conformance"

// ConfigMaps checks the verbs of cs.CoreV1().ConfigMaps(ns); ns must exist
// (for a real server) and hold no config maps.
func ConfigMaps(t *testing.T, cs kubernetes.Interface, ns string) {
	ctx := context.Background()
	cms := cs.CoreV1().ConfigMaps(ns)
	w, err := cms.Watch(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	defer w.Stop()

	created, err := cms.Create(ctx, &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: "cm", Labels: map[string]string{"app": "conformance"}},
		Data:       map[string]string{"a": "1"},
	}, metav1.CreateOptions{FieldManager: fieldManager})
	require.NoError(t, err)
	assert.Equal(t, ns, created.Namespace)
	assert.Equal(t, "1", created.Data["a"])

	_, err = cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "cm"}}, metav1.CreateOptions{})
	assert.True(t, apierrors.IsAlreadyExists(err), "second create: %v", err)
	_, err = cms.Get(ctx, "missing", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err), "get of a missing object: %v", err)
	_, err = cms.Update(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "missing", Namespace: ns}}, metav1.UpdateOptions{})
	assert.True(t, apierrors.IsNotFound(err), "update of a missing object: %v", err)

	_, err = cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "other"}}, metav1.CreateOptions{})
	require.NoError(t, err)
	list, err := cms.List(ctx, metav1.ListOptions{LabelSelector: "app=conformance"})
	require.NoError(t, err)
	assert.Equal(t, []string{"cm"}, names(list.Items))
	list, err = cms.List(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"cm", "other"}, names(list.Items))

	got, err := cms.Get(ctx, "cm", metav1.GetOptions{})
	require.NoError(t, err)
	got.Data["a"] = "2"
	updated, err := cms.Update(ctx, got, metav1.UpdateOptions{FieldManager: fieldManager})
	require.NoError(t, err)
	assert.Equal(t, "2", updated.Data["a"])

	patches := []struct {
		name string
		pt   types.PatchType
		body string
		want map[string]string
	}{
		{"strategic merge", types.StrategicMergePatchType, `{"data":{"b":"3"}}`, map[string]string{"a": "2", "b": "3"}},
		{"JSON merge", types.MergePatchType, `{"data":{"a":null}}`, map[string]string{"b": "3"}},
		{"JSON", types.JSONPatchType, `[{"op":"add","path":"/data/c","value":"4"}]`, map[string]string{"b": "3", "c": "4"}},
	}
	for _, p := range patches {
		patched, err := cms.Patch(ctx, "cm", p.pt, []byte(p.body), metav1.PatchOptions{FieldManager: fieldManager})
		require.NoError(t, err, p.name)
		assert.Equal(t, p.want, patched.Data, p.name)
	}
	_, err = cms.Patch(ctx, "missing", types.MergePatchType, []byte(`{}`), metav1.PatchOptions{})
	assert.True(t, apierrors.IsNotFound(err), "patch of a missing object: %v", err)

	applied, err := cms.Apply(ctx, corev1ac.ConfigMap("cm", ns).WithData(map[string]string{"d": "5"}),
		metav1.ApplyOptions{FieldManager: "applier", Force: true})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"b": "3", "c": "4", "d": "5"}, applied.Data, "apply merges with the fields of other managers")
	fresh, err := cms.Apply(ctx, corev1ac.ConfigMap("applied", ns).WithData(map[string]string{"x": "y"}),
		metav1.ApplyOptions{FieldManager: "applier"})
	require.NoError(t, err, "apply creates a missing object")
	assert.Equal(t, "y", fresh.Data["x"])

	require.NoError(t, cms.Delete(ctx, "cm", metav1.DeleteOptions{}))
	_, err = cms.Get(ctx, "cm", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err), "get after delete: %v", err)
	err = cms.Delete(ctx, "cm", metav1.DeleteOptions{})
	assert.True(t, apierrors.IsNotFound(err), "second delete: %v", err)

	require.NoError(t, cms.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: "app!=conformance"}))
	list, err = cms.List(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	assert.Empty(t, list.Items, "delete-collection removed the rest")

	assert.Equal(t, []string{
		"ADDED cm", "ADDED other", "MODIFIED cm", "MODIFIED cm", "MODIFIED cm", "MODIFIED cm",
		"MODIFIED cm", "ADDED applied", "DELETED cm", "DELETED applied", "DELETED other",
	}, events(t, w, 11), "watch events in order")
}

// Deployments checks the verbs of cs.AppsV1().Deployments(ns); ns must
// exist (for a real server) and hold no deployments.
func Deployments(t *testing.T, cs kubernetes.Interface, ns string) {
	ctx := context.Background()
	deps := cs.AppsV1().Deployments(ns)
	labels := map[string]string{"app": "web"}
	w, err := deps.Watch(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	defer w.Stop()

	created, err := deps.Create(ctx, &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Labels: labels},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr.To[int32](1),
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx"}}},
			},
		},
	}, metav1.CreateOptions{FieldManager: fieldManager})
	require.NoError(t, err)
	assert.Equal(t, int32(1), *created.Spec.Replicas)
	again := created.DeepCopy()
	again.ResourceVersion, again.UID, again.ManagedFields = "", "", nil
	_, err = deps.Create(ctx, again, metav1.CreateOptions{})
	assert.True(t, apierrors.IsAlreadyExists(err), "second create: %v", err)

	got, err := deps.Get(ctx, "web", metav1.GetOptions{})
	require.NoError(t, err)
	got.Spec.Replicas = ptr.To[int32](2)
	updated, err := deps.Update(ctx, got, metav1.UpdateOptions{FieldManager: fieldManager})
	require.NoError(t, err)
	assert.Equal(t, int32(2), *updated.Spec.Replicas)

	patches := []struct {
		name     string
		pt       types.PatchType
		body     string
		replicas int32
	}{
		{"strategic merge", types.StrategicMergePatchType, `{"spec":{"replicas":3}}`, 3},
		{"JSON merge", types.MergePatchType, `{"spec":{"replicas":4}}`, 4},
		{"JSON", types.JSONPatchType, `[{"op":"replace","path":"/spec/replicas","value":5}]`, 5},
	}
	for _, p := range patches {
		patched, err := deps.Patch(ctx, "web", p.pt, []byte(p.body), metav1.PatchOptions{FieldManager: fieldManager})
		require.NoError(t, err, p.name)
		assert.Equal(t, p.replicas, *patched.Spec.Replicas, p.name)
		assert.Equal(t, "nginx", patched.Spec.Template.Spec.Containers[0].Image, p.name)
	}

	applied, err := deps.Apply(ctx, appsv1ac.Deployment("web", ns).WithSpec(appsv1ac.DeploymentSpec().WithReplicas(6)),
		metav1.ApplyOptions{FieldManager: "applier", Force: true})
	require.NoError(t, err)
	assert.Equal(t, int32(6), *applied.Spec.Replicas)
	assert.Equal(t, "nginx", applied.Spec.Template.Spec.Containers[0].Image, "apply keeps the fields it does not name")

	list, err := deps.List(ctx, metav1.ListOptions{LabelSelector: "app=web"})
	require.NoError(t, err)
	assert.Equal(t, []string{"web"}, names(list.Items))

	require.NoError(t, deps.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: "app=web"}))
	_, err = deps.Get(ctx, "web", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err), "get after delete-collection: %v", err)

	assert.Equal(t, []string{
		"ADDED web", "MODIFIED web", "MODIFIED web", "MODIFIED web", "MODIFIED web", "MODIFIED web", "DELETED web",
	}, events(t, w, 7), "watch events in order")
}

// names returns the names of items, in order.
func names[T any, PT interface {
	*T
	GetName() string
}](items []T) []string {
	out := []string{}
	for i := range items {
		out = append(out, PT(&items[i]).GetName())
	}
	return out
}

// events reads n events from w as "TYPE name", failing after a timeout.
func events(t *testing.T, w watch.Interface, n int) []string {
	t.Helper()
	var out []string
	timeout := time.After(10 * time.Second)
	for len(out) < n {
		select {
		case ev, ok := <-w.ResultChan():
			if !ok {
				t.Fatalf("watch closed after %v", out)
			}
			obj, ok := ev.Object.(metav1.Object)
			require.True(t, ok, "event object %T has no metadata", ev.Object)
			out = append(out, string(ev.Type)+" "+obj.GetName())
		case <-timeout:
			t.Fatalf("timed out waiting for %d watch events; got %v", n, out)
		}
	}
	return out
}
