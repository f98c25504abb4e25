package scale_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1beta2 "k8s.io/api/apps/v1beta2"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	extensionsv1beta1 "k8s.io/api/extensions/v1beta1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	utilrand "k8s.io/apimachinery/pkg/util/rand"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/discovery/cached/memory"
	"github.com/kclient/kclient/dynamic"
	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/restmapper"
	"github.com/kclient/kclient/scale"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

func restConfig(t *testing.T) *rest.Config {
	c := testcluster.Get(t)
	return &rest.Config{Host: c.Host, TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData}}
}

func TestConverterRoundTrips(t *testing.T) {
	c := scale.NewScaleConverter()
	assert.Len(t, c.ScaleVersions(), 7)
	in := &extensionsv1beta1.Scale{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "ns"},
		Spec:       extensionsv1beta1.ScaleSpec{Replicas: 3},
		Status:     extensionsv1beta1.ScaleStatus{Replicas: 2, Selector: map[string]string{"app": "web"}},
	}
	hub, err := c.ConvertToVersion(in, autoscalingv1.SchemeGroupVersion)
	require.NoError(t, err)
	want := &autoscalingv1.Scale{
		TypeMeta:   metav1.TypeMeta{APIVersion: "autoscaling/v1", Kind: "Scale"},
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "ns"},
		Spec:       autoscalingv1.ScaleSpec{Replicas: 3},
		Status:     autoscalingv1.ScaleStatus{Replicas: 2, Selector: "app=web"},
	}
	assert.Equal(t, want, hub)

	back, err := c.ConvertToVersion(hub, appsv1beta2.SchemeGroupVersion)
	require.NoError(t, err)
	assert.Equal(t, &appsv1beta2.Scale{
		TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1beta2", Kind: "Scale"},
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "ns"},
		Spec:       appsv1beta2.ScaleSpec{Replicas: 3},
		Status:     appsv1beta2.ScaleStatus{Replicas: 2, Selector: map[string]string{"app": "web"}, TargetSelector: "app=web"},
	}, back)

	_, err = c.ConvertToVersion(hub, schema.GroupVersion{Group: "apps", Version: "v1"})
	assert.Error(t, err, "apps/v1 has no Scale kind")
	_, err = c.ConvertToVersion(&metav1.Status{}, autoscalingv1.SchemeGroupVersion)
	assert.Error(t, err, "not a Scale")

	// A set-based selector survives only as targetSelector.
	hub.(*autoscalingv1.Scale).Status.Selector = "app in (a,b)"
	ext, err := c.ConvertToVersion(hub, extensionsv1beta1.SchemeGroupVersion)
	require.NoError(t, err)
	assert.Nil(t, ext.(*extensionsv1beta1.Scale).Status.Selector)
	assert.Equal(t, "app in (a,b)", ext.(*extensionsv1beta1.Scale).Status.TargetSelector)
	_, err = c.ConvertToVersion(&autoscalingv1.Scale{Status: autoscalingv1.ScaleStatus{Selector: "!!bad("}}, extensionsv1beta1.SchemeGroupVersion)
	assert.ErrorContains(t, err, "failed to parse selector")
}

func TestScaleDeploymentsAndCustomResources(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cfg := restConfig(t)
	dyn, err := dynamic.NewForConfig(cfg)
	require.NoError(t, err)
	disco, err := discovery.NewDiscoveryClientForConfig(cfg)
	require.NoError(t, err)
	cache := memory.NewMemCacheClient(disco)
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(cache)
	scales, err := scale.NewForConfig(rest.CopyConfig(cfg), mapper, dynamic.LegacyAPIPathResolverFunc, scale.NewDiscoveryScaleKindResolver(cache))
	require.NoError(t, err)

	ns := "scale-" + utilrand.String(8)
	nsGVR := schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}
	_, err = dyn.Resource(nsGVR).Create(ctx, &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": ns},
	}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = dyn.Resource(nsGVR).Delete(context.Background(), ns, metav1.DeleteOptions{}) })

	// A custom resource with a scale subresource, in a group unique to this run.
	group := "s" + utilrand.String(8) + ".kclient.example.com"
	crds := dyn.Resource(schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"})
	_, err = crds.Create(ctx, &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
		"metadata": map[string]any{"name": "pools." + group},
		"spec": map[string]any{
			"group": group, "scope": "Namespaced",
			"names": map[string]any{"plural": "pools", "singular": "pool", "kind": "Pool"},
			"versions": []any{map[string]any{
				"name": "v1", "served": true, "storage": true,
				"schema": map[string]any{"openAPIV3Schema": map[string]any{"type": "object", "x-kubernetes-preserve-unknown-fields": true}},
				"subresources": map[string]any{"scale": map[string]any{
					"specReplicasPath": ".spec.replicas", "statusReplicasPath": ".status.replicas", "labelSelectorPath": ".status.selector",
				}},
			}},
		},
	}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = crds.Delete(context.Background(), "pools."+group, metav1.DeleteOptions{}) })

	deployments := schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}
	_, err = dyn.Resource(deployments).Namespace(ns).Create(ctx, &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apps/v1", "kind": "Deployment",
		"metadata": map[string]any{"name": "web"},
		"spec": map[string]any{
			"replicas": int64(1),
			"selector": map[string]any{"matchLabels": map[string]any{"app": "web"}},
			"template": map[string]any{
				"metadata": map[string]any{"labels": map[string]any{"app": "web"}},
				"spec":     map[string]any{"containers": []any{map[string]any{"name": "c", "image": "nginx"}}},
			},
		},
	}}, metav1.CreateOptions{})
	require.NoError(t, err)

	pools := schema.GroupVersionResource{Group: group, Version: "v1", Resource: "pools"}
	require.Eventually(t, func() bool {
		_, err := dyn.Resource(pools).Namespace(ns).Create(ctx, &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": group + "/v1", "kind": "Pool",
			"metadata": map[string]any{"name": "p"},
			"spec":     map[string]any{"replicas": int64(1)},
		}}, metav1.CreateOptions{})
		return err == nil
	}, 30*time.Second, 200*time.Millisecond)
	cache.Invalidate() // the mapper must see the new group

	for _, gvr := range []schema.GroupVersionResource{deployments, pools} {
		name := map[string]string{"deployments": "web", "pools": "p"}[gvr.Resource]
		t.Run(gvr.Resource, func(t *testing.T) {
			s := scales.Scales(ns)
			got, err := s.Get(ctx, gvr.GroupResource(), name, metav1.GetOptions{})
			require.NoError(t, err)
			assert.EqualValues(t, 1, got.Spec.Replicas)
			assert.Equal(t, name, got.Name)
			assert.Equal(t, "Scale", got.Kind)

			stale := got.DeepCopy()
			got.Spec.Replicas = 3
			updated, err := s.Update(ctx, gvr.GroupResource(), got, metav1.UpdateOptions{})
			require.NoError(t, err)
			assert.EqualValues(t, 3, updated.Spec.Replicas)

			stale.Spec.Replicas = 4
			_, err = s.Update(ctx, gvr.GroupResource(), stale, metav1.UpdateOptions{})
			assert.True(t, apierrors.IsConflict(err), "a stale resourceVersion conflicts: %v", err)

			patched, err := s.Patch(ctx, gvr, name, types.MergePatchType, []byte(`{"spec":{"replicas":5}}`), metav1.PatchOptions{})
			require.NoError(t, err)
			assert.EqualValues(t, 5, patched.Spec.Replicas)

			obj, err := dyn.Resource(gvr).Namespace(ns).Get(ctx, name, metav1.GetOptions{})
			require.NoError(t, err)
			replicas, _, _ := unstructured.NestedInt64(obj.Object, "spec", "replicas")
			assert.EqualValues(t, 5, replicas, "the parent object was scaled")

			_, err = s.Get(ctx, gvr.GroupResource(), "missing", metav1.GetOptions{})
			assert.True(t, apierrors.IsNotFound(err))
		})
	}

	_, err = scales.Scales(ns).Get(ctx, schema.GroupResource{Group: "nosuch.example.com", Resource: "things"}, "x", metav1.GetOptions{})
	assert.ErrorContains(t, err, "unable to get full preferred group-version-resource")

	kind, err := scale.NewDiscoveryScaleKindResolver(disco).ScaleForResource(deployments)
	require.NoError(t, err)
	assert.Equal(t, schema.GroupVersionKind{Group: "autoscaling", Version: "v1", Kind: "Scale"}, kind)
	_, err = scale.NewDiscoveryScaleKindResolver(disco).ScaleForResource(schema.GroupVersionResource{Version: "v1", Resource: "configmaps"})
	assert.ErrorContains(t, err, "could not find scale subresource")
}
