package dynamic_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	utilrand "k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/discovery/cached/memory"
	"github.com/kclient/kclient/dynamic"
	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/restmapper"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

func restConfig(t *testing.T) *rest.Config {
	c := testcluster.Get(t)
	return &rest.Config{
		Host: c.Host,
		TLSClientConfig: rest.TLSClientConfig{
			CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData,
		},
	}
}

var (
	namespacesGVR = schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}
	configMapsGVR = schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}
	crdsGVR       = schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}
	widgetsGVR    = schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "widgets"}
)

// newNamespace creates a uniquely named namespace, deleted when the test ends.
func newNamespace(t *testing.T, client dynamic.Interface) string {
	name := "dyn-" + utilrand.String(8)
	_, err := client.Resource(namespacesGVR).Create(context.Background(), &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": name},
	}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = client.Resource(namespacesGVR).Delete(context.Background(), name, metav1.DeleteOptions{})
	})
	return name
}

func configMap(name string, data map[string]any) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "v1", "kind": "ConfigMap",
		"metadata": map[string]any{"name": name, "labels": map[string]any{"app": "dyn-test"}},
		"data":     data,
	}}
}

func TestCoreResourceVerbs(t *testing.T) {
	ctx := context.Background()
	client, err := dynamic.NewForConfig(restConfig(t))
	require.NoError(t, err)
	ns := newNamespace(t, client)
	cms := client.Resource(configMapsGVR).Namespace(ns)

	created, err := cms.Create(ctx, configMap("one", map[string]any{"a": "1"}), metav1.CreateOptions{})
	require.NoError(t, err)
	assert.Equal(t, ns, created.GetNamespace())
	assert.NotEmpty(t, created.GetUID())

	_, err = cms.Create(ctx, configMap("one", nil), metav1.CreateOptions{})
	assert.True(t, apierrors.IsAlreadyExists(err), "err: %v", err)

	dry, err := cms.Create(ctx, configMap("dry", nil), metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
	require.NoError(t, err)
	assert.Equal(t, "dry", dry.GetName())
	_, err = cms.Get(ctx, "dry", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err), "a dry run stores nothing: %v", err)

	got, err := cms.Get(ctx, "one", metav1.GetOptions{})
	require.NoError(t, err)
	require.NoError(t, unstructured.SetNestedField(got.Object, "2", "data", "a"))
	updated, err := cms.Update(ctx, got, metav1.UpdateOptions{})
	require.NoError(t, err)
	assert.Equal(t, "2", updated.Object["data"].(map[string]any)["a"])

	// A stale resourceVersion conflicts.
	_, err = cms.Update(ctx, got, metav1.UpdateOptions{})
	assert.True(t, apierrors.IsConflict(err), "err: %v", err)

	_, err = cms.Create(ctx, configMap("two", nil), metav1.CreateOptions{})
	require.NoError(t, err)
	list, err := cms.List(ctx, metav1.ListOptions{LabelSelector: "app=dyn-test"})
	require.NoError(t, err)
	assert.Len(t, list.Items, 2)
	assert.NotEmpty(t, list.GetResourceVersion())

	// Listing across namespaces finds them too.
	all, err := client.Resource(configMapsGVR).List(ctx, metav1.ListOptions{FieldSelector: "metadata.namespace=" + ns})
	require.NoError(t, err)
	assert.Len(t, all.Items, 2)

	require.NoError(t, cms.Delete(ctx, "one", metav1.DeleteOptions{}))
	_, err = cms.Get(ctx, "one", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err))
	assert.True(t, apierrors.IsNotFound(cms.Delete(ctx, "one", metav1.DeleteOptions{})))

	require.NoError(t, cms.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: "app=dyn-test"}))
	list, err = cms.List(ctx, metav1.ListOptions{LabelSelector: "app=dyn-test"})
	require.NoError(t, err)
	assert.Empty(t, list.Items)
}

func TestArgumentValidation(t *testing.T) {
	ctx := context.Background()
	// No request is sent for invalid arguments, so any host will do.
	client, err := dynamic.NewForConfig(&rest.Config{Host: "https://127.0.0.1:1"})
	require.NoError(t, err)
	cms := client.Resource(configMapsGVR).Namespace("default")
	tests := []struct {
		name    string
		call    func() error
		wantErr string
	}{
		{"get without name", func() error { _, err := cms.Get(ctx, "", metav1.GetOptions{}); return err }, "name is required"},
		{"delete without name", func() error { return cms.Delete(ctx, "", metav1.DeleteOptions{}) }, "name is required"},
		{"patch without name", func() error {
			_, err := cms.Patch(ctx, "", types.MergePatchType, []byte("{}"), metav1.PatchOptions{})
			return err
		}, "name is required"},
		{"update without name", func() error { _, err := cms.Update(ctx, configMap("", nil), metav1.UpdateOptions{}); return err }, "name is required"},
		{"apply without name", func() error { _, err := cms.Apply(ctx, "", configMap("x", nil), metav1.ApplyOptions{}); return err }, "name is required"},
		{"subresource create without name", func() error {
			_, err := cms.Create(ctx, configMap("", nil), metav1.CreateOptions{}, "status")
			return err
		}, "name is required"},
		{"invalid name", func() error { _, err := cms.Get(ctx, "a/b", metav1.GetOptions{}); return err }, `invalid resource name "a/b"`},
		{"invalid namespace", func() error {
			_, err := client.Resource(configMapsGVR).Namespace("..").List(ctx, metav1.ListOptions{})
			return err
		}, `invalid namespace ".."`},
		{"apply with managed fields", func() error {
			obj := configMap("x", nil)
			obj.SetManagedFields([]metav1.ManagedFieldsEntry{{Manager: "m"}})
			_, err := cms.Apply(ctx, "x", obj, metav1.ApplyOptions{FieldManager: "m"})
			return err
		}, "managed fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.ErrorContains(t, tt.call(), tt.wantErr)
		})
	}
}

// widgetCRD returns a namespaced CRD in a group unique to this test run.
func widgetCRD(group string) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apiextensions.k8s.io/v1",
		"kind":       "CustomResourceDefinition",
		"metadata":   map[string]any{"name": "widgets." + group},
		"spec": map[string]any{
			"group": group,
			"scope": "Namespaced",
			"names": map[string]any{
				"plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList",
				"shortNames": []any{"wdg"}, "categories": []any{"kclienttest"},
			},
			"versions": []any{map[string]any{
				"name": "v1", "served": true, "storage": true,
				"schema": map[string]any{"openAPIV3Schema": map[string]any{
					"type": "object", "x-kubernetes-preserve-unknown-fields": true,
				}},
				"subresources": map[string]any{"status": map[string]any{}},
			}},
		},
	}}
}

// createCRD creates the CRD, waits until it is established and deletes it
// when the test ends.
func createCRD(t *testing.T, client dynamic.Interface, crd *unstructured.Unstructured) {
	ctx := context.Background()
	crds := client.Resource(crdsGVR)
	_, err := crds.Create(ctx, crd, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = crds.Delete(context.Background(), crd.GetName(), metav1.DeleteOptions{}) })
	require.Eventually(t, func() bool {
		got, err := crds.Get(ctx, crd.GetName(), metav1.GetOptions{})
		if err != nil {
			return false
		}
		conds, _, _ := unstructured.NestedSlice(got.Object, "status", "conditions")
		for _, c := range conds {
			c := c.(map[string]any)
			if c["type"] == "Established" && c["status"] == "True" {
				return true
			}
		}
		return false
	}, 30*time.Second, 100*time.Millisecond)
}

func TestCustomResourceLifecycle(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cfg := restConfig(t)
	client, err := dynamic.NewForConfig(cfg)
	require.NoError(t, err)
	disco, err := discovery.NewDiscoveryClientForConfig(cfg)
	require.NoError(t, err)
	cache := memory.NewMemCacheClient(disco)
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(cache)
	expander := restmapper.NewShortcutExpander(mapper, cache, nil)

	// Prime the cache before the CRD exists.
	deploy, err := expander.ResourceFor(schema.GroupVersionResource{Resource: "deploy"})
	require.NoError(t, err)
	assert.Equal(t, schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}, deploy)
	require.True(t, cache.Fresh())

	group := "w" + utilrand.String(8) + ".kclient.example.com"
	gv := schema.GroupVersion{Group: group, Version: "v1"}
	createCRD(t, client, widgetCRD(group))

	// The filled cache does not see the new group until invalidated.
	_, err = cache.ServerResourcesForGroupVersion(gv.String())
	assert.ErrorIs(t, err, memory.ErrCacheNotFound)
	_, err = mapper.RESTMapping(schema.GroupKind{Group: group, Kind: "Widget"})
	assert.True(t, meta.IsNoMatchError(err), "a fresh cache is authoritative: %v", err)

	// After Invalidate discovery finds it (the apiserver publishes new CRDs
	// asynchronously, hence the polling), and the deferred mapper, now
	// backed by a stale cache, resets itself on the miss.
	require.Eventually(t, func() bool {
		cache.Invalidate()
		rl, err := cache.ServerResourcesForGroupVersion(gv.String())
		return err == nil && len(rl.APIResources) > 0
	}, 30*time.Second, 200*time.Millisecond)
	cache.Invalidate()
	mapping, err := mapper.RESTMapping(schema.GroupKind{Group: group, Kind: "Widget"})
	require.NoError(t, err)
	widgetsGVR := gv.WithResource("widgets") // this test's own group
	assert.Equal(t, widgetsGVR, mapping.Resource)
	assert.Equal(t, meta.RESTScopeNameNamespace, mapping.Scope.Name())

	short, err := expander.ResourceFor(schema.GroupVersionResource{Resource: "wdg"})
	require.NoError(t, err)
	assert.Equal(t, widgetsGVR, short)
	grs, ok := restmapper.NewDiscoveryCategoryExpander(cache).Expand("kclienttest")
	require.True(t, ok)
	assert.Contains(t, grs, schema.GroupResource{Group: group, Resource: "widgets"})

	ns := newNamespace(t, client)
	widgets := client.Resource(widgetsGVR).Namespace(ns)

	// Watch from the start so every change below is observed.
	w, err := widgets.Watch(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	defer w.Stop()

	created, err := widgets.Create(ctx, &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": gv.String(), "kind": "Widget",
		"metadata": map[string]any{"name": "w1"},
		"spec":     map[string]any{"color": "red", "size": int64(1)},
	}}, metav1.CreateOptions{})
	require.NoError(t, err)
	assert.Equal(t, "Widget", created.GetKind())

	merged, err := widgets.Patch(ctx, "w1", types.MergePatchType, []byte(`{"spec":{"color":"blue"}}`), metav1.PatchOptions{})
	require.NoError(t, err)
	color, _, _ := unstructured.NestedString(merged.Object, "spec", "color")
	assert.Equal(t, "blue", color)

	jsonPatched, err := widgets.Patch(ctx, "w1", types.JSONPatchType, []byte(`[{"op":"replace","path":"/spec/size","value":3}]`), metav1.PatchOptions{})
	require.NoError(t, err)
	size, _, _ := unstructured.NestedInt64(jsonPatched.Object, "spec", "size")
	assert.EqualValues(t, 3, size)

	_, err = widgets.Patch(ctx, "w1", types.JSONPatchType, []byte(`[{"op":"test","path":"/spec/size","value":99}]`), metav1.PatchOptions{})
	assert.True(t, apierrors.IsInvalid(err) || apierrors.IsConflict(err) || apierrors.ReasonForError(err) != "", "a failing JSON patch test op: %v", err)

	applied, err := widgets.Apply(ctx, "w1", &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": gv.String(), "kind": "Widget",
		"metadata": map[string]any{"name": "w1"},
		"spec":     map[string]any{"shape": "round"},
	}}, metav1.ApplyOptions{FieldManager: "kclient-test", Force: true})
	require.NoError(t, err)
	shape, _, _ := unstructured.NestedString(applied.Object, "spec", "shape")
	assert.Equal(t, "round", shape)
	managers := map[string]bool{}
	for _, mf := range applied.GetManagedFields() {
		managers[mf.Manager] = true
	}
	assert.True(t, managers["kclient-test"], "managed fields: %v", applied.GetManagedFields())

	status, err := widgets.ApplyStatus(ctx, "w1", &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": gv.String(), "kind": "Widget",
		"metadata": map[string]any{"name": "w1"},
		"status":   map[string]any{"phase": "Ready"},
	}}, metav1.ApplyOptions{FieldManager: "kclient-test", Force: true})
	require.NoError(t, err)
	phase, _, _ := unstructured.NestedString(status.Object, "status", "phase")
	assert.Equal(t, "Ready", phase)

	require.NoError(t, unstructured.SetNestedField(status.Object, "Done", "status", "phase"))
	require.NoError(t, unstructured.SetNestedField(status.Object, "ignored", "spec", "color"))
	status.SetManagedFields(nil)
	updated, err := widgets.UpdateStatus(ctx, status, metav1.UpdateOptions{})
	require.NoError(t, err)
	phase, _, _ = unstructured.NestedString(updated.Object, "status", "phase")
	assert.Equal(t, "Done", phase)
	color, _, _ = unstructured.NestedString(updated.Object, "spec", "color")
	assert.Equal(t, "blue", color, "the status subresource ignores spec changes")

	viaSub, err := widgets.Get(ctx, "w1", metav1.GetOptions{}, "status")
	require.NoError(t, err)
	assert.Equal(t, updated.GetResourceVersion(), viaSub.GetResourceVersion())

	require.NoError(t, widgets.Delete(ctx, "w1", metav1.DeleteOptions{}))

	wantTypes := []watch.EventType{watch.Added, watch.Modified, watch.Modified, watch.Modified, watch.Modified, watch.Modified, watch.Deleted}
	var gotTypes []watch.EventType
	timeout := time.After(20 * time.Second)
	for len(gotTypes) < len(wantTypes) {
		select {
		case ev, ok := <-w.ResultChan():
			require.True(t, ok, "watch closed early after %v", gotTypes)
			obj, isU := ev.Object.(*unstructured.Unstructured)
			require.True(t, isU, "event object %T", ev.Object)
			assert.Equal(t, "w1", obj.GetName())
			gotTypes = append(gotTypes, ev.Type)
		case <-timeout:
			t.Fatalf("watch events so far: %v", gotTypes)
		}
	}
	assert.Equal(t, wantTypes, gotTypes)

	_, err = widgets.Get(ctx, "w1", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err), "err: %v", err)
}
