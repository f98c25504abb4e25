package dynamicinformer_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/dynamic"
	"github.com/kclient/kclient/dynamic/dynamicinformer"
	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/cache"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

var (
	namespaces = schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}
	configMaps = schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}
)

func object(kind, name string, labels map[string]interface{}) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: map[string]interface{}{
		"apiVersion": "v1", "kind": kind,
		"metadata": map[string]interface{}{"name": name, "labels": labels},
	}}
}

func TestFactoryCachesUnstructuredObjects(t *testing.T) {
	c := testcluster.Get(t)
	client, err := dynamic.NewForConfig(&rest.Config{Host: c.Host, TLSClientConfig: rest.TLSClientConfig{
		CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData}})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	nsObj := object("Namespace", "", nil)
	nsObj.SetGenerateName("dynamicinformer-")
	nsObj, err = client.Resource(namespaces).Create(ctx, nsObj, metav1.CreateOptions{})
	require.NoError(t, err)
	ns := nsObj.GetName()
	t.Cleanup(func() { _ = client.Resource(namespaces).Delete(context.Background(), ns, metav1.DeleteOptions{}) })
	for _, name := range []string{"a", "b"} {
		_, err := client.Resource(configMaps).Namespace(ns).Create(ctx, object("ConfigMap", name, map[string]interface{}{"name": name}), metav1.CreateOptions{})
		require.NoError(t, err)
	}

	factory := dynamicinformer.NewFilteredDynamicSharedInformerFactory(client, 0, ns, func(o *metav1.ListOptions) {
		o.LabelSelector = "name in (a,c)"
	})
	informer := factory.ForResource(configMaps)
	assert.Same(t, informer, factory.ForResource(configMaps), "one informer per resource")
	added := make(chan string, 10)
	_, err = informer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj interface{}) { added <- obj.(*unstructured.Unstructured).GetName() },
	})
	require.NoError(t, err)
	factory.Start(ctx.Done())
	assert.Equal(t, map[schema.GroupVersionResource]bool{configMaps: true}, factory.WaitForCacheSync(ctx.Done()))
	assert.Equal(t, "a", <-added)

	_, err = client.Resource(configMaps).Namespace(ns).Create(ctx, object("ConfigMap", "c", map[string]interface{}{"name": "c"}), metav1.CreateOptions{})
	require.NoError(t, err)
	select {
	case name := <-added:
		assert.Equal(t, "c", name)
	case <-time.After(30 * time.Second):
		t.Fatal("no add event for c")
	}

	objs, err := informer.Lister().ByNamespace(ns).List(labels.Everything())
	require.NoError(t, err)
	assert.Len(t, objs, 2, "b is filtered out by the tweak")
	got, err := informer.Lister().ByNamespace(ns).Get("c")
	require.NoError(t, err)
	assert.Equal(t, "c", got.(*unstructured.Unstructured).GetName())

	cancel()
	factory.Shutdown()
	factory.ForResource(namespaces)
	factory.Start(make(chan struct{}))
	assert.NotContains(t, factory.WaitForCacheSync(make(chan struct{})), namespaces, "Start after Shutdown starts nothing")
}
