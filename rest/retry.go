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

// IsRetryableErrorFunc decides whether a transport error (no response was
// received) on request may be answered by sending the request again. Each
// terminal call passes its own policy: Do and DoRaw retry GETs broken by
// connection resets, Watch retries early EOFs and timeouts, and Stream
// retries no transport error at all.
type IsRetryableErrorFunc func(request *http.Request, err error) bool

// IsErrorRetryable reports r(request, err).
func (r IsRetryableErrorFunc) IsErrorRetryable(request *http.Request, err error) bool {
	return r(request, err)
}

// neverRetryError treats no transport error as retryable.
var neverRetryError = IsRetryableErrorFunc(func(_ *http.Request, _ error) bool { return false })

// RetryAfter describes the retry that was just scheduled.
type RetryAfter struct {
	// Wait is how long to pause before re-sending: the server's
	// Retry-After value in seconds, or one second after a retryable
	// transport error.
	Wait time.Duration

	// Attempt counts the attempts that ended in a retryable outcome so far,
	// this one included (1 for the first retry).
	Attempt int

	// Reason is a human-readable account of the retry, for logs and for the
	// rate limiter's wait message.
	Reason string
}

// WithRetry is the retry policy of one terminal call (Do, DoRaw, Stream or
// Watch). The call drives it in a fixed order for every attempt: Before,
// send, After, then IsNextRetry to learn whether to go round again, and
// finally WrapPreviousError on the error it returns. An implementation holds
// per-call state and is used by one goroutine only.
type WithRetry interface {
	// IsNextRetry counts the attempt that just finished and reports
	// whether another one should follow. It says no when the retry budget
	// is spent, when err is a transport error that f does not accept,
	// when the response is neither a 429 nor a 5xx with a Retry-After
	// value, or when the request body cannot be rewound for re-sending.
	//
	// restReq is the request being built, httpReq what was sent for this
	// attempt; exactly one of resp (the response) and err (the transport
	// error) is set. f is the caller's policy for transport errors.
	IsNextRetry(ctx context.Context, restReq *Request, httpReq *http.Request, resp *http.Response, err error, f IsRetryableErrorFunc) bool

	// Before runs ahead of every attempt, the first included. Ahead of a
	// retry it rewinds the body, waits as IsNextRetry decided and
	// re-applies the rate limiter. A non-nil error aborts the call with
	// that error (for example when ctx ends while waiting).
	Before(ctx context.Context, r *Request) error

	// After runs right after every attempt with its outcome, so that
	// state such as the URL backoff can be updated.
	After(ctx context.Context, r *Request, resp *http.Response, err error)

	// WrapPreviousError returns the call's final error, enriched with the
	// error of the last failed attempt when there was one: after retries,
	// a bare context.DeadlineExceeded says little about what went wrong.
	// The result must behave like finalErr for inspection: errors.Is
	// answers as for finalErr, and errors.Unwrap yields what
	// errors.Unwrap(finalErr) yields, or finalErr itself when that is nil.
	// A nil finalErr stays nil.
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
