package workqueue

import "k8s.io/utils/clock"

// TypedRateLimitingInterface is a TypedDelayingInterface whose retries are
// paced by a TypedRateLimiter.
type TypedRateLimitingInterface[T comparable] interface {
	TypedDelayingInterface[T]

	// AddRateLimited adds item after the delay the rate limiter chooses for
	// it (see TypedRateLimiter.When), which also counts as a requeue.
	AddRateLimited(item T)

	// Forget tells the rate limiter to stop tracking item, typically after it
	// was processed successfully or given up on. It only resets the rate
	// limiter; Done must still be called.
	Forget(item T)

	// NumRequeues reports how many times the rate limiter has seen item
	// requeued since it was last forgotten.
	NumRequeues(item T) int
}

// RateLimitingInterface is TypedRateLimitingInterface for untyped items.
//
// Deprecated: switch to the generic TypedRateLimitingInterface.
type RateLimitingInterface TypedRateLimitingInterface[any]

// TypedRateLimitingQueueConfig holds the optional settings of
// NewTypedRateLimitingQueueWithConfig. The zero value is valid.
type TypedRateLimitingQueueConfig[T comparable] struct {
	// Name identifies the queue in metrics. Unnamed queues report no metrics.
	Name string

	// MetricsProvider replaces the global provider (see SetProvider) for this
	// queue.
	MetricsProvider MetricsProvider

	// Clock measures the delays; nil means the real clock.
	Clock clock.WithTicker

	// DelayingQueue receives the rate-limited items; nil means a new
	// NewTypedDelayingQueueWithConfig queue with the same Name,
	// MetricsProvider and Clock.
	DelayingQueue TypedDelayingInterface[T]
}

// RateLimitingQueueConfig is TypedRateLimitingQueueConfig for untyped items.
//
// Deprecated: switch to the generic TypedRateLimitingQueueConfig.
type RateLimitingQueueConfig = TypedRateLimitingQueueConfig[any]

// NewTypedRateLimitingQueue returns an unnamed rate-limited queue without
// metrics. Call Forget for items that need no more retries, otherwise the rate
// limiter keeps tracking them.
func NewTypedRateLimitingQueue[T comparable](rateLimiter TypedRateLimiter[T]) TypedRateLimitingInterface[T] {
	return NewTypedRateLimitingQueueWithConfig(rateLimiter, TypedRateLimitingQueueConfig[T]{})
}

// NewTypedRateLimitingQueueWithConfig returns a rate-limited queue configured
// by config. Call Forget for items that need no more retries, otherwise the
// rate limiter keeps tracking them. A nil rateLimiter means
// DefaultTypedControllerRateLimiter.
func NewTypedRateLimitingQueueWithConfig[T comparable](rateLimiter TypedRateLimiter[T], config TypedRateLimitingQueueConfig[T]) TypedRateLimitingInterface[T] {
	if rateLimiter == nil {
		rateLimiter = DefaultTypedControllerRateLimiter[T]()
	}
	dq := config.DelayingQueue
	if dq == nil {
		// A queue of our own, sharing the name, clock and metrics.
		dq = NewTypedDelayingQueueWithConfig(TypedDelayingQueueConfig[T]{
			Name: config.Name, Clock: config.Clock, MetricsProvider: config.MetricsProvider,
		})
	}
	return &rateLimitingQueue[T]{TypedDelayingInterface: dq, limiter: rateLimiter}
}

// NewRateLimitingQueue returns an unnamed rate-limited queue without metrics.
//
// Deprecated: switch to the generic NewTypedRateLimitingQueue.
func NewRateLimitingQueue(rateLimiter RateLimiter) RateLimitingInterface {
	return NewRateLimitingQueueWithConfig(rateLimiter, RateLimitingQueueConfig{})
}

// NewRateLimitingQueueWithConfig returns a rate-limited queue configured by
// config.
//
// Deprecated: switch to the generic NewTypedRateLimitingQueueWithConfig.
func NewRateLimitingQueueWithConfig(rateLimiter RateLimiter, config RateLimitingQueueConfig) RateLimitingInterface {
	return NewTypedRateLimitingQueueWithConfig[any](rateLimiter, config)
}

// NewNamedRateLimitingQueue returns a rate-limited queue that reports metrics
// under name.
//
// Deprecated: set Name in the RateLimitingQueueConfig of NewRateLimitingQueueWithConfig.
func NewNamedRateLimitingQueue(rateLimiter RateLimiter, name string) RateLimitingInterface {
	return NewRateLimitingQueueWithConfig(rateLimiter, RateLimitingQueueConfig{Name: name})
}

// NewRateLimitingQueueWithDelayingInterface returns a rate-limited queue that
// adds its items to di.
//
// Deprecated: set DelayingQueue in the RateLimitingQueueConfig of NewRateLimitingQueueWithConfig.
func NewRateLimitingQueueWithDelayingInterface(di DelayingInterface, rateLimiter RateLimiter) RateLimitingInterface {
	return NewRateLimitingQueueWithConfig(rateLimiter, RateLimitingQueueConfig{DelayingQueue: di})
}

// rateLimitingQueue asks a rate limiter how long each AddRateLimited must
// wait and delegates the rest to a delaying queue.
type rateLimitingQueue[T comparable] struct {
	TypedDelayingInterface[T]
	limiter TypedRateLimiter[T]
}

// AddRateLimited implements TypedRateLimitingInterface.
func (q *rateLimitingQueue[T]) AddRateLimited(item T) {
	q.AddAfter(item, q.limiter.When(item))
}

// NumRequeues implements TypedRateLimitingInterface.
func (q *rateLimitingQueue[T]) NumRequeues(item T) int {
	return q.limiter.NumRequeues(item)
}

// Forget implements TypedRateLimitingInterface.
func (q *rateLimitingQueue[T]) Forget(item T) {
	q.limiter.Forget(item)
}
