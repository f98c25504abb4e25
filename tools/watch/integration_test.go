package watch_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/cache"
	watchtools "github.com/kclient/kclient/tools/watch"
)

func clusterClient(t *testing.T) (*kubernetes.Clientset, string) {
	c := testcluster.Get(t)
	cs, err := kubernetes.NewForConfig(&rest.Config{Host: c.Host, TLSClientConfig: rest.TLSClientConfig{
		CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData}})
	require.NoError(t, err)
	ns, err := cs.CoreV1().Namespaces().Create(context.Background(),
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "watchtools-"}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.CoreV1().Namespaces().Delete(context.Background(), ns.Name, metav1.DeleteOptions{}) })
	return cs, ns.Name
}

// closingWatcher ends each real watch after its first event, as a flaky
// connection would.
type closingWatcher struct {
	cs      *kubernetes.Clientset
	ns      string
	watches atomic.Int32
}

func (c *closingWatcher) WatchWithContext(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
	c.watches.Add(1)
	w, err := c.cs.CoreV1().ConfigMaps(c.ns).Watch(ctx, opts)
	if err != nil {
		return nil, err
	}
	out := make(chan watch.Event)
	go func() {
		defer close(out)
		defer w.Stop()
		for e := range w.ResultChan() {
			if e.Type == watch.Bookmark {
				continue
			}
			select {
			case out <- e:
			case <-ctx.Done():
			}
			return
		}
	}()
	return watch.NewProxyWatcher(out), nil
}

func TestRetryWatcherSurvivesClosedWatchesOnCluster(t *testing.T) {
	cs, ns := clusterClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	list, err := cs.CoreV1().ConfigMaps(ns).List(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	client := &closingWatcher{cs: cs, ns: ns}
	rw, err := watchtools.NewRetryWatcherWithContext(ctx, list.ResourceVersion, client)
	require.NoError(t, err)
	defer rw.Stop()

	names := []string{"one", "two", "three"}
	for _, n := range names {
		_, err := cs.CoreV1().ConfigMaps(ns).Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: n}}, metav1.CreateOptions{})
		require.NoError(t, err)
	}
	var got []string
	for range names {
		e := recv(t, rw.ResultChan())
		require.Equal(t, watch.Added, e.Type, "event %v", e.Object)
		got = append(got, e.Object.(*corev1.ConfigMap).Name)
	}
	assert.Equal(t, names, got, "every change exactly once, in order")
	assert.GreaterOrEqual(t, client.watches.Load(), int32(3), "each event came from a new watch")
}

func TestUntilWithSyncOnCluster(t *testing.T) {
	cs, ns := clusterClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := cs.CoreV1().ConfigMaps(ns).Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "exists"}}, metav1.CreateOptions{})
	require.NoError(t, err)
	lw := &cache.ListWatch{
		ListWithContextFunc: func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
			return cs.CoreV1().ConfigMaps(ns).List(ctx, o)
		},
		WatchFuncWithContext: func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
			return cs.CoreV1().ConfigMaps(ns).Watch(ctx, o)
		},
	}

	// The precondition sees the synced cache and ends the wait at once.
	ev, err := watchtools.UntilWithSync(ctx, lw, &corev1.ConfigMap{}, func(store cache.Store) (bool, error) {
		_, exists, err := store.GetByKey(ns + "/exists")
		return exists, err
	})
	require.NoError(t, err)
	assert.Nil(t, ev)

	// Otherwise conditions wait for events.
	go func() {
		time.Sleep(500 * time.Millisecond)
		_, _ = cs.CoreV1().ConfigMaps(ns).Create(context.Background(), &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "later"}}, metav1.CreateOptions{})
	}()
	ev, err = watchtools.UntilWithSync(ctx, lw, &corev1.ConfigMap{}, nil, func(e watch.Event) (bool, error) {
		return e.Type == watch.Added && e.Object.(*corev1.ConfigMap).Name == "later", nil
	})
	require.NoError(t, err)
	require.NotNil(t, ev)
	assert.Equal(t, "later", ev.Object.(*corev1.ConfigMap).Name)
}
