package cache

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apimachinery/pkg/watch"
	testingclock "k8s.io/utils/clock/testing"

	"github.com/kclient/kclient/features"
)

var fastBackoff = &wait.Backoff{Duration: time.Millisecond, Cap: 5 * time.Millisecond, Factor: 2, Steps: 1 << 30}

// startReflector runs a reflector over s into store until the test ends.
func startReflector(t *testing.T, lw ListerWatcher, store ReflectorStore, mutate func(r *Reflector)) *Reflector {
	t.Helper()
	r := NewReflectorWithOptions(lw, &v1.ConfigMap{}, store, ReflectorOptions{Name: t.Name(), Backoff: fastBackoff})
	if mutate != nil {
		mutate(r)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.RunWithContext(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return r
}

// recordingStore is a Store that also records every write, to check that
// no change is lost or applied twice.
type recordingStore struct {
	Store
	mu     sync.Mutex
	writes []string
}

func newRecordingStore() *recordingStore {
	return &recordingStore{Store: NewStore(MetaNamespaceKeyFunc)}
}

func (r *recordingStore) record(op string, obj interface{}) {
	cm := obj.(*v1.ConfigMap)
	r.mu.Lock()
	r.writes = append(r.writes, op+":"+cm.Name+"@"+cm.ResourceVersion)
	r.mu.Unlock()
}

func (r *recordingStore) Add(obj interface{}) error { r.record("add", obj); return r.Store.Add(obj) }
func (r *recordingStore) Update(obj interface{}) error {
	r.record("update", obj)
	return r.Store.Update(obj)
}
func (r *recordingStore) Delete(obj interface{}) error {
	r.record("delete", obj)
	return r.Store.Delete(obj)
}
func (r *recordingStore) Replace(list []interface{}, rv string) error {
	r.mu.Lock()
	r.writes = append(r.writes, "replace@"+rv)
	r.mu.Unlock()
	return r.Store.Replace(list, rv)
}

func (r *recordingStore) log() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.writes...)
}

func storeMatchesServer(t *testing.T, s *fakeServer, store Store) func() bool {
	return func() bool {
		return assert.ObjectsAreEqual(s.sortedObjKeys(), sortedKeysOrEmpty(store.List()))
	}
}

func sortedKeysOrEmpty(objs []interface{}) []string {
	k := sortedKeys(objs)
	if len(k) == 0 {
		return nil
	}
	return k
}

func TestReflectorListsInPagesThenWatches(t *testing.T) {
	checkNoGoroutineLeak(t)
	setGate(t, features.WatchListClient, false)
	s := newFakeServer()
	for i := 0; i < 1234; i++ {
		s.upsert("ns", "cm"+strconv.Itoa(i), nil)
	}
	store := NewStore(MetaNamespaceKeyFunc)
	r := startReflector(t, s.lw(), store, nil)
	eventually(t, func() bool { return len(store.List()) == 1234 }, "initial list")
	eventually(t, func() bool { return s.openWatches() == 1 }, "watch started")

	lists, watches := s.calls()
	require.Len(t, lists, 3, "1234 items in pages of 500")
	assert.Equal(t, "0", lists[0].ResourceVersion, "the first list may be served from the watch cache")
	assert.Equal(t, int64(500), lists[0].Limit)
	assert.NotEmpty(t, lists[1].Continue)
	assert.Empty(t, lists[1].ResourceVersion, "continuations must not name a version")
	assert.Equal(t, "1234", watches[0].ResourceVersion, "watch from the list's version")
	assert.True(t, watches[0].AllowWatchBookmarks)
	require.NotNil(t, watches[0].TimeoutSeconds)
	assert.GreaterOrEqual(t, *watches[0].TimeoutSeconds, int64(300))
	assert.Equal(t, "1234", r.LastSyncResourceVersion())

	s.upsert("ns", "new", nil)
	s.remove("ns", "cm0")
	eventually(t, storeMatchesServer(t, s, store), "watch events applied")
	s.bookmark()
	eventually(t, func() bool { return r.LastSyncResourceVersion() == "1236" }, "rv follows events")
}

func TestReflectorWatchDyingMidStreamLosesAndDuplicatesNothing(t *testing.T) {
	checkNoGoroutineLeak(t)
	setGate(t, features.WatchListClient, false)
	s := newFakeServer()
	s.upsert("ns", "a", nil)
	store := newRecordingStore()
	startReflector(t, s.lw(), store, nil)
	eventually(t, func() bool { return s.openWatches() == 1 }, "watch started")

	s.upsert("ns", "b", nil) // rv 2
	eventually(t, func() bool { return len(store.List()) == 2 }, "b arrived")
	for round := 0; round < 3; round++ {
		s.closeWatches()
		// Changes while no watch is open must arrive exactly once through
		// the next watch, which resumes from the last seen version.
		s.upsert("ns", "a", map[string]string{"round": strconv.Itoa(round)})
		eventually(t, func() bool { return s.openWatches() == 1 }, "watch restarted")
	}
	s.remove("ns", "b")
	eventually(t, storeMatchesServer(t, s, store), "store converged")
	assert.Equal(t, []string{"replace@1", "add:b@2", "update:a@3", "update:a@4", "update:a@5", "delete:b@6"}, store.log())
	lists, watches := s.calls()
	assert.Len(t, lists, 1, "a watch that ends normally resumes without relisting")
	var rvs []string
	for _, w := range watches {
		rvs = append(rvs, w.ResourceVersion)
	}
	assert.Equal(t, []string{"1", "2", "3", "4"}, rvs)
}

func TestReflectorRelistsAfterExpiry(t *testing.T) {
	for _, asEvent := range []bool{false, true} {
		t.Run("expired as event "+strconv.FormatBool(asEvent), func(t *testing.T) {
			checkNoGoroutineLeak(t)
			setGate(t, features.WatchListClient, false)
			s := newFakeServer()
			s.expiredAsEvent = asEvent
			s.upsert("ns", "a", nil)
			s.upsert("ns", "b", nil)
			store := NewStore(MetaNamespaceKeyFunc)
			startReflector(t, s.lw(), store, nil)
			eventually(t, func() bool { return s.openWatches() == 1 }, "watch started")

			// While disconnected, b is deleted and c created, and the server
			// compacts its history: the next watch gets 410 Gone.
			s.whileDisconnected(func() {
				s.removeLocked("ns", "b")
				s.upsertLocked("ns", "c", nil)
			})

			eventually(t, storeMatchesServer(t, s, store), "relist converged")
			lists, _ := s.calls()
			require.GreaterOrEqual(t, len(lists), 2)
			assert.Equal(t, "0", lists[0].ResourceVersion)
			assert.Equal(t, "2", lists[1].ResourceVersion, "relist first at the last synced version")
			last := lists[len(lists)-1]
			assert.Empty(t, last.ResourceVersion, "that version is compacted: fall back to the latest state")
		})
	}
}

func TestReflectorListExpiredContinuationFallsBackToFullList(t *testing.T) {
	checkNoGoroutineLeak(t)
	setGate(t, features.WatchListClient, false)
	s := newFakeServer()
	for i := 0; i < 20; i++ {
		s.upsert("ns", "cm"+strconv.Itoa(i), nil)
	}
	first := true
	s.listHook = func(o metav1.ListOptions) error {
		if o.Continue != "" && first {
			first = false
			return apierrors.NewResourceExpired("continue expired")
		}
		return nil
	}
	store := NewStore(MetaNamespaceKeyFunc)
	startReflector(t, s.lw(), store, func(r *Reflector) { r.WatchListPageSize = 7 })
	eventually(t, func() bool { return len(store.List()) == 20 }, "all items despite expired continuation")
	lists, _ := s.calls()
	require.Len(t, lists, 3)
	assert.Equal(t, int64(0), lists[2].Limit, "fallback lists without paging")
}

func TestReflectorWatchListStreamsInitialState(t *testing.T) {
	checkNoGoroutineLeak(t)
	setGate(t, features.WatchListClient, true)
	s := newFakeServer()
	s.supportWatchList = true
	for i := 0; i < 10; i++ {
		s.upsert("ns", "cm"+strconv.Itoa(i), nil)
	}
	store := newRecordingStore()
	r := startReflector(t, s.lw(), store, nil)
	eventually(t, func() bool { return len(store.List()) == 10 }, "initial state")
	lists, watches := s.calls()
	assert.Empty(t, lists, "no LIST when streaming works")
	require.Len(t, watches, 1)
	require.NotNil(t, watches[0].SendInitialEvents)
	assert.True(t, *watches[0].SendInitialEvents)
	assert.Equal(t, metav1.ResourceVersionMatchNotOlderThan, watches[0].ResourceVersionMatch)
	assert.Equal(t, []string{"replace@10"}, store.log(), "the initial state arrives as one Replace")
	assert.Equal(t, "10", r.LastSyncResourceVersion())

	s.upsert("ns", "cm11", nil)
	eventually(t, func() bool { return len(store.List()) == 11 }, "the same watch continues")
	_, watches = s.calls()
	assert.Len(t, watches, 1)
}

func TestReflectorWatchListFallsBackToList(t *testing.T) {
	checkNoGoroutineLeak(t)
	setGate(t, features.WatchListClient, true)
	s := newFakeServer() // does not support streaming lists
	s.upsert("ns", "a", nil)
	store := NewStore(MetaNamespaceKeyFunc)
	startReflector(t, s.lw(), store, nil)
	eventually(t, func() bool { return len(store.List()) == 1 }, "listed after fallback")
	lists, watches := s.calls()
	require.Len(t, lists, 1)
	require.NotEmpty(t, watches)
	assert.NotNil(t, watches[0].SendInitialEvents)
}

func TestReflectorSkipsWatchListForClientsWithoutSupport(t *testing.T) {
	checkNoGoroutineLeak(t)
	setGate(t, features.WatchListClient, true)
	s := newFakeServer()
	s.supportWatchList = true
	s.upsert("ns", "a", nil)
	store := NewStore(MetaNamespaceKeyFunc)
	lw := ToListWatcherWithWatchListSemantics(s.lw(), fakeClientWithoutWatchList{})
	startReflector(t, lw, store, nil)
	eventually(t, func() bool { return len(store.List()) == 1 }, "listed")
	_, watches := s.calls()
	for _, w := range watches {
		assert.Nil(t, w.SendInitialEvents)
	}
}

type fakeClientWithoutWatchList struct{}

func (fakeClientWithoutWatchList) IsWatchListSemanticsUnSupported() bool { return true }

func TestReflectorResync(t *testing.T) {
	checkNoGoroutineLeak(t)
	setGate(t, features.WatchListClient, false)
	s := newFakeServer()
	s.upsert("ns", "a", nil)
	known := NewStore(MetaNamespaceKeyFunc)
	require.NoError(t, known.Add(newCM("ns", "a", "1")))
	fifo := NewDeltaFIFOWithOptions(DeltaFIFOOptions{KnownObjects: known})
	var mu sync.Mutex
	asked := 0
	r := NewReflectorWithOptions(s.lw(), &v1.ConfigMap{}, fifo, ReflectorOptions{ResyncPeriod: 5 * time.Millisecond, Backoff: fastBackoff})
	r.ShouldResync = func() bool {
		mu.Lock()
		defer mu.Unlock()
		asked++
		return asked == 2 // only the second check resyncs
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { defer close(done); r.RunWithContext(ctx) }()
	var types []DeltaType
	for len(types) < 2 {
		item, err := fifo.Pop(func(interface{}, bool) error { return nil })
		require.NoError(t, err)
		types = append(types, item.(Deltas)[0].Type)
	}
	assert.Equal(t, []DeltaType{Sync, Sync}, types, "the list (Sync without EmitDeltaTypeReplaced) then one resync")
	cancel()
	<-done
}

func TestReflectorWatchErrorHandlerAndShortWatches(t *testing.T) {
	checkNoGoroutineLeak(t)
	setGate(t, features.WatchListClient, false)
	s := newFakeServer()
	s.listHook = func(metav1.ListOptions) error { return errors.New("boom") }
	var mu sync.Mutex
	var errs []error
	startReflector(t, s.lw(), NewStore(MetaNamespaceKeyFunc), func(r *Reflector) {
		r.watchErrorHandler = func(_ context.Context, _ *Reflector, err error) {
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
		}
	})
	eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(errs) >= 3 }, "errors reported and retried")
	mu.Lock()
	assert.ErrorContains(t, errs[0], "boom")
	mu.Unlock()
	assert.Contains(t, (&VeryShortWatchError{Name: "r"}).Error(), "r")
}

func TestReflectorSkipsObjectsOfTheWrongType(t *testing.T) {
	checkNoGoroutineLeak(t)
	setGate(t, features.WatchListClient, false)
	s := newFakeServer()
	store := NewStore(MetaNamespaceKeyFunc)
	startReflector(t, s.lw(), store, nil)
	eventually(t, func() bool { return s.openWatches() == 1 }, "watching")
	s.mu.Lock()
	for _, w := range s.watchers {
		w.send(watch.Event{Type: watch.Added, Object: newPod("ns", "pod", nil)})
	}
	s.mu.Unlock()
	s.upsert("ns", "cm", nil)
	eventually(t, func() bool { return len(store.List()) == 1 }, "the ConfigMap arrives")
	assert.Equal(t, []string{"ns/cm"}, store.ListKeys())
}

func TestReflectorNames(t *testing.T) {
	r := NewReflector(newFakeServer().lw(), &v1.ConfigMap{}, NewStore(MetaNamespaceKeyFunc), 0)
	assert.Contains(t, r.Name(), ".go:", "named after the caller")
	assert.Equal(t, "*v1.ConfigMap", r.TypeDescription())
	r = NewNamedReflector("mine", newFakeServer().lw(), nil, NewStore(MetaNamespaceKeyFunc), 0)
	assert.Equal(t, "mine", r.Name())
	assert.Equal(t, "<unspecified>", r.TypeDescription())
	idx, r := NewNamespaceKeyedIndexerAndReflector(newFakeServer().lw(), &v1.ConfigMap{}, 0)
	assert.Contains(t, idx.GetIndexers(), NamespaceIndex)
	assert.NotNil(t, r)
}

func TestRetryWithDeadline(t *testing.T) {
	now := time.Unix(1000, 0)
	c := testingclock.NewFakeClock(now)
	retryable := errors.New("retry me")
	r := NewRetryWithDeadline(10*time.Second, time.Minute, func(err error) bool { return errors.Is(err, retryable) }, c)
	assert.False(t, r.ShouldRetry(), "nothing failed yet")
	r.After(retryable)
	assert.True(t, r.ShouldRetry())
	c.SetTime(now.Add(5 * time.Second))
	r.After(retryable)
	assert.True(t, r.ShouldRetry())
	c.SetTime(now.Add(11 * time.Second))
	r.After(retryable)
	assert.False(t, r.ShouldRetry(), "the streak is older than the deadline")
	r.After(nil)
	r.After(retryable)
	assert.True(t, r.ShouldRetry(), "a success starts a new streak")
	r.After(errors.New("other"))
	assert.False(t, r.ShouldRetry())
	assert.False(t, NewRetryWithDeadline(0, time.Minute, func(error) bool { return true }, c).ShouldRetry())
}
