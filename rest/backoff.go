package rest

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"k8s.io/klog/v2"

	"github.com/kclient/kclient/util/flowcontrol"
)

// BackoffManager decides how long to wait before sending a request to a URL,
// based on the outcome of earlier requests.
//
// Deprecated: implement BackoffManagerWithContext, whose sleeping honours
// the request's context, which Sleep here cannot.
type BackoffManager interface {
	UpdateBackoff(actualURL *url.URL, err error, responseCode int)
	CalculateBackoff(actualURL *url.URL) time.Duration
	Sleep(d time.Duration)
}

// BackoffManagerWithContext is BackoffManager with contextual logging and a
// Sleep that returns early when the context is done.
type BackoffManagerWithContext interface {
	UpdateBackoffWithContext(ctx context.Context, actualURL *url.URL, err error, responseCode int)
	CalculateBackoffWithContext(ctx context.Context, actualURL *url.URL) time.Duration
	SleepWithContext(ctx context.Context, d time.Duration)
}

// NoBackoff is the backoff of requests that have none: it never computes a
// delay and keeps no state, yet its Sleep methods really sleep, because the
// retry logic uses them to honour Retry-After.
type NoBackoff struct{}

var noBackoff = &NoBackoff{}

// UpdateBackoff does nothing.
func (n *NoBackoff) UpdateBackoff(actualURL *url.URL, err error, responseCode int) {}

// UpdateBackoffWithContext does nothing.
func (n *NoBackoff) UpdateBackoffWithContext(ctx context.Context, actualURL *url.URL, err error, responseCode int) {
}

// CalculateBackoff returns 0.
func (n *NoBackoff) CalculateBackoff(actualURL *url.URL) time.Duration { return 0 }

// CalculateBackoffWithContext returns 0.
func (n *NoBackoff) CalculateBackoffWithContext(ctx context.Context, actualURL *url.URL) time.Duration {
	return 0
}

// Sleep sleeps for d.
func (n *NoBackoff) Sleep(d time.Duration) { time.Sleep(d) }

// SleepWithContext sleeps for d or until ctx is done.
func (n *NoBackoff) SleepWithContext(ctx context.Context, d time.Duration) {
	sleepWithContext(ctx, d)
}

// sleepWithContext pauses for d, or less when ctx ends first.
func sleepWithContext(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	timer := time.NewTimer(d)
	select {
	case <-timer.C:
	case <-ctx.Done():
		timer.Stop()
	}
}

// URLBackoff delays requests to a server that recently answered with 429 or
// a 5xx status, with a per-host exponential backoff: each such response
// grows the host's delay, any other outcome (including a transport error)
// clears it. It is safe for concurrent use when Backoff is.
type URLBackoff struct {
	// Backoff keeps the delay per host; its Clock is used for sleeping.
	Backoff *flowcontrol.Backoff
}

// Disable replaces Backoff with one whose delays are always zero, which
// keeps tests that simulate many failures fast.
func (b *URLBackoff) Disable() {
	klog.V(4).InfoS("Disabling backoff strategy")
	b.Backoff = flowcontrol.NewBackOff(0, 0)
}

// backoffKey is what delays are tracked by: scheme and host of the URL.
func backoffKey(u *url.URL) string {
	return u.Scheme + "://" + u.Host
}

// UpdateBackoff is UpdateBackoffWithContext with a background context.
func (b *URLBackoff) UpdateBackoff(actualURL *url.URL, err error, responseCode int) {
	b.UpdateBackoffWithContext(context.Background(), actualURL, err, responseCode)
}

// UpdateBackoffWithContext grows the backoff of the URL's host on a 5xx or
// 429 (server overloaded) response and resets it otherwise.
func (b *URLBackoff) UpdateBackoffWithContext(ctx context.Context, actualURL *url.URL, err error, responseCode int) {
	key := backoffKey(actualURL)
	overloaded := responseCode == http.StatusTooManyRequests || responseCode >= http.StatusInternalServerError
	if overloaded {
		b.Backoff.Next(key, b.Backoff.Clock.Now())
		return
	}
	if err != nil || responseCode >= http.StatusMultipleChoices {
		klog.FromContext(ctx).V(4).Info("Client is returning errors", "code", responseCode, "err", err)
	}
	b.Backoff.Reset(key)
}

// CalculateBackoff returns the current delay for the URL's host: zero
// unless recent responses from it were 429 or 5xx.
func (b *URLBackoff) CalculateBackoff(actualURL *url.URL) time.Duration {
	return b.Backoff.Get(backoffKey(actualURL))
}

// CalculateBackoffWithContext is CalculateBackoff; the context is unused.
func (b *URLBackoff) CalculateBackoffWithContext(_ context.Context, actualURL *url.URL) time.Duration {
	return b.Backoff.Get(backoffKey(actualURL))
}

// Sleep pauses for d on the backoff's clock (a fake clock in tests).
func (b *URLBackoff) Sleep(d time.Duration) {
	b.Backoff.Clock.Sleep(d)
}

// SleepWithContext is Sleep that returns early when ctx ends.
func (b *URLBackoff) SleepWithContext(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	select {
	case <-b.Backoff.Clock.After(d):
	case <-ctx.Done():
	}
}

// backoffAdapter turns a deprecated BackoffManager into a BackoffManagerWithContext.
type backoffAdapter struct{ m BackoffManager }

func (a backoffAdapter) UpdateBackoffWithContext(_ context.Context, u *url.URL, err error, code int) {
	a.m.UpdateBackoff(u, err, code)
}

func (a backoffAdapter) CalculateBackoffWithContext(_ context.Context, u *url.URL) time.Duration {
	return a.m.CalculateBackoff(u)
}

func (a backoffAdapter) SleepWithContext(_ context.Context, d time.Duration) { a.m.Sleep(d) }
