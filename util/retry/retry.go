package retry

import (
	"errors"
	"fmt"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/util/wait"
)

// DefaultRetry suits callers that race with other writers of the same fields:
// five quick attempts, 10ms apart (with 10% jitter), without growth. The whole
// schedule finishes within roughly 50ms.
var DefaultRetry = wait.Backoff{
	Steps:    5,
	Duration: 10 * time.Millisecond,
	Factor:   1.0,
	Jitter:   0.1,
}

// DefaultBackoff suits callers that touch an object which controllers are
// also busy with: four attempts whose delay starts at 10ms and grows
// five-fold each time (10ms, 50ms, 250ms, ...), with 10% jitter.
var DefaultBackoff = wait.Backoff{
	Steps:    4,
	Duration: 10 * time.Millisecond,
	Factor:   5.0,
	Jitter:   0.1,
}

// OnError calls fn until it succeeds, until it returns an error for which
// retriable reports false, or until backoff runs out of steps. Between two
// calls it sleeps as backoff dictates. It returns nil on success and otherwise
// the error of the last call to fn, unwrapped, so callers can inspect it with
// apierrors.IsConflict and friends. A nil retriable treats every error as
// final. With backoff.Steps of 0 or less fn is never called and an error
// saying so is returned.
func OnError(backoff wait.Backoff, retriable func(error) bool, fn func() error) error {
	var last error
	err := wait.ExponentialBackoff(backoff, func() (bool, error) {
		last = fn()
		switch {
		case last == nil:
			return true, nil
		case retriable != nil && retriable(last):
			return false, nil
		default:
			return false, last
		}
	})
	if errors.Is(err, wait.ErrWaitTimeout) || wait.Interrupted(err) {
		if last != nil {
			return last
		}
		return fmt.Errorf("retry: gave up before the operation ran: %w", err)
	}
	return err
}

// RetryOnConflict is OnError with apierrors.IsConflict as the retry test: fn
// should read the object, change it and write it back, returning the write's
// error as is (not wrapped), so a 409 Conflict triggers another attempt from a
// fresh read. Any other error, or exhausting backoff, ends the loop and is
// returned to the caller.
func RetryOnConflict(backoff wait.Backoff, fn func() error) error {
	return OnError(backoff, apierrors.IsConflict, fn)
}
