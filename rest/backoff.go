package rest

import (
	"context"
	"net/url"
	"time"

	"k8s.io/klog/v2"

	"github.com/kclient/kclient/util/flowcontrol"
)

// BackoffManager decides how long to wait before sending a request to a URL,
// based on the outcome of earlier requests.
//
// Deprecated: BackoffManager.Sleep ignores the caller's context. Use
// BackoffManagerWithContext instead.
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

// NoBackoff is a stub implementation, can be used for mocking or else as a
// default. It never delays a request on its own, but its Sleep methods do
// sleep (they are used to honour Retry-After).
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

func sleepWithContext(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// URLBackoff struct implements the semantics on top of Backoff which we need
// for URL specific exponential backoff: failures (connection errors and 5xx
// responses) of a host grow its backoff, successes reset it.
type URLBackoff struct {
	// Backoff is the underlying per-key implementation, keyed by host.
	Backoff *flowcontrol.Backoff
}

// Disable makes the backoff trivial, i.e., sets it to zero. This might be used
// by tests which want to run 1000s of mock requests without slowing down.
func (b *URLBackoff) Disable() {
	klog.V(4).InfoS("Disabling backoff strategy")
	b.Backoff = flowcontrol.NewBackOff(0, 0)
}

// baseUrlKey returns the key which urls will be mapped to: scheme and host.
func (b *URLBackoff) baseUrlKey(u *url.URL) string {
	return u.Scheme + "://" + u.Host
}

// UpdateBackoff updates backoff metadata
func (b *URLBackoff) UpdateBackoff(actualURL *url.URL, err error, responseCode int) {
	b.UpdateBackoffWithContext(context.Background(), actualURL, err, responseCode)
}

// UpdateBackoffWithContext grows the backoff of the URL's host on a 5xx or
// 429 (server overloaded) response and resets it otherwise.
func (b *URLBackoff) UpdateBackoffWithContext(ctx context.Context, actualURL *url.URL, err error, responseCode int) {
	if responseCode > 499 || responseCode == 429 {
		b.Backoff.Next(b.baseUrlKey(actualURL), b.Backoff.Clock.Now())
		return
	}
	if responseCode >= 300 || err != nil {
		klog.FromContext(ctx).V(4).Info("Client is returning errors", "code", responseCode, "err", err)
	}
	b.Backoff.Reset(b.baseUrlKey(actualURL))
}

// CalculateBackoff takes a url and back's off exponentially, based on its
// knowledge of existing failures.
func (b *URLBackoff) CalculateBackoff(actualURL *url.URL) time.Duration {
	return b.Backoff.Get(b.baseUrlKey(actualURL))
}

// CalculateBackoffWithContext takes a url and back's off exponentially,
// based on its knowledge of existing failures.
func (b *URLBackoff) CalculateBackoffWithContext(_ context.Context, actualURL *url.URL) time.Duration {
	return b.CalculateBackoff(actualURL)
}

// Sleep sleeps for d on the backoff's clock.
func (b *URLBackoff) Sleep(d time.Duration) {
	b.Backoff.Clock.Sleep(d)
}

// SleepWithContext sleeps for d or until ctx is done.
func (b *URLBackoff) SleepWithContext(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	select {
	case <-ctx.Done():
	case <-b.Backoff.Clock.After(d):
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
