package cache

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kruntime "k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/features"
)

// checkNoGoroutineLeak fails the test if, after it and its cleanups ran,
// more goroutines running code of this module exist than before. (Idle HTTP
// connections kept by shared transports are not ours to stop and are
// ignored.) It waits for goroutines to wind down rather than sampling once.
func checkNoGoroutineLeak(t *testing.T) {
	t.Helper()
	before, _ := ownGoroutines()
	t.Cleanup(func() {
		deadline := time.Now().Add(10 * time.Second)
		n, stacks := ownGoroutines()
		for n > before && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
			n, stacks = ownGoroutines()
		}
		if n > before {
			t.Errorf("goroutine leak: %d before, %d after\n%s", before, n, strings.Join(stacks, "\n\n"))
		}
	})
}

func ownGoroutines() (int, []string) {
	buf := make([]byte, 4<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var own []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "github.com/kclient/kclient/") {
			own = append(own, g)
		}
	}
	return len(own), own
}

type gateOverride struct {
	base features.Gates
	over map[features.Feature]bool
}

func (g gateOverride) Enabled(f features.Feature) bool {
	if v, ok := g.over[f]; ok {
		return v
	}
	return g.base.Enabled(f)
}

// setGate forces feature f to v until t finishes.
func setGate(t *testing.T, f features.Feature, v bool) {
	orig := features.FeatureGates()
	features.ReplaceFeatureGates(gateOverride{base: orig, over: map[features.Feature]bool{f: v}})
	t.Cleanup(func() { features.ReplaceFeatureGates(orig) })
}

func newCM(ns, name, rv string) *v1.ConfigMap {
	return &v1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, ResourceVersion: rv}}
}

func newPod(ns, name string, labels map[string]string) *v1.Pod {
	return &v1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, Labels: labels}}
}

func sortedKeys(objs []interface{}) []string {
	keys := make([]string, 0, len(objs))
	for _, o := range objs {
		k, err := DeletionHandlingMetaNamespaceKeyFunc(o)
		if err != nil {
			k = fmt.Sprintf("<%v>", err)
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// fakeWatcher is a buffered watch.Interface that both sides may close.
type fakeWatcher struct {
	mu      sync.Mutex
	ch      chan watch.Event
	stopped bool
}

func newFakeWatcher() *fakeWatcher { return &fakeWatcher{ch: make(chan watch.Event, 100000)} }

func (w *fakeWatcher) send(e watch.Event) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.stopped {
		w.ch <- e
	}
}

func (w *fakeWatcher) Stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.stopped {
		w.stopped = true
		close(w.ch)
	}
}

func (w *fakeWatcher) ResultChan() <-chan watch.Event { return w.ch }

// fakeServer is an in-memory apiserver for ConfigMaps: a resource version
// counter, an event history (compactable), paginated lists, watches from a
// resource version, and optionally streaming lists.
type fakeServer struct {
	mu        sync.Mutex
	rv        int
	objs      map[string]*v1.ConfigMap
	history   []watch.Event
	compacted int // events with resource versions up to this are gone
	watchers  []*fakeWatcher

	supportWatchList bool
	// expiredAsEvent makes watches at compacted versions succeed and then
	// send a 410 error event, as real servers do.
	expiredAsEvent bool
	listHook       func(metav1.ListOptions) error
	watchHook      func(metav1.ListOptions) error

	lists   []metav1.ListOptions
	watches []metav1.ListOptions
}

func newFakeServer() *fakeServer {
	return &fakeServer{objs: map[string]*v1.ConfigMap{}}
}

func (s *fakeServer) lw() *ListWatch {
	return &ListWatch{
		ListWithContextFunc:  func(_ context.Context, o metav1.ListOptions) (kruntime.Object, error) { return s.list(o) },
		WatchFuncWithContext: func(_ context.Context, o metav1.ListOptions) (watch.Interface, error) { return s.watch(o) },
	}
}

func (s *fakeServer) key(ns, name string) string { return ns + "/" + name }

func (s *fakeServer) emitLocked(t watch.EventType, cm *v1.ConfigMap) {
	e := watch.Event{Type: t, Object: cm}
	s.history = append(s.history, e)
	for _, w := range s.watchers {
		w.send(e)
	}
}

func (s *fakeServer) nextRV() string {
	s.rv++
	return strconv.Itoa(s.rv)
}

// upsert creates or updates a ConfigMap, returning the stored copy.
func (s *fakeServer) upsert(ns, name string, data map[string]string) *v1.ConfigMap {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.upsertLocked(ns, name, data)
}

func (s *fakeServer) upsertLocked(ns, name string, data map[string]string) *v1.ConfigMap {
	cm := newCM(ns, name, s.nextRV())
	cm.Data = data
	k := s.key(ns, name)
	_, exists := s.objs[k]
	s.objs[k] = cm
	if exists {
		s.emitLocked(watch.Modified, cm)
	} else {
		s.emitLocked(watch.Added, cm)
	}
	return cm
}

func (s *fakeServer) remove(ns, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.removeLocked(ns, name)
}

func (s *fakeServer) removeLocked(ns, name string) {
	k := s.key(ns, name)
	old, ok := s.objs[k]
	if !ok {
		return
	}
	delete(s.objs, k)
	gone := old.DeepCopy()
	gone.ResourceVersion = s.nextRV()
	s.emitLocked(watch.Deleted, gone)
}

// compact forgets the history up to the current resource version.
func (s *fakeServer) compact() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.compacted = s.rv
}

// whileDisconnected atomically closes every watch, applies changes (which
// must use the Locked methods) and compacts the history, so that no client
// can see the changes through a watch.
func (s *fakeServer) whileDisconnected(changes func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, w := range s.watchers {
		w.Stop()
	}
	s.watchers = nil
	changes()
	s.compacted = s.rv
}

// closeWatches ends every open watch, as a server-side timeout would.
func (s *fakeServer) closeWatches() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, w := range s.watchers {
		w.Stop()
	}
	s.watchers = nil
}

func (s *fakeServer) bookmark() {
	s.mu.Lock()
	defer s.mu.Unlock()
	bm := &v1.ConfigMap{ObjectMeta: metav1.ObjectMeta{ResourceVersion: strconv.Itoa(s.rv)}}
	for _, w := range s.watchers {
		w.send(watch.Event{Type: watch.Bookmark, Object: bm})
	}
}

func (s *fakeServer) openWatches() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, w := range s.watchers {
		w.mu.Lock()
		if !w.stopped {
			n++
		}
		w.mu.Unlock()
	}
	return n
}

func (s *fakeServer) calls() (lists, watches []metav1.ListOptions) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]metav1.ListOptions(nil), s.lists...), append([]metav1.ListOptions(nil), s.watches...)
}

func (s *fakeServer) sortedObjKeys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var keys []string
	for _, cm := range s.objs {
		keys = append(keys, joinKey(cm.Namespace, cm.Name))
	}
	sort.Strings(keys)
	return keys
}

var gr = schema.GroupResource{Resource: "configmaps"}

func (s *fakeServer) list(o metav1.ListOptions) (kruntime.Object, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lists = append(s.lists, o)
	if s.listHook != nil {
		if err := s.listHook(o); err != nil {
			return nil, err
		}
	}
	if o.ResourceVersion != "" && o.ResourceVersion != "0" {
		rv, err := strconv.Atoi(o.ResourceVersion)
		if err != nil {
			return nil, apierrors.NewBadRequest("bad resource version")
		}
		if rv < s.compacted {
			return nil, apierrors.NewResourceExpired("too old resource version")
		}
	}
	keys := make([]string, 0, len(s.objs))
	for k := range s.objs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	start := 0
	listRV := strconv.Itoa(s.rv)
	if o.Continue != "" {
		var err error
		var pinned int
		if _, err = fmt.Sscanf(o.Continue, "%d/%d", &start, &pinned); err != nil {
			return nil, apierrors.NewBadRequest("bad continue")
		}
		if pinned < s.compacted {
			return nil, apierrors.NewResourceExpired("continue token expired")
		}
		listRV = strconv.Itoa(pinned)
	}
	end := len(keys)
	if o.Limit > 0 && start+int(o.Limit) < end {
		end = start + int(o.Limit)
	}
	list := &v1.ConfigMapList{ListMeta: metav1.ListMeta{ResourceVersion: listRV}}
	for _, k := range keys[min(start, len(keys)):end] {
		list.Items = append(list.Items, *s.objs[k].DeepCopy())
	}
	if end < len(keys) {
		list.Continue = fmt.Sprintf("%d/%s", end, listRV)
	}
	return list, nil
}

func (s *fakeServer) watch(o metav1.ListOptions) (watch.Interface, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.watches = append(s.watches, o)
	if s.watchHook != nil {
		if err := s.watchHook(o); err != nil {
			return nil, err
		}
	}
	w := newFakeWatcher()
	if o.SendInitialEvents != nil && *o.SendInitialEvents {
		if !s.supportWatchList {
			return nil, apierrors.NewInvalid(schema.GroupKind{Kind: "ListOptions"}, "", nil)
		}
		keys := make([]string, 0, len(s.objs))
		for k := range s.objs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			w.send(watch.Event{Type: watch.Added, Object: s.objs[k].DeepCopy()})
		}
		bm := &v1.ConfigMap{ObjectMeta: metav1.ObjectMeta{
			ResourceVersion: strconv.Itoa(s.rv),
			Annotations:     map[string]string{metav1.InitialEventsAnnotationKey: "true"},
		}}
		w.send(watch.Event{Type: watch.Bookmark, Object: bm})
		s.watchers = append(s.watchers, w)
		return w, nil
	}
	from, err := strconv.Atoi(o.ResourceVersion)
	if err != nil {
		return nil, apierrors.NewBadRequest("watch needs a resource version")
	}
	if from < s.compacted {
		if !s.expiredAsEvent {
			return nil, apierrors.NewResourceExpired("too old resource version")
		}
		w.send(watch.Event{Type: watch.Error, Object: &apierrors.NewResourceExpired("too old resource version").ErrStatus})
		return w, nil
	}
	for _, e := range s.history {
		m, _ := metaOf(e.Object)
		if rv, _ := strconv.Atoi(m); rv > from {
			w.send(e)
		}
	}
	s.watchers = append(s.watchers, w)
	return w, nil
}

func metaOf(obj kruntime.Object) (string, error) {
	cm, ok := obj.(*v1.ConfigMap)
	if !ok {
		return "", fmt.Errorf("not a ConfigMap")
	}
	return cm.ResourceVersion, nil
}

// eventually waits for cond, failing the test after a generous deadline.
func eventually(t *testing.T, cond func() bool, msg string, args ...interface{}) {
	t.Helper()
	require.Eventually(t, cond, 20*time.Second, 5*time.Millisecond, fmt.Sprintf(msg, args...))
}
