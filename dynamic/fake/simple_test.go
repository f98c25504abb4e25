package fake_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/dynamic/fake"
	"github.com/kclient/kclient/kubernetes/scheme"
	kubetesting "github.com/kclient/kclient/testing"
)

var (
	configMaps = schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}
	widgets    = schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "widgets"}
)

func widget(ns, name string, labels map[string]any) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "example.com/v1", "kind": "Widget",
		"metadata": map[string]any{"name": name, "namespace": ns, "labels": labels},
		"spec":     map[string]any{"size": int64(1)},
	}}
}

func TestTypedSeedObjectsAreServedAsUnstructured(t *testing.T) {
	ctx := context.Background()
	client := fake.NewSimpleDynamicClient(scheme.Scheme,
		&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "a", Namespace: "ns", Labels: map[string]string{"app": "x"}}, Data: map[string]string{"k": "v"}},
		&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "b", Namespace: "ns"}},
	)
	got, err := client.Resource(configMaps).Namespace("ns").Get(ctx, "a", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, "ConfigMap", got.GetKind())
	assert.Equal(t, "v", got.Object["data"].(map[string]any)["k"])

	list, err := client.Resource(configMaps).Namespace("ns").List(ctx, metav1.ListOptions{LabelSelector: "app=x"})
	require.NoError(t, err)
	require.Len(t, list.Items, 1)
	assert.Equal(t, "ConfigMapList", list.GetKind())

	all, err := client.Resource(configMaps).List(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	assert.Len(t, all.Items, 2)

	_, err = client.Resource(configMaps).Namespace("ns").Get(ctx, "missing", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err))
}

func TestCustomResourcesWithCustomListKinds(t *testing.T) {
	ctx := context.Background()
	client := fake.NewSimpleDynamicClientWithCustomListKinds(runtime.NewScheme(),
		map[schema.GroupVersionResource]string{widgets: "WidgetList"},
		widget("ns", "w1", map[string]any{"tier": "a"}))
	ws := client.Resource(widgets).Namespace("ns")

	_, err := ws.Create(ctx, widget("ns", "w2", map[string]any{"tier": "b"}), metav1.CreateOptions{})
	require.NoError(t, err)
	_, err = ws.Create(ctx, widget("ns", "w2", nil), metav1.CreateOptions{})
	assert.True(t, apierrors.IsAlreadyExists(err))

	patched, err := ws.Patch(ctx, "w1", types.MergePatchType, []byte(`{"spec":{"size":5}}`), metav1.PatchOptions{})
	require.NoError(t, err)
	size, _, _ := unstructured.NestedInt64(patched.Object, "spec", "size")
	assert.EqualValues(t, 5, size)

	w2, err := ws.Get(ctx, "w2", metav1.GetOptions{})
	require.NoError(t, err)
	require.NoError(t, unstructured.SetNestedField(w2.Object, "ok", "status", "phase"))
	_, err = ws.UpdateStatus(ctx, w2, metav1.UpdateOptions{})
	require.NoError(t, err)

	list, err := ws.List(ctx, metav1.ListOptions{LabelSelector: "tier=b"})
	require.NoError(t, err)
	require.Len(t, list.Items, 1)
	phase, _, _ := unstructured.NestedString(list.Items[0].Object, "status", "phase")
	assert.Equal(t, "ok", phase)

	require.NoError(t, ws.Delete(ctx, "w1", metav1.DeleteOptions{}))
	list, err = ws.List(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	assert.Len(t, list.Items, 1)

	_, err = client.Resource(schema.GroupVersionResource{Group: "x", Version: "v1", Resource: "unknowns"}).List(ctx, metav1.ListOptions{})
	assert.ErrorContains(t, err, "no registered list kind")

	var verbs []string
	for _, a := range client.Actions() {
		verbs = append(verbs, a.GetVerb())
	}
	assert.Equal(t, []string{"create", "create", "patch", "get", "update", "list", "delete", "list"}, verbs, "an unknown list kind fails before any action")
}

func TestWatchAndReactors(t *testing.T) {
	ctx := context.Background()
	client := fake.NewSimpleDynamicClientWithCustomListKinds(runtime.NewScheme(), map[schema.GroupVersionResource]string{widgets: "WidgetList"})
	ws := client.Resource(widgets).Namespace("ns")

	w, err := ws.Watch(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	defer w.Stop()
	_, err = ws.Create(ctx, widget("ns", "w1", nil), metav1.CreateOptions{})
	require.NoError(t, err)
	select {
	case ev := <-w.ResultChan():
		assert.Equal(t, watch.Added, ev.Type)
	case <-time.After(5 * time.Second):
		t.Fatal("no watch event")
	}

	boom := errors.New("boom")
	client.PrependReactor("delete", "widgets", func(kubetesting.Action) (bool, runtime.Object, error) { return true, nil, boom })
	assert.ErrorIs(t, ws.Delete(ctx, "w1", metav1.DeleteOptions{}), boom)
	assert.True(t, client.IsWatchListSemanticsUnSupported())
	assert.NotNil(t, client.Tracker())

	obj := widget("ns", "w1", nil)
	obj.SetManagedFields([]metav1.ManagedFieldsEntry{{Manager: "m"}})
	_, err = ws.Apply(ctx, "w1", obj, metav1.ApplyOptions{FieldManager: "m"})
	assert.ErrorContains(t, err, "managed fields")
}
