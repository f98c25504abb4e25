package workqueue

import (
	"sync"
	"time"

	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/klog/v2"
	"k8s.io/utils/clock"
)

// TypedDelayingInterface is a TypedInterface that can also add an item after a
// delay, which lets controllers retry failed items without a hot loop.
type TypedDelayingInterface[T comparable] interface {
	TypedInterface[T]
	// AddAfter adds item once duration has passed on the queue's clock; a
	// duration of zero or less adds it at once. If the item is already
	// waiting for its delay, the earlier of the two times is kept. AddAfter
	// never blocks and is ignored after shutdown.
	AddAfter(item T, duration time.Duration)
}

// DelayingInterface is TypedDelayingInterface for untyped items.
//
// Deprecated: switch to the generic TypedDelayingInterface.
type DelayingInterface TypedDelayingInterface[any]

// TypedDelayingQueueConfig holds the optional settings of
// NewTypedDelayingQueueWithConfig. The zero value is valid.
type TypedDelayingQueueConfig[T comparable] struct {
	// Logger receives the report of a panic in the queue's goroutine; nil
	// means klog.Background(). The queue name is not added to it.
	Logger *klog.Logger

	// Name identifies the queue in metrics. Unnamed queues report no metrics.
	Name string

	// MetricsProvider replaces the global provider (see SetProvider) for this
	// queue.
	MetricsProvider MetricsProvider

	// Clock measures the delays; nil means the real clock. Inject a fake
	// clock (k8s.io/utils/clock/testing) to control time in tests.
	Clock clock.WithTicker

	// Queue receives the items whose delay has passed; nil means a new
	// NewTypedWithConfig queue with the same Name, MetricsProvider and Clock.
	Queue TypedInterface[T]
}

// DelayingQueueConfig is TypedDelayingQueueConfig for untyped items.
//
// Deprecated: switch to the generic TypedDelayingQueueConfig.
type DelayingQueueConfig = TypedDelayingQueueConfig[any]

// NewTypedDelayingQueue returns an unnamed delaying queue without metrics on
// the real clock.
func NewTypedDelayingQueue[T comparable]() TypedDelayingInterface[T] {
	return NewTypedDelayingQueueWithConfig(TypedDelayingQueueConfig[T]{})
}

// TypedNewDelayingQueue is NewTypedDelayingQueue under its former name.
//
// Deprecated: the name was a slip; call NewTypedDelayingQueueWithConfig.
func TypedNewDelayingQueue[T comparable]() TypedDelayingInterface[T] {
	return NewTypedDelayingQueue[T]()
}

// NewTypedDelayingQueueWithConfig returns a delaying queue configured by
// config. The queue owns one goroutine that releases delayed items; it ends
// when the queue is shut down, so every queue must eventually be shut down.
func NewTypedDelayingQueueWithConfig[T comparable](config TypedDelayingQueueConfig[T]) TypedDelayingInterface[T] {
	c := config.Clock
	if c == nil {
		c = clock.RealClock{}
	}
	inner := config.Queue
	if inner == nil {
		inner = NewTypedWithConfig(TypedQueueConfig[T]{
			Name:            config.Name,
			MetricsProvider: config.MetricsProvider,
			Clock:           c,
		})
	}
	provider := config.MetricsProvider
	if provider == nil {
		provider = globalMetricsProvider()
	}
	logger := klog.Background()
	if config.Logger != nil {
		logger = *config.Logger
	}
	q := &delayingQueue[T]{
		TypedInterface: inner,
		clock:          c,
		retries:        newRetriesMetric(provider, config.Name),
		waiting:        newWaitingHeap[T](),
		wake:           make(chan struct{}, 1),
		stop:           make(chan struct{}),
		stopped:        make(chan struct{}),
	}
	go q.run(logger)
	return q
}

// NewDelayingQueue returns an unnamed delaying queue without metrics.
//
// Deprecated: switch to the generic NewTypedDelayingQueue.
func NewDelayingQueue() DelayingInterface {
	return NewDelayingQueueWithConfig(DelayingQueueConfig{})
}

// NewDelayingQueueWithConfig returns a delaying queue configured by config.
//
// Deprecated: switch to the generic NewTypedDelayingQueueWithConfig.
func NewDelayingQueueWithConfig(config DelayingQueueConfig) DelayingInterface {
	return NewTypedDelayingQueueWithConfig(config)
}

// NewNamedDelayingQueue returns a delaying queue that reports metrics under
// name.
//
// Deprecated: set Name in the DelayingQueueConfig of NewDelayingQueueWithConfig.
func NewNamedDelayingQueue(name string) DelayingInterface {
	return NewDelayingQueueWithConfig(DelayingQueueConfig{Name: name})
}

// NewDelayingQueueWithCustomClock returns a named delaying queue whose delays
// are measured on clock.
//
// Deprecated: set Name and Clock in the DelayingQueueConfig of NewDelayingQueueWithConfig.
func NewDelayingQueueWithCustomClock(clock clock.WithTicker, name string) DelayingInterface {
	return NewDelayingQueueWithConfig(DelayingQueueConfig{Name: name, Clock: clock})
}

// NewDelayingQueueWithCustomQueue returns a named delaying queue that releases
// delayed items into q.
//
// Deprecated: set Name and Queue in the DelayingQueueConfig of NewDelayingQueueWithConfig.
func NewDelayingQueueWithCustomQueue(q Interface, name string) DelayingInterface {
	return NewDelayingQueueWithConfig(DelayingQueueConfig{Name: name, Queue: q})
}

// delayingQueue adds AddAfter to a TypedInterface. Delayed items wait in a
// heap ordered by ready time; one goroutine sleeps until the earliest is due
// and then adds every due item to the wrapped queue.
type delayingQueue[T comparable] struct {
	TypedInterface[T]

	clock   clock.WithTicker
	retries CounterMetric // nil without metrics

	mu      sync.Mutex
	waiting *waitingHeap[T]
	closed  bool // set by shutdown; later AddAfters are dropped

	wake     chan struct{} // capacity 1: "the earliest ready time changed"
	stop     chan struct{} // closed once to end run
	stopOnce sync.Once
	stopped  chan struct{} // closed when run has returned
}

// AddAfter implements TypedDelayingInterface.
func (q *delayingQueue[T]) AddAfter(item T, duration time.Duration) {
	if q.ShuttingDown() {
		return
	}
	if q.retries != nil {
		q.retries.Inc()
	}
	if duration <= 0 {
		q.Add(item)
		return
	}
	readyAt := q.clock.Now().Add(duration)
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return
	}
	first := q.waiting.schedule(item, readyAt)
	q.mu.Unlock()
	if first {
		select {
		case q.wake <- struct{}{}:
		default: // a wake-up is already pending
		}
	}
}

// ShutDown shuts the wrapped queue down, drops the items still waiting for
// their delay and stops the queue's goroutine, waiting for it to return.
func (q *delayingQueue[T]) ShutDown() {
	q.TypedInterface.ShutDown()
	q.stopLoop()
}

// ShutDownWithDrain drops the items still waiting for their delay, stops the
// queue's goroutine and then shuts the wrapped queue down with drain.
func (q *delayingQueue[T]) ShutDownWithDrain() {
	q.stopLoop()
	q.TypedInterface.ShutDownWithDrain()
}

// stopLoop ends run (once) and waits for it.
func (q *delayingQueue[T]) stopLoop() {
	q.stopOnce.Do(func() {
		q.close()
		close(q.stop)
	})
	<-q.stopped
}

// close drops the items waiting for their delay and makes later AddAfters
// no-ops.
func (q *delayingQueue[T]) close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	q.waiting.reset()
}

// run releases delayed items when they become due, until stop is closed or
// the wrapped queue is shut down on its own (there is nothing left to do
// then). A wrapped Typed announces its shutdown; any other TypedInterface is
// checked whenever run wakes up.
func (q *delayingQueue[T]) run(logger klog.Logger) {
	defer close(q.stopped)
	defer utilruntime.HandleCrashWithLogger(logger)

	var innerStop <-chan struct{}
	if inner, ok := q.TypedInterface.(*Typed[T]); ok {
		innerStop = inner.stop
	}

	var (
		timer clock.Timer
		due   []T
	)
	stopTimer := func() {
		if timer != nil {
			timer.Stop()
			timer = nil
		}
	}
	defer stopTimer()

	for {
		if q.TypedInterface.ShuttingDown() {
			q.close()
			return
		}
		now := q.clock.Now()
		q.mu.Lock()
		due = q.waiting.popReady(now, due[:0])
		next, pending := q.waiting.next()
		q.mu.Unlock()

		for i := range due {
			q.Add(due[i])
		}
		clear(due) // do not keep references to released items

		stopTimer()
		var fire <-chan time.Time
		if pending {
			timer = q.clock.NewTimer(next.Sub(now))
			fire = timer.C()
			// If the clock moved on between Now and NewTimer (a fake clock
			// stepped by a test), the timer may be set too late: look again.
			if !q.clock.Now().Before(next) {
				continue
			}
		}

		select {
		case <-q.stop:
			return
		case <-innerStop:
		case <-q.wake:
		case <-fire:
		}
	}
}
