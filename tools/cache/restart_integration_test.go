package cache

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/fields"

	"github.com/kclient/kclient/internal/localcluster"
	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes/scheme"
	"github.com/kclient/kclient/rest"
)

// An informer rides out an apiserver restart: its watch breaks, it
// reconnects with backoff (relisting if its resource version is gone from
// the new watch cache) and ends up equal to the server again.
func TestIntegrationInformerSurvivesAPIServerRestart(t *testing.T) {
	c := testcluster.New(t, localcluster.Options{})
	client, err := rest.RESTClientFor(&rest.Config{
		Host:    c.Host,
		APIPath: "/api",
		ContentConfig: rest.ContentConfig{
			GroupVersion:         &v1.SchemeGroupVersion,
			NegotiatedSerializer: scheme.Codecs.WithoutConversion(),
		},
		TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData},
		QPS:             100,
		Burst:           200,
	})
	require.NoError(t, err)
	checkNoGoroutineLeak(t)
	ns := testNamespace(t, client)
	for i := 0; i < 10; i++ {
		require.NoError(t, createCM(context.Background(), client, ns, fmt.Sprintf("cm%d", i), "x"))
	}
	inf := NewSharedInformer(NewListWatchFromClient(client, "configmaps", ns, fields.Everything()), &v1.ConfigMap{}, 0)
	runInformer(t, inf)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	require.True(t, WaitForNamedCacheSyncWithContext(ctx, inf.HasSynced))

	require.NoError(t, c.RestartAPIServer(ctx))

	require.NoError(t, client.Delete().Namespace(ns).Resource("configmaps").Name("cm0").Do(ctx).Error())
	require.NoError(t, createCM(ctx, client, ns, "after-restart", "x"))
	want := serverState(t, client, ns)
	require.Eventually(t, func() bool { return assert.ObjectsAreEqual(want, storeState(inf.GetStore())) },
		time.Minute, 10*time.Millisecond, "the informer converges after the restart")
}
