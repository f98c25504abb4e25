package workqueue

import (
	"sync"
	"time"

	"k8s.io/utils/clock"
)

// TypedInterface is the contract every work queue in this package fulfils for
// items of type T. Implementations are safe for concurrent use by any number
// of producers and workers.
type TypedInterface[T comparable] interface {
	// Add queues item for a worker. At most one copy of an item waits at a
	// time; an item that a worker holds right now is queued again once Done
	// is called for it. After shutdown Add has no effect.
	Add(item T)
	// Len reports how many items wait to be handed out. It is informational
	// only: by the time the caller looks at it, it may be stale.
	Len() int
	// Get blocks until an item is available or the queue is shut down and
	// empty, in which case shutdown is true. Every item returned must be
	// passed to Done once it has been processed.
	Get() (item T, shutdown bool)
	// Done tells the queue that processing of item has finished. If item was
	// added again meanwhile, it is queued again.
	Done(item T)
	// ShutDown makes the queue ignore further Adds. Workers keep receiving
	// the items that are still queued; once the queue is empty Get returns
	// shutdown == true. ShutDown does not wait for anything.
	ShutDown()
	// ShutDownWithDrain is ShutDown that additionally waits until every item
	// being processed has been marked Done. A later ShutDown releases it
	// early.
	ShutDownWithDrain()
	// ShuttingDown reports whether ShutDown or ShutDownWithDrain has been
	// called.
	ShuttingDown() bool
}

// Interface is TypedInterface for untyped items.
//
// Deprecated: switch to the generic TypedInterface.
type Interface TypedInterface[any]

// TypedQueueConfig holds the optional settings of NewTypedWithConfig. The zero
// value is valid: an unnamed FIFO queue on the real clock without metrics.
type TypedQueueConfig[T comparable] struct {
	// Name identifies the queue in metrics. Unnamed queues report no metrics.
	Name string

	// MetricsProvider replaces the global provider (see SetProvider) for this
	// queue.
	MetricsProvider MetricsProvider

	// Clock is the time source for metrics; nil means the real clock.
	Clock clock.WithTicker

	// Queue holds the items that wait for a worker; nil means DefaultQueue.
	// Each work queue needs a Queue of its own.
	Queue Queue[T]
}

// QueueConfig is TypedQueueConfig for untyped items.
//
// Deprecated: switch to the generic TypedQueueConfig.
type QueueConfig = TypedQueueConfig[any]

// unfinishedWorkUpdatePeriod is how often a queue with metrics publishes the
// age of the work in progress.
const unfinishedWorkUpdatePeriod = 500 * time.Millisecond

// Typed is the de-duplicating FIFO work queue described in the package
// documentation, for items of type T. Create it with NewTyped or
// NewTypedWithConfig; the zero value is not usable. All methods are safe for
// concurrent use.
//
// Add, Get and Done are O(1) amortized and take one short critical section
// each. An item is in exactly one of two states: waiting (in the backlog) or
// processing (in a small map sized by the number of busy workers, which also
// remembers whether the item was added again meanwhile). Keeping the two apart
// means that Done never touches the backlog, whose membership set grows with
// the number of waiting items; with the default FIFO, Get does not touch that
// set either (see fifoBacklog), so a waiting item costs one hash lookup in a
// large set instead of several.
type Typed[T comparable] struct {
	mu   sync.Mutex
	cond sync.Cond // L is &mu; signalled when items arrive, on shutdown and when draining completes

	waiting    backlog[T] // items to hand out, over the configured Queue
	processing map[T]bool // items between Get and Done; true if added again meanwhile

	shuttingDown bool
	drain        bool // a ShutDownWithDrain is waiting for processing to reach zero

	metrics *queueMetrics[T] // nil when the queue reports no metrics
	clock   clock.WithTicker
	stop    chan struct{} // closed on shutdown; ends the metrics loop
	stopped chan struct{} // closed when the metrics loop has returned; nil without one
}

// Type is Typed for untyped items.
//
// Deprecated: switch to the generic Typed.
type Type = Typed[any]

// NewTyped returns an unnamed FIFO queue without metrics.
func NewTyped[T comparable]() *Typed[T] {
	return NewTypedWithConfig(TypedQueueConfig[T]{})
}

// NewTypedWithConfig returns a queue configured by config. A named queue with
// a metrics provider owns one goroutine that publishes unfinished-work
// metrics; it ends when the queue is shut down.
func NewTypedWithConfig[T comparable](config TypedQueueConfig[T]) *Typed[T] {
	c := config.Clock
	if c == nil {
		c = clock.RealClock{}
	}
	store := config.Queue
	if store == nil {
		store = DefaultQueue[T]()
	}
	provider := config.MetricsProvider
	if provider == nil {
		provider = globalMetricsProvider()
	}
	q := &Typed[T]{
		waiting:    newBacklog(store),
		processing: make(map[T]bool),
		metrics:    newQueueMetrics[T](provider, config.Name, c),
		clock:      c,
		stop:       make(chan struct{}),
	}
	q.cond.L = &q.mu
	if q.metrics != nil {
		q.stopped = make(chan struct{})
		go q.publishUnfinishedWork()
	}
	return q
}

// New returns an unnamed FIFO queue without metrics.
//
// Deprecated: switch to the generic NewTyped.
func New() *Type {
	return NewWithConfig(QueueConfig{})
}

// NewWithConfig returns a queue configured by config.
//
// Deprecated: switch to the generic NewTypedWithConfig.
func NewWithConfig(config QueueConfig) *Type {
	return NewTypedWithConfig(config)
}

// NewNamed returns a queue that reports metrics under name.
//
// Deprecated: set Name in the QueueConfig of NewWithConfig.
func NewNamed(name string) *Type {
	return NewWithConfig(QueueConfig{Name: name})
}

// Add queues item for a worker. An item that already waits keeps its place
// (the Queue's Touch is called instead); an item a worker holds is
// remembered and queued again by Done. After shutdown Add has no effect.
func (q *Typed[T]) Add(item T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.shuttingDown {
		return
	}
	if again, ok := q.processing[item]; ok {
		if !again {
			q.processing[item] = true // Done queues it again
			q.metrics.add(item)
		}
		return
	}
	if !q.waiting.add(item) {
		return // already waiting
	}
	q.metrics.add(item)
	q.cond.Signal()
}

// Len returns the number of items waiting to be handed out. Items being
// processed are not counted. The value is informational only; do not use it
// to decide whether to call Add or Get.
func (q *Typed[T]) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.waiting.len()
}

// Get blocks until an item can be handed out and returns it with shutdown ==
// false; the item is then processing until Done is called for it. Once the
// queue is shut down and empty, Get returns the zero value and shutdown ==
// true, and the caller should stop working.
func (q *Typed[T]) Get() (item T, shutdown bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.waiting.len() == 0 && !q.shuttingDown {
		q.cond.Wait()
	}
	if q.waiting.len() == 0 {
		return item, true
	}
	item = q.waiting.pop()
	q.processing[item] = false
	q.metrics.get(item)
	return item, false
}

// Done marks item as processed. If it was added again while processing, it is
// queued again (even during shutdown, so that no requested work is lost).
// Done for an item that is not being processed does nothing.
func (q *Typed[T]) Done(item T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	again, ok := q.processing[item]
	if !ok {
		return
	}
	q.metrics.done(item)
	delete(q.processing, item)
	if again {
		q.waiting.add(item)
		q.cond.Signal()
	}
	if len(q.processing) == 0 && q.drain {
		q.cond.Broadcast()
	}
}

// ShutDown makes the queue ignore further Adds and wakes every blocked Get;
// workers still receive the items already queued and then get shutdown ==
// true. It also releases a waiting ShutDownWithDrain. ShutDown does not wait
// for workers, is idempotent and safe to call concurrently.
func (q *Typed[T]) ShutDown() {
	q.mu.Lock()
	q.drain = false
	q.shutDownLocked()
	q.mu.Unlock()
	q.waitStopped()
}

// ShutDownWithDrain shuts the queue down like ShutDown and then blocks until
// no item is being processed, that is until every item handed out by Get has
// been marked Done. Items still waiting, including those Done queued again,
// stay available to Get after it returns. Workers must call Done for every
// item or this method blocks forever, unless ShutDown is called to release it.
func (q *Typed[T]) ShutDownWithDrain() {
	q.mu.Lock()
	q.drain = true
	q.shutDownLocked()
	for len(q.processing) != 0 && q.drain {
		q.cond.Wait()
	}
	q.mu.Unlock()
	q.waitStopped()
}

// ShuttingDown reports whether ShutDown or ShutDownWithDrain has been called.
func (q *Typed[T]) ShuttingDown() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.shuttingDown
}

// shutDownLocked flips the queue into shutdown (once) and wakes all waiters.
// The caller holds q.mu.
func (q *Typed[T]) shutDownLocked() {
	if !q.shuttingDown {
		q.shuttingDown = true
		close(q.stop)
	}
	q.cond.Broadcast()
}

// waitStopped waits for the metrics goroutine, if any, to return. It must be
// called without holding q.mu.
func (q *Typed[T]) waitStopped() {
	if q.stopped != nil {
		<-q.stopped
	}
}

// publishUnfinishedWork periodically reports how long the items in progress
// have been processing, until the queue shuts down. It re-arms a timer rather
// than using a ticker so that stopping it releases everything it holds, fake
// clocks included.
func (q *Typed[T]) publishUnfinishedWork() {
	defer close(q.stopped)
	timer := q.clock.NewTimer(unfinishedWorkUpdatePeriod)
	defer timer.Stop()
	for {
		select {
		case <-q.stop:
			return
		case <-timer.C():
		}
		q.mu.Lock()
		if !q.shuttingDown {
			q.metrics.updateUnfinishedWork()
		}
		q.mu.Unlock()
		timer.Reset(unfinishedWorkUpdatePeriod)
	}
}
