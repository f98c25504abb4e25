package cache

import (
	"time"

	"k8s.io/utils/clock"
)

// RetryWithDeadline decides whether a failed operation should be retried:
// retryable errors are retried for as long as they keep coming, up to a
// maximum duration. It is not safe for concurrent use.
type RetryWithDeadline interface {
	// After records the outcome (nil for success) of an attempt.
	After(error)
	// ShouldRetry reports whether the last failure should be retried.
	ShouldRetry() bool
}

type retryWithDeadline struct {
	maxRetryDuration time.Duration
	minResetPeriod   time.Duration
	isRetryable      func(error) bool
	clock            clock.Clock

	firstErrorTime time.Time
	lastErrorTime  time.Time
}

// NewRetryWithDeadline returns a RetryWithDeadline. Retryable errors (as
// judged by isRetryable) form a streak as long as each comes within
// minResetPeriod of the previous one; ShouldRetry is true while the streak is
// no older than maxRetryDuration. A success, a non-retryable error or a gap
// of minResetPeriod ends the streak. A non-positive maxRetryDuration never
// retries.
func NewRetryWithDeadline(maxRetryDuration, minResetPeriod time.Duration, isRetryable func(error) bool, clock clock.Clock) RetryWithDeadline {
	return &retryWithDeadline{
		clock:            clock,
		isRetryable:      isRetryable,
		minResetPeriod:   minResetPeriod,
		maxRetryDuration: maxRetryDuration,
	}
}

func (r *retryWithDeadline) reset() {
	r.firstErrorTime, r.lastErrorTime = time.Time{}, time.Time{}
}

func (r *retryWithDeadline) After(err error) {
	if err == nil || r.isRetryable == nil || !r.isRetryable(err) {
		r.reset()
		return
	}
	now := r.clock.Now()
	if r.lastErrorTime.IsZero() || now.Sub(r.lastErrorTime) >= r.minResetPeriod {
		r.firstErrorTime = now
	}
	r.lastErrorTime = now
}

func (r *retryWithDeadline) ShouldRetry() bool {
	if r.maxRetryDuration <= 0 || r.firstErrorTime.IsZero() {
		return false
	}
	return r.clock.Now().Sub(r.firstErrorTime) <= r.maxRetryDuration
}
