package rest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"k8s.io/klog/v2"
)

// IsRetryableErrorFunc allows the client to provide its own function that
// determines whether the specified err from the server is retryable.
//
// request: the original request sent to the server err: the server sent this
// error to us
//
// The function returns true if the error is retryable and the request can be
// retried, otherwise it returns false. We have four mode of communications -
// 'Stream', 'Watch', 'Do' and 'DoRaw', this function allows us to customize
// the retryability aspect of each.
type IsRetryableErrorFunc func(request *http.Request, err error) bool

// IsErrorRetryable calls r.
func (r IsRetryableErrorFunc) IsErrorRetryable(request *http.Request, err error) bool {
	return r(request, err)
}

// neverRetryError treats no transport error as retryable.
var neverRetryError = IsRetryableErrorFunc(func(_ *http.Request, _ error) bool { return false })

// RetryAfter holds information associated with the next retry.
type RetryAfter struct {
	// Wait is the duration the server has asked us to wait before
	// the next retry is initiated.
	// This is the value of the 'Retry-After' response header in seconds.
	Wait time.Duration

	// Attempt is the Nth attempt after which we have received a retryable
	// error or a 'Retry-After' response header from the server.
	Attempt int

	// Reason describes why we are retrying the request
	Reason string
}

// WithRetry allows the client to retry a request up to a certain number
// of times Note that WithRetry is not safe for concurrent use by multiple
// goroutines without additional locking or coordination.
type WithRetry interface {
	// IsNextRetry advances the retry counter appropriately
	// and returns true if the request should be retried,
	// otherwise it returns false, if:
	//  - we have already reached the maximum retry threshold.
	//  - the error does not fall into the retryable category.
	//  - the server has not sent us a 429, or 5xx status code and the
	//    'Retry-After' response header is not set with a value.
	//  - we need to seek to the beginning of the request body before we
	//    initiate the next retry, the function should log an error and
	//    return false if it fails to do so.
	//
	// restReq: the associated rest.Request
	// httpReq: the HTTP Request sent to the server
	// resp: the response sent from the server, it is set if err is nil
	// err: the server sent this error to us, if err is set then resp is nil.
	// f: a IsRetryableErrorFunc function provided by the client that determines
	//    if the err sent by the server is retryable.
	IsNextRetry(ctx context.Context, restReq *Request, httpReq *http.Request, resp *http.Response, err error, f IsRetryableErrorFunc) bool

	// Before should be invoked prior to each attempt, including
	// the first one. If an error is returned, the request should
	// be aborted immediately.
	//
	// Before may also be additionally responsible for preparing
	// the request for the next retry, namely in terms of resetting
	// the request body in case it has been read.
	Before(ctx context.Context, r *Request) error

	// After should be invoked immediately after an attempt is made.
	After(ctx context.Context, r *Request, resp *http.Response, err error)

	// WrapPreviousError wraps the error from any previous attempt into
	// the final error specified in 'finalErr', so the user has more
	// context why the request failed.
	// For example, if a request times out after multiple retries then
	// we see a generic context.Canceled or context.DeadlineExceeded
	// error which is not very useful in debugging. This function can
	// wrap any error from previous attempt(s) to provide more context to
	// the user. The error returned in 'err' must satisfy the
	// following conditions:
	//  a: errors.Unwrap(err) = errors.Unwrap(finalErr) if finalErr
	//     implements Unwrap
	//  b: errors.Unwrap(err) = finalErr if finalErr does not
	//     implements Unwrap
	//  c: errors.Is(err, otherErr) = errors.Is(finalErr, otherErr)
	WrapPreviousError(finalErr error) (err error)
}

// withRetry is the default WithRetry: it retries responses that carry a
// Retry-After header with status 429 or 5xx, and transport errors that the
// caller's IsRetryableErrorFunc accepts (waiting one second), at most
// maxRetries times.
type withRetry struct {
	maxRetries  int
	attempts    int
	retryAfter  *RetryAfter // set when the next attempt is a retry
	previousErr error
}

// newRetry returns the WithRetry of one terminal call.
func (r *Request) newRetry() WithRetry {
	if r.retryFn != nil {
		return r.retryFn(r.maxRetries)
	}
	// kept inside the (already heap-allocated) Request: no allocation
	r.retryState = withRetry{maxRetries: r.maxRetries}
	return &r.retryState
}

func (w *withRetry) IsNextRetry(ctx context.Context, restReq *Request, httpReq *http.Request, resp *http.Response, err error, f IsRetryableErrorFunc) bool {
	if httpReq == nil || (resp == nil && err == nil) {
		return false
	}
	if err == nil {
		if _, ok := retryAfterWait(resp); !ok {
			return false // the common case: a final response, nothing to record
		}
	}
	if restReq.body != nil {
		// an opaque reader can only be re-sent when it can be rewound
		if _, ok := restReq.body.(io.Seeker); !ok {
			return false
		}
	}
	w.attempts++
	w.retryAfter = &RetryAfter{Attempt: w.attempts}
	if w.attempts > w.maxRetries {
		return false
	}

	var seconds int
	switch {
	case err != nil:
		if f == nil || !f.IsErrorRetryable(httpReq, err) {
			return false
		}
		// a retryable transport error waits like a "Retry-After: 1"
		seconds = 1
		w.previousErr = err
		w.retryAfter.Reason = fmt.Sprintf("retries: %d, retry-after: %ds - retry-reason: due to retryable error, error: %v", w.attempts, seconds, err)
	default:
		var ok bool
		if seconds, ok = retryAfterWait(resp); !ok {
			return false
		}
		w.previousErr = fmt.Errorf("the server responded with status %d and asked to retry after %ds", resp.StatusCode, seconds)
		w.retryAfter.Reason = fmt.Sprintf("retries: %d, retry-after: %ds - retry-reason: %d", w.attempts, seconds, resp.StatusCode)
	}
	w.retryAfter.Wait = time.Duration(seconds) * time.Second
	klog.FromContext(ctx).V(4).Info("Retrying request", "url", httpReq.URL.Redacted(), "attempt", w.attempts, "wait", w.retryAfter.Wait)
	return true
}

func (w *withRetry) Before(ctx context.Context, r *Request) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	backoff := !isNoBackoff(r.backoff) && r.c.base != nil
	if w.retryAfter == nil {
		// the first attempt: only a URL backoff may delay it (callers
		// throttle it themselves, before applying their timeout)
		if backoff {
			r.backoff.SleepWithContext(ctx, r.backoff.CalculateBackoffWithContext(ctx, r.URL()))
		}
		return nil
	}
	// a retry: rewind an opaque body, wait as asked (or longer if the URL
	// backoff says so), then take a rate limiter token again
	if s, ok := r.body.(io.Seeker); ok && r.body != nil {
		if _, err := s.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("rewinding the request body for a retry: %w", err)
		}
	}
	delay := w.retryAfter.Wait
	if backoff {
		delay = max(delay, r.backoff.CalculateBackoffWithContext(ctx, r.URL()))
	}
	r.backoff.SleepWithContext(ctx, delay)
	if err := ctx.Err(); err != nil {
		return err
	}
	reason := w.retryAfter.Reason
	w.retryAfter = nil
	return r.tryThrottle(ctx, reason)
}

func (w *withRetry) After(ctx context.Context, r *Request, resp *http.Response, err error) {
	if r.c.base == nil || isNoBackoff(r.backoff) {
		return
	}
	code := 0
	if err == nil && resp != nil {
		code = resp.StatusCode
	}
	r.backoff.UpdateBackoffWithContext(ctx, r.URL(), err, code)
}

func (w *withRetry) WrapPreviousError(finalErr error) error {
	if finalErr == nil || w.previousErr == nil || finalErr == w.previousErr {
		return finalErr
	}
	previous := w.previousErr
	var urlErr *url.Error
	if errors.As(previous, &urlErr) && urlErr.Err != nil {
		previous = urlErr.Err
	}
	return &wrapPreviousError{current: finalErr, previous: previous}
}

// wrapPreviousError is an error that also mentions what made the previous
// attempt fail. It unwraps like the final error.
type wrapPreviousError struct {
	current, previous error
}

func (e *wrapPreviousError) Error() string {
	return fmt.Sprintf("%s - error from a previous attempt: %s", e.current, e.previous)
}

// Unwrap returns what the final error unwraps to, or the final error itself.
func (e *wrapPreviousError) Unwrap() error {
	if inner := errors.Unwrap(e.current); inner != nil {
		return inner
	}
	return e.current
}

// Is makes errors.Is see the final error itself.
func (e *wrapPreviousError) Is(target error) bool {
	return errors.Is(e.current, target)
}

// isNoBackoff reports whether b is the stub backoff (skips URL building).
func isNoBackoff(b BackoffManagerWithContext) bool {
	_, ok := b.(*NoBackoff)
	return ok
}

// retryAfterWait says whether resp asks for a retry (429 or 5xx with a
// Retry-After header in seconds) and how long to wait.
func retryAfterWait(resp *http.Response) (int, bool) {
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode < 500 {
		return 0, false
	}
	return retryAfterSeconds(resp)
}

// retryAfterSeconds parses the Retry-After header as whole seconds.
func retryAfterSeconds(resp *http.Response) (int, bool) {
	h := resp.Header.Get("Retry-After")
	if h == "" {
		return 0, false
	}
	seconds, err := strconv.Atoi(h)
	if err != nil {
		return 0, false
	}
	return max(seconds, 0), true
}

// maxDrain is how much of an unread body is read to keep the connection.
const maxDrain = 2 << 10

// drainBuffers holds the scratch buffers of readAndCloseResponseBody.
var drainBuffers = sync.Pool{New: func() any { return new([maxDrain]byte) }}

// readAndCloseResponseBody drains a small unread body so the connection can
// be reused, and closes it.
func readAndCloseResponseBody(resp *http.Response) {
	if resp == nil || resp.Body == nil {
		return
	}
	if resp.ContentLength <= maxDrain {
		buf := drainBuffers.Get().(*[maxDrain]byte)
		for read := 0; read < maxDrain; {
			n, err := resp.Body.Read(buf[:maxDrain-read])
			read += n
			if err != nil {
				break
			}
		}
		drainBuffers.Put(buf)
	}
	_ = resp.Body.Close()
}
