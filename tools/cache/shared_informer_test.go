package cache

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	v1 "k8s.io/api/core/v1"

	"github.com/kclient/kclient/features"
)

// eventLog is a ResourceEventHandler recording what it is told.
type eventLog struct {
	mu     sync.Mutex
	events []string
	block  chan struct{} // if set, every callback waits for it
}

func (l *eventLog) rec(s string) {
	if l.block != nil {
		<-l.block
	}
	l.mu.Lock()
	l.events = append(l.events, s)
	l.mu.Unlock()
}

func name(obj interface{}) string {
	switch o := obj.(type) {
	case *v1.ConfigMap:
		return o.Name
	case DeletedFinalStateUnknown:
		return "tomb:" + o.Key
	}
	return fmt.Sprintf("%T", obj)
}

func (l *eventLog) OnAdd(obj interface{}, initial bool) {
	l.rec("add:" + name(obj) + map[bool]string{true: "(initial)", false: ""}[initial])
}
func (l *eventLog) OnUpdate(o, n interface{}) { l.rec("update:" + name(n)) }
func (l *eventLog) OnDelete(obj interface{})  { l.rec("delete:" + name(obj)) }

func (l *eventLog) get() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.events...)
}

func (l *eventLog) sorted() []string {
	e := l.get()
	sort.Strings(e)
	return e
}

// runInformer runs inf until the test ends and waits for it to stop.
func runInformer(t *testing.T, inf SharedInformer) context.CancelFunc {
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
	return cancel
}

// forEachQueueMode runs a test with the atomic and the per-object queue.
func forEachQueueMode(t *testing.T, test func(t *testing.T)) {
	for _, atomic := range []bool{true, false} {
		t.Run("atomic="+strconv.FormatBool(atomic), func(t *testing.T) {
			setGate(t, features.AtomicFIFO, atomic)
			setGate(t, features.WatchListClient, false)
			test(t)
		})
	}
}

func TestSharedInformerDeliversEverything(t *testing.T) {
	forEachQueueMode(t, func(t *testing.T) {
		checkNoGoroutineLeak(t)
		s := newFakeServer()
		s.upsert("ns", "a", nil)
		s.upsert("ns", "b", nil)
		inf := NewSharedIndexInformer(s.lw(), &v1.ConfigMap{}, 0, Indexers{NamespaceIndex: MetaNamespaceIndexFunc})
		early := &eventLog{}
		reg, err := inf.AddEventHandler(early)
		require.NoError(t, err)
		assert.False(t, reg.HasSynced())
		runInformer(t, inf)
		require.True(t, WaitFor(context.Background(), "", inf.HasSyncedChecker(), reg.HasSyncedChecker()))
		assert.True(t, inf.HasSynced())
		assert.Equal(t, []string{"add:a(initial)", "add:b(initial)"}, early.sorted(), "synced handler has seen the initial list")

		s.upsert("ns", "a", map[string]string{"k": "v"})
		s.remove("ns", "b")
		s.upsert("ns", "c", nil)
		eventually(t, func() bool { return len(early.get()) == 5 }, "notifications")
		assert.Equal(t, []string{"update:a", "delete:b", "add:c"}, early.get()[2:])
		assert.Equal(t, []string{"ns/a", "ns/c"}, sortedKeys(inf.GetStore().List()))
		objs, err := inf.GetIndexer().ByIndex(NamespaceIndex, "ns")
		require.NoError(t, err)
		assert.Len(t, objs, 2)
		assert.Equal(t, "5", inf.LastSyncResourceVersion())

		// A handler added to a running informer first gets the content.
		late := &eventLog{}
		lateReg, err := inf.AddEventHandler(late)
		require.NoError(t, err)
		require.True(t, WaitFor(context.Background(), "", lateReg.HasSyncedChecker()))
		assert.Equal(t, []string{"add:a(initial)", "add:c(initial)"}, late.sorted())
		s.upsert("ns", "d", nil)
		eventually(t, func() bool { return len(late.get()) == 3 && len(early.get()) == 6 }, "both get the add")

		// Removed handlers get nothing more.
		require.NoError(t, ShutDownEventHandler(inf, lateReg))
		require.NoError(t, inf.RemoveEventHandler(lateReg), "idempotent")
		s.upsert("ns", "e", nil)
		eventually(t, func() bool { return len(early.get()) == 7 }, "early gets e")
		assert.Len(t, late.get(), 3)
	})
}

func TestSharedInformerRelistProducesTombstones(t *testing.T) {
	forEachQueueMode(t, func(t *testing.T) {
		checkNoGoroutineLeak(t)
		s := newFakeServer()
		s.upsert("ns", "a", nil)
		s.upsert("ns", "b", nil)
		s.upsert("ns", "unchanged", nil)
		inf := NewSharedInformer(s.lw(), &v1.ConfigMap{}, 0)
		h := &eventLog{}
		_, err := inf.AddEventHandler(h)
		require.NoError(t, err)
		runInformer(t, inf)
		eventually(t, inf.HasSynced, "synced")
		s.whileDisconnected(func() {
			s.removeLocked("ns", "b")
			s.upsertLocked("ns", "a", map[string]string{"changed": "yes"})
			s.upsertLocked("ns", "c", nil)
		})
		eventually(t, func() bool { return len(h.get()) == 6 }, "relist notifications")
		s.upsert("ns", "sentinel", nil)
		eventually(t, func() bool { return len(h.get()) == 7 }, "sentinel")
		assert.ElementsMatch(t, []string{"add:a(initial)", "add:b(initial)", "add:unchanged(initial)", "delete:tomb:ns/b", "update:a", "add:c", "add:sentinel"}, h.get(),
			"an unchanged relisted object is a resync, not sent to handlers without resync")
	})
}

func TestSharedInformerSlowHandlerDoesNotBlockOthers(t *testing.T) {
	checkNoGoroutineLeak(t)
	setGate(t, features.WatchListClient, false)
	s := newFakeServer()
	inf := NewSharedInformer(s.lw(), &v1.ConfigMap{}, 0)
	slow := &eventLog{block: make(chan struct{})}
	fast := &eventLog{}
	_, err := inf.AddEventHandler(slow)
	require.NoError(t, err)
	_, err = inf.AddEventHandler(fast)
	require.NoError(t, err)
	runInformer(t, inf)
	eventually(t, inf.HasSynced, "synced")
	for i := 0; i < 2000; i++ {
		s.upsert("ns", "cm"+strconv.Itoa(i), nil)
	}
	eventually(t, func() bool { return len(fast.get()) == 2000 }, "fast handler got everything while slow is stuck")
	assert.Empty(t, slow.get())
	close(slow.block)
	eventually(t, func() bool { return len(slow.get()) == 2000 }, "slow handler catches up, in order")
	assert.Equal(t, "add:cm1999", slow.get()[1999])
}

func TestSharedInformerPerHandlerResync(t *testing.T) {
	checkNoGoroutineLeak(t)
	setGate(t, features.WatchListClient, false)
	s := newFakeServer()
	s.upsert("ns", "a", nil)
	inf := NewSharedInformer(s.lw(), &v1.ConfigMap{}, time.Second)
	resyncing, quiet := &eventLog{}, &eventLog{}
	_, err := inf.AddEventHandler(resyncing)
	require.NoError(t, err)
	_, err = inf.AddEventHandlerWithResyncPeriod(quiet, 0)
	require.NoError(t, err)
	runInformer(t, inf)
	eventually(t, func() bool { return len(resyncing.get()) >= 2 }, "resync delivers updates")
	assert.Equal(t, "update:a", resyncing.get()[1])
	assert.Equal(t, []string{"add:a(initial)"}, quiet.get(), "a handler without resync gets none")
}

func TestSharedInformerLifecycle(t *testing.T) {
	checkNoGoroutineLeak(t)
	setGate(t, features.WatchListClient, false)
	s := newFakeServer()
	s.upsert("ns", "a", nil)
	inf := NewSharedIndexInformer(s.lw(), &v1.ConfigMap{}, 0, Indexers{})
	require.NoError(t, inf.SetTransform(func(obj interface{}) (interface{}, error) {
		cm := obj.(*v1.ConfigMap)
		cm.Labels = map[string]string{"transformed": "true"}
		return cm, nil
	}))
	require.NoError(t, inf.SetWatchErrorHandler(func(*Reflector, error) {}))
	require.NoError(t, inf.AddIndexers(Indexers{"before": MetaNamespaceIndexFunc}))
	assert.False(t, inf.IsStopped())
	assert.Equal(t, "", inf.LastSyncResourceVersion())
	cancel := runInformer(t, inf)
	eventually(t, inf.HasSynced, "synced")
	assert.Error(t, inf.SetTransform(nil), "too late")
	assert.Error(t, inf.SetWatchErrorHandlerWithContext(nil), "too late")
	require.NoError(t, inf.AddIndexers(Indexers{"after": MetaNamespaceIndexFunc}), "indexers can be added while running")
	keys, err := inf.GetIndexer().IndexKeys("after", "ns")
	require.NoError(t, err)
	assert.Equal(t, []string{"ns/a"}, keys)
	obj, _, _ := inf.GetStore().GetByKey("ns/a")
	assert.Equal(t, "true", obj.(*v1.ConfigMap).Labels["transformed"])
	assert.True(t, inf.GetController().HasSynced())

	cancel()
	eventually(t, inf.IsStopped, "stopped")
	_, err = inf.AddEventHandler(&eventLog{})
	assert.Error(t, err, "a stopped informer takes no handlers")
	assert.Error(t, inf.AddIndexers(Indexers{"late": MetaNamespaceIndexFunc}))
}

func TestTypedSharedIndexInformer(t *testing.T) {
	checkNoGoroutineLeak(t)
	setGate(t, features.WatchListClient, false)
	s := newFakeServer()
	s.upsert("ns", "a", nil)
	inf := NewTypedSharedIndexInformer[*v1.ConfigMap](NewSharedIndexInformer(s.lw(), &v1.ConfigMap{}, 0, Indexers{}))
	var mu sync.Mutex
	var got []string
	reg, err := inf.AddTypedEventHandler(TypedResourceEventHandlerFuncs[*v1.ConfigMap]{
		AddFunc: func(cm *v1.ConfigMap) { mu.Lock(); got = append(got, "add:"+cm.Name); mu.Unlock() },
		DeleteFunc: func(d DeletedObject[*v1.ConfigMap]) {
			mu.Lock()
			got = append(got, "delete:"+d.GetKey())
			mu.Unlock()
		},
	})
	require.NoError(t, err)
	_, err = inf.AddTypedEventHandler(TypedResourceEventHandlerFuncs[*v1.ConfigMap]{}, HandlerOptions{}, HandlerOptions{})
	require.Error(t, err)
	require.NoError(t, inf.AddTypedIndexers(TypedIndexers[*v1.ConfigMap]{"name": func(cm *v1.ConfigMap) ([]string, error) { return []string{cm.Name}, nil }}))
	runInformer(t, inf)
	require.True(t, WaitFor(context.Background(), "", reg.HasSyncedChecker()))
	s.remove("ns", "a")
	eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(got) == 2 }, "typed events")
	assert.Equal(t, []string{"add:a", "delete:ns/a"}, got)
	cms, err := inf.GetTypedIndexer().ByTypedIndex("name", "a")
	require.NoError(t, err)
	assert.Empty(t, cms)
}

func TestNewInformerWithOptions(t *testing.T) {
	forEachQueueMode(t, func(t *testing.T) {
		checkNoGoroutineLeak(t)
		s := newFakeServer()
		s.upsert("ns", "a", nil)
		h := &eventLog{}
		store, ctrl := NewInformerWithOptions(InformerOptions{
			ListerWatcher: s.lw(),
			ObjectType:    &v1.ConfigMap{},
			Handler:       h,
			Indexers:      Indexers{NamespaceIndex: MetaNamespaceIndexFunc},
		})
		assert.Equal(t, "", ctrl.LastSyncResourceVersion())
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); ctrl.RunWithContext(ctx) }()
		require.True(t, WaitFor(ctx, "informer", ctrl.HasSyncedChecker()))
		assert.True(t, ctrl.HasSynced())
		s.upsert("ns", "b", nil)
		eventually(t, func() bool { return len(store.List()) == 2 && len(h.get()) == 2 }, "add")
		assert.Equal(t, []string{"add:a(initial)", "add:b"}, h.get())
		_, ok := store.(Indexer)
		assert.True(t, ok)
		cancel()
		<-done
		ctrl.RunWithContext(context.Background()) // second run: ignored, returns at once
	})
}

func TestFilteringResourceEventHandler(t *testing.T) {
	h := &eventLog{}
	f := FilteringResourceEventHandler{
		FilterFunc: func(obj interface{}) bool { cm, ok := obj.(*v1.ConfigMap); return ok && cm.Labels["keep"] == "y" },
		Handler:    h,
	}
	keep := newCM("ns", "k", "1")
	keep.Labels = map[string]string{"keep": "y"}
	drop := newCM("ns", "d", "1")
	f.OnAdd(keep, true)
	f.OnAdd(drop, false)
	f.OnUpdate(keep, keep)
	f.OnUpdate(drop, keep)
	f.OnUpdate(keep, drop)
	f.OnUpdate(drop, drop)
	f.OnDelete(keep)
	f.OnDelete(drop)
	assert.Equal(t, []string{"add:k(initial)", "update:k", "add:k", "delete:k", "delete:k"}, h.get())
}

func TestDeletedObject(t *testing.T) {
	cm := newCM("ns", "a", "1")
	d := DeletedObject[*v1.ConfigMap]{OptionalObj: cm}
	assert.Equal(t, "ns/a", d.GetKey())
	assert.Equal(t, "a", d.GetName())
	assert.Equal(t, "ns", d.GetNamespace())
	tomb := DeletedObject[*v1.ConfigMap]{FinalStateUnknown: &DeletedFinalStateUnknown{Key: "ns/b"}}
	assert.Equal(t, "ns/b", tomb.GetKey())
	assert.Equal(t, NewObjectName("ns", "b"), tomb.GetObjectName())
	weird := DeletedObject[*v1.ConfigMap]{FinalStateUnknown: &DeletedFinalStateUnknown{Key: "a/b/c"}}
	assert.Equal(t, "a/b/c", weird.GetName())
	assert.Equal(t, "", DeletedObject[*v1.ConfigMap]{}.GetKey(), "no object, no tombstone: no panic")
}

func TestLateHandlerSyncsOnlyAfterItsInitialAdds(t *testing.T) {
	checkNoGoroutineLeak(t)
	setGate(t, features.WatchListClient, false)
	s := newFakeServer()
	for i := 0; i < 3; i++ {
		s.upsert("ns", "cm"+strconv.Itoa(i), nil)
	}
	inf := NewSharedInformer(s.lw(), &v1.ConfigMap{}, 0)
	runInformer(t, inf)
	eventually(t, inf.HasSynced, "synced")

	gate := make(chan struct{})
	handled := make(chan struct{}, 3)
	reg, err := inf.AddEventHandler(ResourceEventHandlerFuncs{AddFunc: func(interface{}) {
		<-gate
		handled <- struct{}{}
	}})
	require.NoError(t, err)
	for i := 0; i < 3; i++ {
		assert.False(t, reg.HasSynced(), "%d of 3 initial adds handled", i)
		gate <- struct{}{}
		<-handled
	}
	require.True(t, WaitFor(context.Background(), "", reg.HasSyncedChecker()))
	assert.True(t, reg.HasSynced())
}

func TestBadInputDoesNotPanic(t *testing.T) {
	checkNoGoroutineLeak(t)
	h := &eventLog{}
	FilteringResourceEventHandler{Handler: h}.OnAdd(newCM("a", "x", "1"), false)
	assert.Equal(t, []string{"add:x"}, h.get(), "a nil filter passes everything")

	errs := make(chan error, 1)
	r := NewReflectorWithOptions(nil, &v1.ConfigMap{}, NewStore(MetaNamespaceKeyFunc), ReflectorOptions{Backoff: fastBackoff})
	r.watchErrorHandler = func(_ context.Context, _ *Reflector, err error) {
		select {
		case errs <- err:
		default:
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); r.RunWithContext(ctx) }()
	require.Error(t, <-errs, "a nil ListerWatcher fails every attempt")
	cancel()
	<-done

	_, err := NewSharedInformer(newFakeServer().lw(), &v1.ConfigMap{}, 0).AddEventHandler(nil)
	require.Error(t, err)
	require.Error(t, NewSharedInformer(newFakeServer().lw(), &v1.ConfigMap{}, 0).RemoveEventHandler(nil))
}
