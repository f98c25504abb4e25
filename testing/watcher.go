package testing

import (
	"sync"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
)

// watchBuffer (apimachinery's default watch channel size) is how many
// events a trackerWatcher holds in its channel before it starts queueing
// them in memory.
const watchBuffer = 100

// trackerWatcher is the watch.Interface the tracker hands out. Unlike
// apimachinery's fake watchers it never panics or blocks the sender when the
// consumer is slow: events beyond the channel's buffer are queued in memory
// and moved into the channel by a goroutine that exists only while the
// queue is non-empty and ends when the queue drains or Stop is called.
// Events are delivered in the order they were sent.
type trackerWatcher struct {
	mu      sync.Mutex
	result  chan watch.Event
	stopCh  chan struct{}
	backlog []watch.Event
	pumping bool // a pump goroutine owns the send side of result
	stopped bool
}

func newTrackerWatcher() *trackerWatcher {
	return &trackerWatcher{
		result: make(chan watch.Event, watchBuffer),
		stopCh: make(chan struct{}),
	}
}

// ResultChan returns the channel of events; it is closed after Stop.
func (w *trackerWatcher) ResultChan() <-chan watch.Event { return w.result }

// Stop ends the watch: pending events are dropped and the result channel is
// closed. It is idempotent and safe for concurrent use.
func (w *trackerWatcher) Stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		return
	}
	w.stopped = true
	w.backlog = nil
	close(w.stopCh)
	if !w.pumping {
		close(w.result)
	}
	// Otherwise the pump closes result when it sees stopCh.
}

// isStopped reports whether Stop was called.
func (w *trackerWatcher) isStopped() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stopped
}

// send delivers an event of type t carrying obj; it never blocks and is a
// no-op after Stop.
func (w *trackerWatcher) send(t watch.EventType, obj runtime.Object) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		return
	}
	ev := watch.Event{Type: t, Object: obj}
	if !w.pumping {
		select {
		case w.result <- ev:
			return
		default:
		}
		w.pumping = true
		w.backlog = append(w.backlog, ev)
		go w.pump()
		return
	}
	w.backlog = append(w.backlog, ev)
}

// pump moves queued events into the result channel until the queue is
// empty or the watcher is stopped.
func (w *trackerWatcher) pump() {
	for {
		w.mu.Lock()
		if w.stopped {
			w.pumping = false
			close(w.result)
			w.mu.Unlock()
			return
		}
		if len(w.backlog) == 0 {
			w.pumping = false
			w.backlog = nil
			w.mu.Unlock()
			return
		}
		ev := w.backlog[0]
		w.backlog[0] = watch.Event{}
		w.backlog = w.backlog[1:]
		w.mu.Unlock()

		select {
		case w.result <- ev:
		case <-w.stopCh:
		}
	}
}
