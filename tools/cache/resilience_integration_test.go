package cache_test

import (
	"context"
	"fmt"
	"strconv"
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
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/features"
	featurestesting "github.com/kclient/kclient/features/testing"
	"github.com/kclient/kclient/internal/localcluster"
	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/cache"
)

// These tests disturb the informer stack against a real apiserver: restarts,
// compacted resource versions, deletes it cannot see on the watch, and the
// two ways of getting the initial state (streaming watch-list and LIST).
// The package's TestMain (in integration_test.go) prepares the shared
// cluster; tests that restart the apiserver get a private one.

// resilienceWait bounds every convergence wait; generous so that a slow
// machine does not flake, while a real hang still fails.
const resilienceWait = 90 * time.Second

// resilienceClientset returns a typed clientset for c, authenticated as the
// admin user, with rate limits high enough for the churn these tests make.
func resilienceClientset(t *testing.T, c *localcluster.Cluster) *kubernetes.Clientset {
	t.Helper()
	cs, err := kubernetes.NewForConfig(&rest.Config{
		Host:            c.Host,
		TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData},
		QPS:             500,
		Burst:           1000,
	})
	require.NoError(t, err)
	return cs
}

// resilienceNamespace creates a namespace named after the test and deletes it
// when the test ends.
func resilienceNamespace(t *testing.T, cs kubernetes.Interface) string {
	t.Helper()
	name := strings.ToLower(strings.NewReplacer("/", "-", "_", "-").Replace(t.Name()))
	name = fmt.Sprintf("%.50s-%d", name, time.Now().UnixNano()%1e6)
	_, err := cs.CoreV1().Namespaces().Create(context.Background(), &v1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = cs.CoreV1().Namespaces().Delete(context.Background(), name, metav1.DeleteOptions{})
	})
	return name
}

// resilienceCreate creates ConfigMap ns/name with a single data value.
func resilienceCreate(t *testing.T, cs kubernetes.Interface, ns, name string) {
	t.Helper()
	_, err := cs.CoreV1().ConfigMaps(ns).Create(context.Background(),
		&v1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name}, Data: map[string]string{"v": "0"}}, metav1.CreateOptions{})
	require.NoError(t, err)
}

// resilienceUpdate rewrites the data value of ConfigMap ns/name to value.
func resilienceUpdate(t *testing.T, cs kubernetes.Interface, ns, name, value string) {
	t.Helper()
	cm, err := cs.CoreV1().ConfigMaps(ns).Get(context.Background(), name, metav1.GetOptions{})
	require.NoError(t, err)
	cm.Data = map[string]string{"v": value}
	_, err = cs.CoreV1().ConfigMaps(ns).Update(context.Background(), cm, metav1.UpdateOptions{})
	require.NoError(t, err)
}

// resilienceDelete deletes ConfigMap ns/name.
func resilienceDelete(t *testing.T, cs kubernetes.Interface, ns, name string) {
	t.Helper()
	require.NoError(t, cs.CoreV1().ConfigMaps(ns).Delete(context.Background(), name, metav1.DeleteOptions{}))
}

// resilienceServerState lists the namespace's ConfigMaps with a consistent
// (quorum) read and returns key -> resource version.
func resilienceServerState(t *testing.T, cs kubernetes.Interface, ns string) map[string]string {
	t.Helper()
	list, err := cs.CoreV1().ConfigMaps(ns).List(context.Background(), metav1.ListOptions{})
	require.NoError(t, err)
	out := make(map[string]string, len(list.Items))
	for _, cm := range list.Items {
		out[cm.Namespace+"/"+cm.Name] = cm.ResourceVersion
	}
	return out
}

// resilienceStoreState returns the store's content as key -> resource version.
func resilienceStoreState(store cache.Store) map[string]string {
	out := map[string]string{}
	for _, obj := range store.List() {
		cm := obj.(*v1.ConfigMap)
		out[cm.Namespace+"/"+cm.Name] = cm.ResourceVersion
	}
	return out
}

// requireConverges waits until the store equals a fresh consistent List of
// the namespace, and fails with the last difference otherwise.
func requireConverges(t *testing.T, cs kubernetes.Interface, ns string, store cache.Store) map[string]string {
	t.Helper()
	var want, got map[string]string
	ok := assert.Eventually(t, func() bool {
		want = resilienceServerState(t, cs, ns)
		got = resilienceStoreState(store)
		return assert.ObjectsAreEqual(want, got)
	}, resilienceWait, 50*time.Millisecond)
	require.True(t, ok, "store never converged to the server:\nserver: %v\nstore:  %v", want, got)
	return want
}

// eventLog records what an informer told its handler, per object key.
// Deletes are split into plain Delete notifications and
// DeletedFinalStateUnknown tombstones. Safe for concurrent use.
type eventLog struct {
	mu         sync.Mutex
	adds       map[string]int
	updates    map[string]int
	deletes    map[string]int
	tombstones map[string]int
	lastRV     map[string]string // resource version of the latest add or update
}

// newEventLog returns an empty eventLog.
func newEventLog() *eventLog {
	return &eventLog{adds: map[string]int{}, updates: map[string]int{}, deletes: map[string]int{},
		tombstones: map[string]int{}, lastRV: map[string]string{}}
}

// handler returns event handler funcs that feed the log.
func (l *eventLog) handler() cache.ResourceEventHandlerFuncs {
	return cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj interface{}) {
			cm := obj.(*v1.ConfigMap)
			l.mu.Lock()
			defer l.mu.Unlock()
			l.adds[cm.Namespace+"/"+cm.Name]++
			l.lastRV[cm.Namespace+"/"+cm.Name] = cm.ResourceVersion
		},
		UpdateFunc: func(_, obj interface{}) {
			cm := obj.(*v1.ConfigMap)
			l.mu.Lock()
			defer l.mu.Unlock()
			l.updates[cm.Namespace+"/"+cm.Name]++
			l.lastRV[cm.Namespace+"/"+cm.Name] = cm.ResourceVersion
		},
		DeleteFunc: func(obj interface{}) {
			l.mu.Lock()
			defer l.mu.Unlock()
			switch o := obj.(type) {
			case *v1.ConfigMap:
				l.deletes[o.Namespace+"/"+o.Name]++
			case cache.DeletedFinalStateUnknown:
				l.tombstones[o.Key]++
			default:
				panic(fmt.Sprintf("unexpected deleted object %T", obj))
			}
		},
	}
}

// snapshot returns copies of the adds, delete notifications (plain plus
// tombstones), tombstones alone, and last seen resource versions.
func (l *eventLog) snapshot() (adds, allDeletes, tombstones map[string]int, lastRV map[string]string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	adds, allDeletes, tombstones, lastRV = map[string]int{}, map[string]int{}, map[string]int{}, map[string]string{}
	for k, n := range l.adds {
		adds[k] = n
	}
	for k, n := range l.deletes {
		allDeletes[k] += n
	}
	for k, n := range l.tombstones {
		allDeletes[k] += n
		tombstones[k] = n
	}
	for k, rv := range l.lastRV {
		lastRV[k] = rv
	}
	return adds, allDeletes, tombstones, lastRV
}

// assertEventsConsistent checks the log against the final server state:
// every key was announced as added once more than it was announced deleted
// if it still exists, and exactly as often otherwise (so a delete is never
// reported twice, nor without an add); and the handler's last view of each
// surviving object has the server's resource version.
func assertEventsConsistent(t *testing.T, l *eventLog, final map[string]string) {
	t.Helper()
	adds, deletes, _, lastRV := l.snapshot()
	for key, n := range adds {
		present := 0
		if _, ok := final[key]; ok {
			present = 1
		}
		assert.Equal(t, present, n-deletes[key], "%s: %d adds, %d delete notifications, present=%d", key, n, deletes[key], present)
	}
	for key, n := range deletes {
		assert.Contains(t, adds, key, "%s: %d delete notifications for an object never added", key, n)
	}
	for key, rv := range final {
		assert.Equal(t, rv, lastRV[key], "%s: handler's last view is stale", key)
	}
}

// runResilienceInformer starts inf and stops it (waiting for Run to return)
// when the test ends, then waits for the initial sync.
func runResilienceInformer(t *testing.T, inf cache.SharedInformer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		inf.RunWithContext(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	syncCtx, syncCancel := context.WithTimeout(context.Background(), resilienceWait)
	defer syncCancel()
	require.True(t, cache.WaitForCacheSync(syncCtx.Done(), inf.HasSynced), "informer did not sync")
}

// newConfigMapInformer builds a shared index informer over lw with the
// event log's handler registered.
func newConfigMapInformer(t *testing.T, lw cache.ListerWatcher, log *eventLog) cache.SharedIndexInformer {
	t.Helper()
	inf := cache.NewSharedIndexInformer(lw, &v1.ConfigMap{}, 0, cache.Indexers{})
	_, err := inf.AddEventHandler(log.handler())
	require.NoError(t, err)
	return inf
}

// An apiserver restart breaks the informer's watch; changes made right
// after the restart must all arrive, through the resumed watch or a relist,
// with each delete reported exactly once and the final resource versions
// matching the server.
func TestResilienceAPIServerRestart(t *testing.T) {
	c := testcluster.New(t, localcluster.Options{})
	cs := resilienceClientset(t, c)
	ns := resilienceNamespace(t, cs)
	for i := 0; i < 30; i++ {
		resilienceCreate(t, cs, ns, fmt.Sprintf("cm-%02d", i))
	}
	log := newEventLog()
	inf := newConfigMapInformer(t, cache.NewListWatchFromClient(cs.CoreV1().RESTClient(), "configmaps", ns, fields.Everything()), log)
	runResilienceInformer(t, inf)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	require.NoError(t, c.RestartAPIServer(ctx))

	// The informer is reconnecting (with backoff) while these happen.
	for i := 0; i < 10; i++ {
		resilienceUpdate(t, cs, ns, fmt.Sprintf("cm-%02d", i), "1")
		resilienceUpdate(t, cs, ns, fmt.Sprintf("cm-%02d", i), "2")
	}
	for i := 10; i < 20; i++ {
		resilienceDelete(t, cs, ns, fmt.Sprintf("cm-%02d", i))
	}
	for i := 0; i < 5; i++ {
		resilienceCreate(t, cs, ns, fmt.Sprintf("new-%d", i))
	}
	resilienceDelete(t, cs, ns, "new-0") // created and deleted while the informer may be away

	final := requireConverges(t, cs, ns, inf.GetStore())
	assertEventsConsistent(t, log, final)
	_, deletes, tombstones, _ := log.snapshot()
	for i := 10; i < 20; i++ {
		key := fmt.Sprintf("%s/cm-%02d", ns, i)
		assert.Equal(t, 1, deletes[key], "%s deleted once on the server", key)
	}
	t.Logf("delete notifications: %v; of which tombstones: %v", deletes, tombstones)
}

// watchErrorLog records the errors a watch error handler receives.
type watchErrorLog struct {
	mu   sync.Mutex
	errs []error
}

// record is a cache.WatchErrorHandler.
func (w *watchErrorLog) record(_ *cache.Reflector, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.errs = append(w.errs, err)
}

// expired returns the recorded errors that say the resource version is gone.
func (w *watchErrorLog) expired() []error {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []error
	for _, err := range w.errs {
		if apierrors.IsResourceExpired(err) || apierrors.IsGone(err) {
			out = append(out, err)
		}
	}
	return out
}

// all returns every recorded error.
func (w *watchErrorLog) all() []error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]error(nil), w.errs...)
}

// With etcd compacting every second, writes in another namespace push the
// informer's resource version out of etcd's history. After an apiserver
// restart the informer cannot resume its watch from that version: it fetches
// the whole state again (a relist), ends up equal to the server, and its
// last-sync resource version moves forward.
func TestGoneRelistAfterCompaction(t *testing.T) {
	c := testcluster.New(t, localcluster.Options{ExtraAPIServerFlags: []string{"--etcd-compaction-interval=1s"}})
	cs := resilienceClientset(t, c)
	ns := resilienceNamespace(t, cs)
	other := resilienceNamespace(t, cs)
	for i := 0; i < 10; i++ {
		resilienceCreate(t, cs, ns, fmt.Sprintf("cm-%d", i))
	}
	log := newEventLog()
	lw := newGatedListerWatcher(cache.NewListWatchFromClient(cs.CoreV1().RESTClient(), "configmaps", ns, fields.Everything()))
	inf := newConfigMapInformer(t, lw, log)
	errs := &watchErrorLog{}
	require.NoError(t, inf.SetWatchErrorHandler(errs.record))
	runResilienceInformer(t, inf)
	before := inf.LastSyncResourceVersion()
	beforeRV, err := strconv.ParseUint(before, 10, 64)
	require.NoError(t, err)
	lists, _, streams, _ := lw.counts()
	require.Equal(t, 1, lists+streams, "one initial list (LIST or streaming watch)")

	// Churn the informer does not watch, until an exact read at its resource
	// version is refused: etcd has compacted that revision away.
	resilienceCreate(t, cs, other, "churn")
	i := 0
	require.Eventually(t, func() bool {
		i++
		resilienceUpdate(t, cs, other, "churn", strconv.Itoa(i))
		_, err := cs.CoreV1().ConfigMaps(ns).List(context.Background(), metav1.ListOptions{
			ResourceVersion: before, ResourceVersionMatch: metav1.ResourceVersionMatchExact})
		return apierrors.IsResourceExpired(err) || apierrors.IsGone(err)
	}, resilienceWait, 200*time.Millisecond, "resource version %s was never compacted", before)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	require.NoError(t, c.RestartAPIServer(ctx))
	resilienceUpdate(t, cs, ns, "cm-0", "after")
	resilienceDelete(t, cs, ns, "cm-1")

	final := requireConverges(t, cs, ns, inf.GetStore())
	assertEventsConsistent(t, log, final)
	require.Eventually(t, func() bool {
		after, err := strconv.ParseUint(inf.LastSyncResourceVersion(), 10, 64)
		return err == nil && after > beforeRV
	}, resilienceWait, 50*time.Millisecond, "last sync resource version stays at %s", before)
	lists, _, streams, _ = lw.counts()
	assert.GreaterOrEqual(t, lists+streams, 2, "the informer relisted after the restart")
	_, deletes, tombstones, _ := log.snapshot()
	assert.Equal(t, map[string]int{ns + "/cm-1": 1}, deletes, "only cm-1 is reported deleted, once")
	t.Logf("tombstones: %v", tombstones)

	// What really happens, as with client-go: the restarted apiserver's
	// watch cache starts at the current revision, so it refuses the watch
	// from the informer's old resource version with 410 Gone ("too old
	// resource version"), sent as an ERROR event on the opened watch rather
	// than as the HTTP status of the request. The reflector treats an
	// expired watch as routine: it relists without calling the watch error
	// handler. Refused connections while the apiserver is down are retried
	// without it as well. So the handler sees no 410 here.
	assert.Empty(t, errs.expired(), "watch error handler saw 410 Gone; client-go does not report it: %v", errs.all())
	t.Logf("watch errors seen by the handler: %v", errs.all())
}

// gatedListerWatcher wraps a ListerWatcher so a test can cut the current
// watch and hold the informer away from the server: while paused, plain
// watches fail with 410 Expired (forcing a relist), and lists and streaming
// (sendInitialEvents) watches block until Resume. It also counts how the
// initial state was fetched. Safe for concurrent use.
type gatedListerWatcher struct {
	inner cache.ListerWatcherWithContext

	mu       sync.Mutex
	paused   bool
	resume   chan struct{} // closed by Resume
	current  watch.Interface
	blocked  chan struct{} // receives a value when a relist waits on the gate
	lists    int           // List calls, one per page
	pages    int           // List calls that continued a previous page
	streams  int           // watches with sendInitialEvents=true
	lastList metav1.ListOptions
}

// newGatedListerWatcher wraps lw, not paused.
func newGatedListerWatcher(lw cache.ListerWatcher) *gatedListerWatcher {
	return &gatedListerWatcher{inner: cache.ToListerWatcherWithContext(lw), blocked: make(chan struct{}, 1)}
}

// Pause makes later lists wait and later watches fail, and stops the
// watch currently open so the informer notices at once.
func (g *gatedListerWatcher) Pause() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.paused = true
	g.resume = make(chan struct{})
	if g.current != nil {
		g.current.Stop()
	}
}

// Resume releases waiting lists and lets watches through again.
func (g *gatedListerWatcher) Resume() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.paused {
		g.paused = false
		close(g.resume)
	}
}

// gate blocks while paused, signalling blocked once per wait.
func (g *gatedListerWatcher) gate(ctx context.Context) error {
	g.mu.Lock()
	paused, resume := g.paused, g.resume
	g.mu.Unlock()
	if !paused {
		return nil
	}
	select {
	case g.blocked <- struct{}{}:
	default:
	}
	select {
	case <-resume:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// counts returns the number of List calls, continued pages and streaming
// watches, and the options of the latest List.
func (g *gatedListerWatcher) counts() (lists, pages, streams int, last metav1.ListOptions) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.lists, g.pages, g.streams, g.lastList
}

// List implements cache.Lister.
func (g *gatedListerWatcher) List(options metav1.ListOptions) (runtime.Object, error) {
	return g.ListWithContext(context.Background(), options)
}

// ListWithContext implements cache.ListerWithContext.
func (g *gatedListerWatcher) ListWithContext(ctx context.Context, options metav1.ListOptions) (runtime.Object, error) {
	if err := g.gate(ctx); err != nil {
		return nil, err
	}
	g.mu.Lock()
	g.lists++
	if options.Continue != "" {
		g.pages++
	}
	g.lastList = options
	g.mu.Unlock()
	return g.inner.ListWithContext(ctx, options)
}

// Watch implements cache.Watcher.
func (g *gatedListerWatcher) Watch(options metav1.ListOptions) (watch.Interface, error) {
	return g.WatchWithContext(context.Background(), options)
}

// WatchWithContext implements cache.WatcherWithContext.
func (g *gatedListerWatcher) WatchWithContext(ctx context.Context, options metav1.ListOptions) (watch.Interface, error) {
	streaming := options.SendInitialEvents != nil && *options.SendInitialEvents
	if streaming {
		if err := g.gate(ctx); err != nil {
			return nil, err
		}
	} else {
		g.mu.Lock()
		paused := g.paused
		g.mu.Unlock()
		if paused {
			return nil, apierrors.NewResourceExpired("paused by the test")
		}
	}
	w, err := g.inner.WatchWithContext(ctx, options)
	if err != nil {
		return nil, err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.paused && !streaming {
		// Pause came while this watch was being opened: it must not deliver
		// anything either.
		w.Stop()
		return nil, apierrors.NewResourceExpired("paused by the test")
	}
	if streaming {
		g.streams++
	}
	g.current = w
	return w, nil
}

// Objects deleted while the informer is cut off (its watch stopped, its
// relist held back) are gone from the relist; the informer reports each of
// them, and only them, once, as a DeletedFinalStateUnknown tombstone. Run
// with the streaming initial list on and off.
func TestTombstoneForDeletesMissedWhileAway(t *testing.T) {
	cs := resilienceClientset(t, testcluster.Get(t))
	for _, watchList := range []bool{false, true} {
		t.Run(fmt.Sprintf("WatchListClient=%v", watchList), func(t *testing.T) {
			featurestesting.SetFeatureDuringTest(t, features.WatchListClient, watchList)
			ns := resilienceNamespace(t, cs)
			for i := 0; i < 20; i++ {
				resilienceCreate(t, cs, ns, fmt.Sprintf("cm-%02d", i))
			}
			lw := newGatedListerWatcher(cache.NewListWatchFromClient(cs.CoreV1().RESTClient(), "configmaps", ns, fields.Everything()))
			log := newEventLog()
			inf := newConfigMapInformer(t, lw, log)
			runResilienceInformer(t, inf)
			requireConverges(t, cs, ns, inf.GetStore())

			lw.Pause()
			select {
			case <-lw.blocked:
			case <-time.After(resilienceWait):
				t.Fatal("the informer never tried to relist after its watch was cut")
			}
			deleted := map[string]int{}
			for i := 0; i < 20; i += 3 {
				resilienceDelete(t, cs, ns, fmt.Sprintf("cm-%02d", i))
				deleted[fmt.Sprintf("%s/cm-%02d", ns, i)] = 1
			}
			resilienceUpdate(t, cs, ns, "cm-01", "changed while away")
			lw.Resume()

			final := requireConverges(t, cs, ns, inf.GetStore())
			assertEventsConsistent(t, log, final)
			_, deletes, tombstones, _ := log.snapshot()
			assert.Equal(t, deleted, tombstones, "tombstones for exactly the objects deleted while away")
			assert.Equal(t, deleted, deletes, "no plain Delete notification besides the tombstones")
		})
	}
}

// The streaming initial list (watch-list) and the paginated LIST fill the
// cache identically: two informers on a namespace of 650 ConfigMaps, one
// with the WatchListClient gate on and one with it off, end up with the same
// names and resource versions, equal to a fresh List. With the gate off the
// reflector asks for pages of 500 at resource version "0"; the apiserver
// serves that from its watch cache in one response (a cache read ignores the
// limit), so only the first page is ever requested.
func TestStreamingVsPaginatedInitialList(t *testing.T) {
	cs := resilienceClientset(t, testcluster.Get(t))
	ns := resilienceNamespace(t, cs)
	const n = 650
	var wg sync.WaitGroup
	errs := make(chan error, n)
	sem := make(chan struct{}, 32)
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			_, err := cs.CoreV1().ConfigMaps(ns).Create(context.Background(),
				&v1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("cm-%04d", i)}}, metav1.CreateOptions{})
			errs <- err
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	want := resilienceServerState(t, cs, ns)
	require.Len(t, want, n)

	stores := map[bool]map[string]string{}
	for _, watchList := range []bool{true, false} {
		t.Run(fmt.Sprintf("WatchListClient=%v", watchList), func(t *testing.T) {
			featurestesting.SetFeatureDuringTest(t, features.WatchListClient, watchList)
			lw := newGatedListerWatcher(cache.NewListWatchFromClient(cs.CoreV1().RESTClient(), "configmaps", ns, fields.Everything()))
			inf := cache.NewSharedIndexInformer(lw, &v1.ConfigMap{}, 0, cache.Indexers{})
			runResilienceInformer(t, inf)
			stores[watchList] = resilienceStoreState(inf.GetStore())
			lists, pages, streams, lastList := lw.counts()
			t.Logf("lists=%d continued pages=%d streaming watches=%d last list options=%+v", lists, pages, streams, lastList)
			if watchList {
				assert.Equal(t, 1, streams, "the initial state came from one streaming watch")
				assert.Zero(t, lists, "no LIST when streaming works")
			} else {
				assert.Zero(t, streams, "no streaming watch with the gate off")
				assert.GreaterOrEqual(t, lists, 1, "the initial state came from LIST")
			}
		})
	}
	assert.Equal(t, want, stores[true], "streaming initial list equals a fresh List")
	assert.Equal(t, want, stores[false], "paginated initial list equals a fresh List")
}
