package cache

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	kruntime "k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/features"
	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes/scheme"
	"github.com/kclient/kclient/rest"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

// coreClient returns a core/v1 REST client for the shared test cluster.
func coreClient(t *testing.T) *rest.RESTClient {
	t.Helper()
	c := testcluster.Get(t)
	cfg := &rest.Config{
		Host:    c.Host,
		APIPath: "/api",
		ContentConfig: rest.ContentConfig{
			GroupVersion:         &v1.SchemeGroupVersion,
			NegotiatedSerializer: scheme.Codecs.WithoutConversion(),
			ContentType:          "application/vnd.kubernetes.protobuf",
		},
		TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData},
		QPS:             200,
		Burst:           400,
	}
	client, err := rest.RESTClientFor(cfg)
	require.NoError(t, err)
	return client
}

// testNamespace creates a uniquely named namespace, deleted after the test.
func testNamespace(t *testing.T, client *rest.RESTClient) string {
	t.Helper()
	name := fmt.Sprintf("cache-%s-%d", strings.ToLower(strings.NewReplacer("/", "-", "_", "-", "=", "-").Replace(t.Name())), time.Now().UnixNano()%1e6)
	if len(name) > 63 {
		name = strings.Trim(name[len(name)-63:], "-")
	}
	ns := &v1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}
	require.NoError(t, client.Post().Resource("namespaces").Body(ns).Do(context.Background()).Error())
	t.Cleanup(func() {
		_ = client.Delete().Resource("namespaces").Name(name).Do(context.Background()).Error()
	})
	return name
}

func createCM(ctx context.Context, client *rest.RESTClient, ns, name, value string) error {
	cm := &v1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name}, Data: map[string]string{"v": value}}
	return client.Post().Namespace(ns).Resource("configmaps").Body(cm).Do(ctx).Error()
}

// serverState lists ConfigMaps freshly (a consistent read) as key -> resource version.
func serverState(t *testing.T, client *rest.RESTClient, ns string) map[string]string {
	t.Helper()
	list := &v1.ConfigMapList{}
	require.NoError(t, client.Get().Namespace(ns).Resource("configmaps").Do(context.Background()).Into(list))
	out := map[string]string{}
	for _, cm := range list.Items {
		out[cm.Namespace+"/"+cm.Name] = cm.ResourceVersion
	}
	return out
}

func storeState(s Store) map[string]string {
	out := map[string]string{}
	for _, obj := range s.List() {
		cm := obj.(*v1.ConfigMap)
		out[cm.Namespace+"/"+cm.Name] = cm.ResourceVersion
	}
	return out
}

// recordingLW wraps a ListerWatcher and remembers the options of each call.
type recordingLW struct {
	ListerWatcher
	mu      sync.Mutex
	lists   []metav1.ListOptions
	watches []metav1.ListOptions
}

func (r *recordingLW) List(o metav1.ListOptions) (kruntime.Object, error) {
	return r.ListWithContext(context.Background(), o)
}

func (r *recordingLW) ListWithContext(ctx context.Context, o metav1.ListOptions) (kruntime.Object, error) {
	r.mu.Lock()
	r.lists = append(r.lists, o)
	r.mu.Unlock()
	return ToListerWithContext(r.ListerWatcher).ListWithContext(ctx, o)
}

func (r *recordingLW) Watch(o metav1.ListOptions) (watch.Interface, error) {
	return r.WatchWithContext(context.Background(), o)
}

func (r *recordingLW) WatchWithContext(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
	r.mu.Lock()
	r.watches = append(r.watches, o)
	r.mu.Unlock()
	return ToWatcherWithContext(r.ListerWatcher).WatchWithContext(ctx, o)
}

// listWatch returns a *ListWatch calling through the recorder.
func (r *recordingLW) listWatch() *ListWatch {
	return &ListWatch{ListWithContextFunc: r.ListWithContext, WatchFuncWithContext: r.WatchWithContext}
}

func (r *recordingLW) calls() (lists, watches []metav1.ListOptions) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]metav1.ListOptions(nil), r.lists...), append([]metav1.ListOptions(nil), r.watches...)
}

// churn creates, updates and deletes ConfigMaps named cm0..cm<n-1> at
// random from several goroutines.
func churn(t *testing.T, client *rest.RESTClient, ns string, workers, opsPerWorker, n int) {
	t.Helper()
	ctx := context.Background()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, seed*7+1))
			for i := 0; i < opsPerWorker; i++ {
				name := fmt.Sprintf("cm%d", rng.IntN(n))
				var err error
				switch rng.IntN(3) {
				case 0:
					err = createCM(ctx, client, ns, name, fmt.Sprint(i))
				case 1:
					cm := &v1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name}, Data: map[string]string{"v": fmt.Sprint(seed, i)}}
					err = client.Put().Namespace(ns).Resource("configmaps").Name(name).Body(cm).Do(ctx).Error()
				case 2:
					err = client.Delete().Namespace(ns).Resource("configmaps").Name(name).Do(ctx).Error()
				}
				if err != nil && !apierrors.IsNotFound(err) && !apierrors.IsAlreadyExists(err) && !apierrors.IsConflict(err) {
					t.Errorf("churn: %v", err)
					return
				}
			}
		}(uint64(w + 1))
	}
	wg.Wait()
}

func TestIntegrationInformerMatchesServerAfterChurn(t *testing.T) {
	for _, streaming := range []bool{true, false} {
		t.Run(fmt.Sprintf("streaming=%v", streaming), func(t *testing.T) {
			client := coreClient(t)
			checkNoGoroutineLeak(t)
			setGate(t, features.WatchListClient, streaming)
			ns := testNamespace(t, client)
			for i := 0; i < 20; i++ {
				require.NoError(t, createCM(context.Background(), client, ns, fmt.Sprintf("cm%d", i), "initial"))
			}
			inf := NewSharedIndexInformer(NewListWatchFromClient(client, "configmaps", ns, fields.Everything()), &v1.ConfigMap{}, 0, Indexers{NamespaceIndex: MetaNamespaceIndexFunc})
			var mu sync.Mutex
			mirror := map[string]string{} // what a handler reconstructs from notifications
			_, err := inf.AddEventHandler(ResourceEventHandlerFuncs{
				AddFunc: func(obj interface{}) {
					cm := obj.(*v1.ConfigMap)
					mu.Lock()
					mirror[cm.Namespace+"/"+cm.Name] = cm.ResourceVersion
					mu.Unlock()
				},
				UpdateFunc: func(_, obj interface{}) {
					cm := obj.(*v1.ConfigMap)
					mu.Lock()
					mirror[cm.Namespace+"/"+cm.Name] = cm.ResourceVersion
					mu.Unlock()
				},
				DeleteFunc: func(obj interface{}) {
					key, _ := DeletionHandlingMetaNamespaceKeyFunc(obj)
					mu.Lock()
					delete(mirror, key)
					mu.Unlock()
				},
			})
			require.NoError(t, err)
			runInformer(t, inf)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			require.True(t, WaitForNamedCacheSyncWithContext(ctx, inf.HasSynced))

			churn(t, client, ns, 4, 60, 30)

			want := serverState(t, client, ns)
			eventually(t, func() bool { return assert.ObjectsAreEqual(want, storeState(inf.GetStore())) }, "store equals a fresh list")
			eventually(t, func() bool {
				mu.Lock()
				defer mu.Unlock()
				return assert.ObjectsAreEqual(want, mirror)
			}, "handler notifications reconstruct the same state")
			objs, err := inf.GetIndexer().ByIndex(NamespaceIndex, ns)
			require.NoError(t, err)
			assert.Len(t, objs, len(want))
		})
	}
}

func TestIntegrationLateHandlerGetsSyntheticAdds(t *testing.T) {
	client := coreClient(t)
	checkNoGoroutineLeak(t)
	ns := testNamespace(t, client)
	for i := 0; i < 15; i++ {
		require.NoError(t, createCM(context.Background(), client, ns, fmt.Sprintf("cm%d", i), "x"))
	}
	inf := NewSharedInformer(NewListWatchFromClient(client, "configmaps", ns, fields.Everything()), &v1.ConfigMap{}, 0)
	runInformer(t, inf)
	require.True(t, WaitForCacheSync(context.Background().Done(), inf.HasSynced))

	var mu sync.Mutex
	initial := map[string]bool{}
	reg, err := inf.AddEventHandler(ResourceEventHandlerDetailedFuncs{
		AddFunc: func(obj interface{}, isInInitialList bool) {
			mu.Lock()
			defer mu.Unlock()
			initial[obj.(*v1.ConfigMap).Name] = isInInitialList
		},
	})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	require.True(t, WaitFor(ctx, "late handler", reg.HasSyncedChecker()))
	mu.Lock()
	assert.Len(t, initial, len(serverState(t, client, ns)))
	for name, init := range initial {
		assert.True(t, init, "%s: synthetic adds are part of the initial list", name)
	}
	mu.Unlock()
	require.NoError(t, createCM(context.Background(), client, ns, "later", "x"))
	eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); _, ok := initial["later"]; return ok }, "new object")
	mu.Lock()
	assert.False(t, initial["later"])
	mu.Unlock()
}

func TestIntegrationStreamingAndPaginatedListsAgree(t *testing.T) {
	client := coreClient(t)
	checkNoGoroutineLeak(t)
	setGate(t, features.WatchListClient, true)
	ns := testNamespace(t, client)
	for i := 0; i < 40; i++ {
		require.NoError(t, createCM(context.Background(), client, ns, fmt.Sprintf("cm%d", i), "x"))
	}
	streamLW := &recordingLW{ListerWatcher: NewListWatchFromClient(client, "configmaps", ns, fields.Everything())}
	pagedLW := &recordingLW{ListerWatcher: NewListWatchFromClient(client, "configmaps", ns, fields.Everything())}
	streamStore, pagedStore := NewStore(MetaNamespaceKeyFunc), NewStore(MetaNamespaceKeyFunc)
	startReflector(t, streamLW, streamStore, nil)
	startReflector(t, ToListWatcherWithWatchListSemantics(pagedLW.listWatch(), fakeClientWithoutWatchList{}), pagedStore, func(r *Reflector) { r.WatchListPageSize = 7 })

	want := serverState(t, client, ns)
	eventually(t, func() bool { return assert.ObjectsAreEqual(want, storeState(streamStore)) }, "streaming store")
	eventually(t, func() bool { return assert.ObjectsAreEqual(want, storeState(pagedStore)) }, "paginated store")

	lists, watches := streamLW.calls()
	assert.Empty(t, lists, "the streaming path does not LIST")
	require.NotEmpty(t, watches)
	require.NotNil(t, watches[0].SendInitialEvents)
	lists, watches = pagedLW.calls()
	require.NotEmpty(t, lists, "the other reflector LISTs")
	assert.Equal(t, int64(7), lists[0].Limit, "in pages (a watch cache may answer in one)")
	for _, w := range watches {
		assert.Nil(t, w.SendInitialEvents)
	}

	// Both keep following changes.
	require.NoError(t, client.Delete().Namespace(ns).Resource("configmaps").Name("cm0").Do(context.Background()).Error())
	require.NoError(t, createCM(context.Background(), client, ns, "new", "x"))
	want = serverState(t, client, ns)
	eventually(t, func() bool { return assert.ObjectsAreEqual(want, storeState(streamStore)) }, "streaming store follows")
	eventually(t, func() bool { return assert.ObjectsAreEqual(want, storeState(pagedStore)) }, "paginated store follows")
}
