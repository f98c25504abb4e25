package rest

import (
	"context"
	"fmt"
	"time"

	"k8s.io/klog/v2"

	"github.com/kclient/kclient/tools/metrics"
)

// Waits on the client-side rate limiter longer than these are logged.
const (
	longThrottleLatency      = 50 * time.Millisecond
	extraLongThrottleLatency = 1 * time.Second
)

// tryThrottle waits for a token of the request's rate limiter, if any.
// retryInfo describes the retry this wait precedes, or is empty.
func (r *Request) tryThrottle(ctx context.Context, retryInfo string) error {
	if r.rateLimiter == nil {
		return nil
	}
	start := time.Now()
	err := r.rateLimiter.Wait(ctx)
	if err != nil {
		err = fmt.Errorf("client rate limiter Wait returned an error: %w", err)
	}
	latency := time.Since(start)
	if latency > longThrottleLatency {
		logger := klog.FromContext(ctx)
		msg := "Waited due to client-side throttling, not priority and fairness"
		if retryInfo != "" {
			msg = "Waited before retrying"
		}
		level := 3
		if latency > extraLongThrottleLatency {
			level = 0
		}
		logger.V(level).Info(msg, "latency", latency, "verb", r.verb, "url", r.URL().Redacted(), "retry", retryInfo)
	}
	if metricsEnabled(metrics.RateLimiterLatency) {
		metrics.RateLimiterLatency.Observe(ctx, r.verb, r.urlTemplate(), latency)
	}
	return err
}
