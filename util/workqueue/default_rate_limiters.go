package workqueue

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// TypedRateLimiter decides how long an item must wait before it is retried.
// Implementations in this package are safe for concurrent use.
type TypedRateLimiter[T comparable] interface {
	// When returns how long item should wait before its next attempt, and
	// records the attempt.
	When(item T) time.Duration
	// Forget stops tracking item, whether it finally succeeded or was given
	// up on; its next When starts from scratch.
	Forget(item T)
	// NumRequeues reports how many attempts have been recorded for item
	// since it was last forgotten.
	NumRequeues(item T) int
}

// RateLimiter is TypedRateLimiter for untyped items.
//
// Deprecated: switch to the generic TypedRateLimiter.
type RateLimiter TypedRateLimiter[any]

// DefaultTypedControllerRateLimiter returns the rate limiter controllers use
// by default: the larger of a per-item exponential backoff (5ms doubling per
// failure, capped at 1000s) and an overall token bucket (10 retries per second
// with a burst of 100).
func DefaultTypedControllerRateLimiter[T comparable]() TypedRateLimiter[T] {
	return NewTypedMaxOfRateLimiter(
		NewTypedItemExponentialFailureRateLimiter[T](5*time.Millisecond, 1000*time.Second),
		&TypedBucketRateLimiter[T]{Limiter: rate.NewLimiter(rate.Limit(10), 100)},
	)
}

// DefaultControllerRateLimiter is DefaultTypedControllerRateLimiter for
// untyped items.
//
// Deprecated: switch to the generic DefaultTypedControllerRateLimiter.
func DefaultControllerRateLimiter() RateLimiter {
	return DefaultTypedControllerRateLimiter[any]()
}

// DefaultTypedItemBasedRateLimiter returns a per-item exponential backoff
// starting at 1ms and capped at 1000s.
func DefaultTypedItemBasedRateLimiter[T comparable]() TypedRateLimiter[T] {
	return NewTypedItemExponentialFailureRateLimiter[T](time.Millisecond, 1000*time.Second)
}

// DefaultItemBasedRateLimiter is DefaultTypedItemBasedRateLimiter for untyped
// items.
//
// Deprecated: switch to the generic DefaultTypedItemBasedRateLimiter.
func DefaultItemBasedRateLimiter() RateLimiter {
	return DefaultTypedItemBasedRateLimiter[any]()
}

// TypedBucketRateLimiter limits the overall retry rate with a token bucket,
// whatever the item. Each When takes a token and returns how long to wait for
// it. It does not track items: NumRequeues is always 0 and Forget does
// nothing. A nil Limiter imposes no wait.
type TypedBucketRateLimiter[T comparable] struct {
	*rate.Limiter
}

// BucketRateLimiter is TypedBucketRateLimiter for untyped items.
//
// Deprecated: switch to the generic TypedBucketRateLimiter.
type BucketRateLimiter = TypedBucketRateLimiter[any]

// When reserves a token and returns the wait until it is available.
func (r *TypedBucketRateLimiter[T]) When(item T) time.Duration {
	if r.Limiter == nil {
		return 0
	}
	return r.Limiter.Reserve().Delay()
}

// NumRequeues always returns 0: the bucket does not track items.
func (r *TypedBucketRateLimiter[T]) NumRequeues(item T) int { return 0 }

// Forget does nothing: the bucket does not track items.
func (r *TypedBucketRateLimiter[T]) Forget(item T) {}

// failureCounts counts attempts per item under a mutex. It is the shared state
// of the per-item rate limiters.
type failureCounts[T comparable] struct {
	mu       sync.Mutex
	failures map[T]int
}

// record increments the count of item and returns the count before it.
func (c *failureCounts[T]) record(item T) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failures == nil {
		c.failures = make(map[T]int)
	}
	n := c.failures[item]
	c.failures[item] = n + 1
	return n
}

func (c *failureCounts[T]) count(item T) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.failures[item]
}

func (c *failureCounts[T]) forget(item T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.failures, item)
}

// TypedItemExponentialFailureRateLimiter makes the n-th consecutive attempt of
// an item (counting from 0) wait baseDelay*2^n, capped at maxDelay. Items are
// tracked until Forget; giving up after too many failures is up to the
// caller (see NumRequeues).
type TypedItemExponentialFailureRateLimiter[T comparable] struct {
	counts    failureCounts[T]
	baseDelay time.Duration
	maxDelay  time.Duration
}

// ItemExponentialFailureRateLimiter is TypedItemExponentialFailureRateLimiter
// for untyped items.
//
// Deprecated: switch to the generic TypedItemExponentialFailureRateLimiter.
type ItemExponentialFailureRateLimiter = TypedItemExponentialFailureRateLimiter[any]

// NewTypedItemExponentialFailureRateLimiter returns a per-item exponential
// backoff from baseDelay up to maxDelay.
func NewTypedItemExponentialFailureRateLimiter[T comparable](baseDelay time.Duration, maxDelay time.Duration) TypedRateLimiter[T] {
	return &TypedItemExponentialFailureRateLimiter[T]{baseDelay: baseDelay, maxDelay: maxDelay}
}

// NewItemExponentialFailureRateLimiter is
// NewTypedItemExponentialFailureRateLimiter for untyped items.
//
// Deprecated: switch to the generic NewTypedItemExponentialFailureRateLimiter.
func NewItemExponentialFailureRateLimiter(baseDelay time.Duration, maxDelay time.Duration) RateLimiter {
	return NewTypedItemExponentialFailureRateLimiter[any](baseDelay, maxDelay)
}

// When records an attempt of item and returns baseDelay*2^(previous
// attempts), capped at maxDelay (also when the product overflows).
func (r *TypedItemExponentialFailureRateLimiter[T]) When(item T) time.Duration {
	n := r.counts.record(item)
	backoff := float64(r.baseDelay.Nanoseconds()) * math.Pow(2, float64(n))
	// float64(math.MaxInt64) rounds up to 2^63, which no Duration can hold.
	if backoff >= math.MaxInt64 {
		return r.maxDelay
	}
	return min(time.Duration(backoff), r.maxDelay)
}

// NumRequeues returns the number of attempts recorded for item.
func (r *TypedItemExponentialFailureRateLimiter[T]) NumRequeues(item T) int {
	return r.counts.count(item)
}

// Forget resets item's backoff.
func (r *TypedItemExponentialFailureRateLimiter[T]) Forget(item T) {
	r.counts.forget(item)
}

// TypedItemFastSlowRateLimiter retries an item quickly (fastDelay) for its
// first maxFastAttempts attempts and slowly (slowDelay) after that, until
// Forget.
type TypedItemFastSlowRateLimiter[T comparable] struct {
	counts          failureCounts[T]
	fastDelay       time.Duration
	slowDelay       time.Duration
	maxFastAttempts int
}

// ItemFastSlowRateLimiter is TypedItemFastSlowRateLimiter for untyped items.
//
// Deprecated: switch to the generic TypedItemFastSlowRateLimiter.
type ItemFastSlowRateLimiter = TypedItemFastSlowRateLimiter[any]

// NewTypedItemFastSlowRateLimiter returns a rate limiter that waits fastDelay
// for the first maxFastAttempts attempts of an item and slowDelay afterwards.
func NewTypedItemFastSlowRateLimiter[T comparable](fastDelay, slowDelay time.Duration, maxFastAttempts int) TypedRateLimiter[T] {
	return &TypedItemFastSlowRateLimiter[T]{fastDelay: fastDelay, slowDelay: slowDelay, maxFastAttempts: maxFastAttempts}
}

// NewItemFastSlowRateLimiter is NewTypedItemFastSlowRateLimiter for untyped
// items.
//
// Deprecated: switch to the generic NewTypedItemFastSlowRateLimiter.
func NewItemFastSlowRateLimiter(fastDelay, slowDelay time.Duration, maxFastAttempts int) RateLimiter {
	return NewTypedItemFastSlowRateLimiter[any](fastDelay, slowDelay, maxFastAttempts)
}

// When records an attempt of item and returns fastDelay while the item has
// had at most maxFastAttempts attempts (this one included), slowDelay after.
func (r *TypedItemFastSlowRateLimiter[T]) When(item T) time.Duration {
	if r.counts.record(item) < r.maxFastAttempts {
		return r.fastDelay
	}
	return r.slowDelay
}

// NumRequeues returns the number of attempts recorded for item.
func (r *TypedItemFastSlowRateLimiter[T]) NumRequeues(item T) int {
	return r.counts.count(item)
}

// Forget resets item to fast retries.
func (r *TypedItemFastSlowRateLimiter[T]) Forget(item T) {
	r.counts.forget(item)
}

// TypedMaxOfRateLimiter combines rate limiters by asking all of them and
// obeying the longest wait. Combined with a token bucket, an item that another
// limiter delayed for longer still consumes a bucket token, so the bucket's
// burst can appear to be exceeded when those items come due together.
type TypedMaxOfRateLimiter[T comparable] struct {
	limiters []TypedRateLimiter[T]
}

// MaxOfRateLimiter is TypedMaxOfRateLimiter for untyped items.
//
// Deprecated: switch to the generic TypedMaxOfRateLimiter.
type MaxOfRateLimiter = TypedMaxOfRateLimiter[any]

// NewTypedMaxOfRateLimiter returns a rate limiter that obeys the longest wait
// of limiters. Nil limiters are ignored.
func NewTypedMaxOfRateLimiter[T comparable](limiters ...TypedRateLimiter[T]) TypedRateLimiter[T] {
	kept := make([]TypedRateLimiter[T], 0, len(limiters))
	for _, l := range limiters {
		if l != nil {
			kept = append(kept, l)
		}
	}
	return &TypedMaxOfRateLimiter[T]{limiters: kept}
}

// NewMaxOfRateLimiter is NewTypedMaxOfRateLimiter for untyped items.
//
// Deprecated: switch to the generic NewTypedMaxOfRateLimiter.
func NewMaxOfRateLimiter(limiters ...TypedRateLimiter[any]) RateLimiter {
	return NewTypedMaxOfRateLimiter(limiters...)
}

// When asks every limiter (each records the attempt) and returns the longest
// wait.
func (r *TypedMaxOfRateLimiter[T]) When(item T) time.Duration {
	var longest time.Duration
	for _, l := range r.limiters {
		longest = max(longest, l.When(item))
	}
	return longest
}

// NumRequeues returns the largest count reported by the limiters.
func (r *TypedMaxOfRateLimiter[T]) NumRequeues(item T) int {
	var most int
	for _, l := range r.limiters {
		most = max(most, l.NumRequeues(item))
	}
	return most
}

// Forget forgets item in every limiter.
func (r *TypedMaxOfRateLimiter[T]) Forget(item T) {
	for _, l := range r.limiters {
		l.Forget(item)
	}
}

// TypedWithMaxWaitRateLimiter caps the wait chosen by another rate limiter at
// maxDelay.
type TypedWithMaxWaitRateLimiter[T comparable] struct {
	limiter  TypedRateLimiter[T]
	maxDelay time.Duration
}

// WithMaxWaitRateLimiter is TypedWithMaxWaitRateLimiter for untyped items.
//
// Deprecated: switch to the generic TypedWithMaxWaitRateLimiter.
type WithMaxWaitRateLimiter = TypedWithMaxWaitRateLimiter[any]

// NewTypedWithMaxWaitRateLimiter returns limiter with its waits capped at
// maxDelay.
func NewTypedWithMaxWaitRateLimiter[T comparable](limiter TypedRateLimiter[T], maxDelay time.Duration) TypedRateLimiter[T] {
	return &TypedWithMaxWaitRateLimiter[T]{limiter: limiter, maxDelay: maxDelay}
}

// NewWithMaxWaitRateLimiter is NewTypedWithMaxWaitRateLimiter for untyped
// items.
//
// Deprecated: switch to the generic NewTypedWithMaxWaitRateLimiter.
func NewWithMaxWaitRateLimiter(limiter RateLimiter, maxDelay time.Duration) RateLimiter {
	return NewTypedWithMaxWaitRateLimiter[any](limiter, maxDelay)
}

// When returns the wrapped limiter's wait, at most maxDelay.
func (w TypedWithMaxWaitRateLimiter[T]) When(item T) time.Duration {
	if w.limiter == nil {
		return 0
	}
	return min(w.limiter.When(item), w.maxDelay)
}

// Forget forwards to the wrapped limiter.
func (w TypedWithMaxWaitRateLimiter[T]) Forget(item T) {
	if w.limiter != nil {
		w.limiter.Forget(item)
	}
}

// NumRequeues forwards to the wrapped limiter.
func (w TypedWithMaxWaitRateLimiter[T]) NumRequeues(item T) int {
	if w.limiter == nil {
		return 0
	}
	return w.limiter.NumRequeues(item)
}
