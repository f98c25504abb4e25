// Package synctrack lets a controller report HasSynced only once it has
// finished processing every item of its informer's initial list, not merely
// once the informer has delivered them.
//
// The pattern: call Start(key) for each item delivered as part of the
// initial list, Finished(key) when a worker is done with it, and
// UpstreamHasSynced once the informer's own HasSynced turns true. HasSynced
// and Done then report when both conditions hold.
package synctrack

import (
	"sync"
	"sync/atomic"
)

// doneSignal is a channel closed exactly once.
type doneSignal struct {
	once sync.Once
	ch   chan struct{}
}

func newDoneSignal() doneSignal { return doneSignal{ch: make(chan struct{})} }

func (d *doneSignal) fire() { d.once.Do(func() { close(d.ch) }) }

func (d *doneSignal) fired() bool {
	select {
	case <-d.ch:
		return true
	default:
		return false
	}
}

// AsyncTracker tracks initial-list items by key, for controllers whose
// workers may finish items in any order or more than once. All methods are
// safe for concurrent use.
type AsyncTracker[T comparable] struct {
	name string

	mu       sync.Mutex
	pending  map[T]struct{}
	upstream bool // UpstreamHasSynced was called

	done doneSignal
}

// NewAsyncTracker returns a tracker with nothing pending; name is reported by Name.
func NewAsyncTracker[T comparable](name string) *AsyncTracker[T] {
	return &AsyncTracker[T]{name: name, pending: map[T]struct{}{}, done: newDoneSignal()}
}

// Start records that key, part of the initial list, is about to be processed.
func (t *AsyncTracker[T]) Start(key T) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pending[key] = struct{}{}
}

// Finished records that key has been processed. Keys are tracked
// individually, so calling it for a key that was never started (or twice) is
// harmless, which suits work queues that cannot tell initial-list items from
// later ones.
func (t *AsyncTracker[T]) Finished(key T) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.pending, key)
	t.checkLocked()
}

// UpstreamHasSynced records that the source has delivered its whole initial
// list (every Start has been called). Call it at least once, as soon as the
// source reports synced.
func (t *AsyncTracker[T]) UpstreamHasSynced() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.upstream = true
	t.checkLocked()
}

func (t *AsyncTracker[T]) checkLocked() {
	if t.upstream && len(t.pending) == 0 {
		t.done.fire()
	}
}

// HasSynced reports whether the source has synced and every started key has
// finished. Once true it stays true.
func (t *AsyncTracker[T]) HasSynced() bool { return t.done.fired() }

// Done returns a channel that is closed when HasSynced becomes true.
func (t *AsyncTracker[T]) Done() <-chan struct{} { return t.done.ch }

// Name returns the name given to NewAsyncTracker.
func (t *AsyncTracker[T]) Name() string { return t.name }

// SingleFileTracker tracks initial-list items by count, for controllers that
// process items strictly in the order they arrive (one queue, one worker).
// All methods are safe for concurrent use.
type SingleFileTracker struct {
	name     string
	inFlight atomic.Int64
	upstream atomic.Bool
	done     doneSignal
}

// NewSingleFileTracker returns a tracker with nothing pending; name is
// reported by Name.
func NewSingleFileTracker(name string) *SingleFileTracker {
	return &SingleFileTracker{name: name, done: newDoneSignal()}
}

// Start records that one initial-list item is about to be processed.
func (t *SingleFileTracker) Start() { t.inFlight.Add(1) }

// Finished records that one started item has been processed. Each call must
// follow its own Start: calling Finished more often than Start is a bug in
// the caller that would make HasSynced lie, so it panics.
func (t *SingleFileTracker) Finished() {
	left := t.inFlight.Add(-1)
	if left < 0 {
		panic("synctrack: SingleFileTracker.Finished called more often than Start")
	}
	if left == 0 && t.upstream.Load() {
		t.done.fire()
	}
}

// UpstreamHasSynced records that the source has delivered its whole initial
// list (every Start has been called). Call it at least once, as soon as the
// source reports synced.
func (t *SingleFileTracker) UpstreamHasSynced() {
	t.upstream.Store(true)
	if t.inFlight.Load() == 0 {
		t.done.fire()
	}
}

// HasSynced reports whether the source has synced and every started item has
// finished. Once true it stays true.
func (t *SingleFileTracker) HasSynced() bool { return t.done.fired() }

// Done returns a channel that is closed when HasSynced becomes true.
func (t *SingleFileTracker) Done() <-chan struct{} { return t.done.ch }

// Name returns the name given to NewSingleFileTracker.
func (t *SingleFileTracker) Name() string { return t.name }
