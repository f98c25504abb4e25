package metadatainformer_test

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/metadata"
	"github.com/kclient/kclient/metadata/metadatainformer"
	"github.com/kclient/kclient/rest"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

func TestFactoryCachesMetadataOnly(t *testing.T) {
	c := testcluster.Get(t)
	cfg := &rest.Config{Host: c.Host, TLSClientConfig: rest.TLSClientConfig{
		CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData}}
	cs, err := kubernetes.NewForConfig(cfg)
	require.NoError(t, err)
	client, err := metadata.NewForConfig(cfg)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ns, err := cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "metadatainformer-"}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.CoreV1().Namespaces().Delete(context.Background(), ns.Name, metav1.DeleteOptions{}) })
	for _, name := range []string{"a", "b"} {
		_, err := cs.CoreV1().ConfigMaps(ns.Name).Create(ctx, &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"name": name}},
			Data:       map[string]string{"big": "value"},
		}, metav1.CreateOptions{})
		require.NoError(t, err)
	}

	gvr := schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}
	factory := metadatainformer.NewSharedInformerFactoryWithOptions(client, 0,
		metadatainformer.WithTransform(func(obj interface{}) (interface{}, error) {
			m := obj.(*metav1.PartialObjectMetadata)
			m.Annotations = map[string]string{"transformed": "yes"}
			return m, nil
		}))
	informer := factory.ForResource(gvr)
	factory.Start(ctx.Done())
	require.Equal(t, map[schema.GroupVersionResource]bool{gvr: true}, factory.WaitForCacheSync(ctx.Done()))

	objs, err := informer.Lister().ByNamespace(ns.Name).List(labels.SelectorFromSet(labels.Set{"name": "b"}))
	require.NoError(t, err)
	require.Len(t, objs, 1)
	m, ok := objs[0].(*metav1.PartialObjectMetadata)
	require.True(t, ok, "the cache holds %T, not full objects", objs[0])
	assert.Equal(t, "b", m.Name)
	assert.Equal(t, "yes", m.Annotations["transformed"])

	cancel()
	factory.Shutdown()
}
