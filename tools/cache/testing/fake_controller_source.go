// Package framework provides FakeControllerSource, an in-memory
// ListerWatcher for testing informers and controllers without an apiserver.
// Its import path is tools/cache/testing; the package name is framework.
package framework

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"

	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
)

// watchQueueLength is how many events a watcher may fall behind before the
// source blocks.
const watchQueueLength = 100

// nnu identifies an object in the source: namespace, name and UID.
type nnu struct {
	namespace, name string
	uid             types.UID
}

// FakeControllerSource is an in-memory object store with list and watch
// semantics: every change gets the next integer resourceVersion, List returns
// a v1.List at the latest one, and Watch replays the changes after the
// requested one before streaming new ones. Methods are safe for concurrent
// use.
type FakeControllerSource struct {
	mu sync.RWMutex

	// Items holds the current objects. Read it only while no changes are
	// being made.
	Items map[nnu]runtime.Object
	// Broadcaster fans change events out to watchers. ResetWatch replaces it.
	Broadcaster *watch.Broadcaster
	// ListError, when set, is returned by List instead of the items.
	ListError error

	changes []watch.Event // since the last ResetWatch, one per resourceVersion
	lastRV  int
	stopped bool
	// badChange remembers a change that could not be recorded; List and
	// Watch report it so the test fails with a clear message.
	badChange error
}

// FakePVControllerSource is a FakeControllerSource whose List returns a
// v1.PersistentVolumeList.
type FakePVControllerSource struct {
	FakeControllerSource
}

// FakePVCControllerSource is a FakeControllerSource whose List returns a
// v1.PersistentVolumeClaimList.
type FakePVCControllerSource struct {
	FakeControllerSource
}

// NewFakeControllerSource returns an empty source at resourceVersion 0.
func NewFakeControllerSource() *FakeControllerSource {
	return &FakeControllerSource{
		Items:       map[nnu]runtime.Object{},
		Broadcaster: watch.NewBroadcaster(watchQueueLength, watch.WaitIfChannelFull),
	}
}

// NewFakePVControllerSource returns an empty source for PersistentVolumes.
func NewFakePVControllerSource() *FakePVControllerSource {
	return &FakePVControllerSource{*NewFakeControllerSource()}
}

// NewFakePVCControllerSource returns an empty source for PersistentVolumeClaims.
func NewFakePVCControllerSource() *FakePVCControllerSource {
	return &FakePVCControllerSource{*NewFakeControllerSource()}
}

// ResetWatch simulates a broken connection: current watchers are closed and
// the change history is forgotten, so a client must list again.
func (f *FakeControllerSource) ResetWatch() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stopped {
		return
	}
	f.Broadcaster.Shutdown()
	f.Broadcaster = watch.NewBroadcaster(watchQueueLength, watch.WaitIfChannelFull)
	f.changes = []watch.Event{}
}

// Add stores obj, sets its resourceVersion and tells watchers.
func (f *FakeControllerSource) Add(obj runtime.Object) {
	f.record(watch.Added, obj, true)
}

// Modify replaces the stored object with obj, sets its resourceVersion and
// tells watchers.
func (f *FakeControllerSource) Modify(obj runtime.Object) {
	f.record(watch.Modified, obj, true)
}

// Delete removes the object identified by lastValue, sets lastValue's
// resourceVersion and tells watchers.
func (f *FakeControllerSource) Delete(lastValue runtime.Object) {
	f.record(watch.Deleted, lastValue, true)
}

// AddDropWatch is Add without telling current watchers, as if the event was
// lost; it is still replayed to watches started from an older resourceVersion.
func (f *FakeControllerSource) AddDropWatch(obj runtime.Object) {
	f.record(watch.Added, obj, false)
}

// ModifyDropWatch is Modify without telling current watchers.
func (f *FakeControllerSource) ModifyDropWatch(obj runtime.Object) {
	f.record(watch.Modified, obj, false)
}

// DeleteDropWatch is Delete without telling current watchers.
func (f *FakeControllerSource) DeleteDropWatch(lastValue runtime.Object) {
	f.record(watch.Deleted, lastValue, false)
}

// record is Change with the event spelled out and delivery all or nothing.
func (f *FakeControllerSource) record(t watch.EventType, obj runtime.Object, notify bool) {
	probability := 0.0
	if notify {
		probability = 1
	}
	f.Change(watch.Event{Type: t, Object: obj}, probability)
}

// Change applies e to the store, setting the next resourceVersion on
// e.Object, and sends it to current watchers with probability
// watchProbability (1 always, 0 never). Objects are identified by namespace,
// name and UID. An object without metadata cannot be stored: the change is
// ignored and later List and Watch calls return an error saying so. Changes
// after Shutdown are ignored.
func (f *FakeControllerSource) Change(e watch.Event, watchProbability float64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stopped {
		return
	}
	m, err := meta.Accessor(e.Object)
	if err != nil {
		if f.badChange == nil {
			f.badChange = fmt.Errorf("FakeControllerSource: cannot record %s event for %T: %w", e.Type, e.Object, err)
		}
		return
	}
	f.lastRV++
	m.SetResourceVersion(strconv.Itoa(f.lastRV))
	key := nnu{namespace: m.GetNamespace(), name: m.GetName(), uid: m.GetUID()}
	if e.Type == watch.Deleted {
		delete(f.Items, key)
	} else if e.Type == watch.Added || e.Type == watch.Modified {
		f.Items[key] = e.Object
	}
	// Keep a copy so that later changes to the caller's object do not alter
	// the history replayed to new watchers.
	f.changes = append(f.changes, watch.Event{Type: e.Type, Object: e.Object.DeepCopyObject()})
	if watchProbability >= 1 || rand.Float64() < watchProbability {
		f.Broadcaster.Action(e.Type, e.Object)
	}
}

// usable reports why the source cannot answer, if it cannot.
func (f *FakeControllerSource) usable() error {
	if f.stopped {
		return errors.New("FakeControllerSource: used after Shutdown")
	}
	return f.badChange
}

// list fills listObj with copies of the items and the latest
// resourceVersion, or returns ListError when withListError is set.
func (f *FakeControllerSource) list(listObj runtime.Object, withListError bool) (runtime.Object, error) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	if err := f.usable(); err != nil {
		return nil, err
	}
	if withListError && f.ListError != nil {
		return nil, f.ListError
	}
	items := make([]runtime.Object, 0, len(f.Items))
	for _, obj := range f.Items {
		items = append(items, obj.DeepCopyObject())
	}
	if err := meta.SetList(listObj, items); err != nil {
		return nil, err
	}
	lm, err := meta.ListAccessor(listObj)
	if err != nil {
		return nil, err
	}
	lm.SetResourceVersion(strconv.Itoa(f.lastRV))
	return listObj, nil
}

// List returns a copy of every stored object in a v1.List whose
// resourceVersion is that of the latest change, or ListError if set.
// Options are ignored.
func (f *FakeControllerSource) List(options metav1.ListOptions) (runtime.Object, error) {
	return f.list(&v1.List{}, true)
}

// List returns the stored objects in a v1.PersistentVolumeList; they must
// all be PersistentVolumes. ListError is not consulted.
func (f *FakePVControllerSource) List(options metav1.ListOptions) (runtime.Object, error) {
	return f.list(&v1.PersistentVolumeList{}, false)
}

// List returns the stored objects in a v1.PersistentVolumeClaimList; they
// must all be PersistentVolumeClaims. ListError is not consulted.
func (f *FakePVCControllerSource) List(options metav1.ListOptions) (runtime.Object, error) {
	return f.list(&v1.PersistentVolumeClaimList{}, false)
}

// Watch starts a watch after options.ResourceVersion, which must be an
// integer: changes after it that are still in the history are delivered
// first (as copies), then new changes. A resourceVersion older than the
// history gives a 410 Expired error, one newer than the latest change an
// error.
func (f *FakeControllerSource) Watch(options metav1.ListOptions) (watch.Interface, error) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	if err := f.usable(); err != nil {
		return nil, err
	}
	rv, err := strconv.Atoi(options.ResourceVersion)
	if err != nil {
		return nil, fmt.Errorf("FakeControllerSource: resourceVersion %q is not an integer: %w", options.ResourceVersion, err)
	}
	switch {
	case rv > f.lastRV:
		return nil, errors.New("resource version in the future not supported by this fake")
	case rv == f.lastRV:
		return f.Broadcaster.Watch()
	}
	if len(f.changes) == 0 {
		return nil, apierrors.NewResourceExpired(fmt.Sprintf("too old resource version: %d (%d)", rv, f.lastRV))
	}
	// The history holds consecutive resourceVersions ending at lastRV.
	oldest := f.lastRV - len(f.changes) + 1
	if rv < oldest-1 {
		return nil, apierrors.NewResourceExpired(fmt.Sprintf("too old resource version: %d (%d)", rv, oldest))
	}
	replay := make([]watch.Event, 0, f.lastRV-rv)
	for _, c := range f.changes[rv-oldest+1:] {
		replay = append(replay, watch.Event{Type: c.Type, Object: c.Object.DeepCopyObject()})
	}
	return f.Broadcaster.WatchWithPrefix(replay)
}

// Shutdown stops the broadcaster after delivering queued events and closes
// every watcher. Afterwards List and Watch return errors and changes are
// ignored.
func (f *FakeControllerSource) Shutdown() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stopped {
		return
	}
	f.stopped = true
	f.Broadcaster.Shutdown()
}
