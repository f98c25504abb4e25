package metrics

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

type fakeLatency struct{ n int }

func (f *fakeLatency) Observe(context.Context, string, url.URL, time.Duration) { f.n++ }

type fakeCreate struct{ results []string }

func (f *fakeCreate) Increment(r string) { f.results = append(f.results, r) }

// TestDefaultsAndRegister covers the one-shot registration. Register can only
// take effect once per process, so it is exercised in this single test.
func TestDefaultsAndRegister(t *testing.T) {
	// Defaults are usable no-ops.
	RequestLatency.Observe(context.Background(), "GET", url.URL{}, time.Second)
	RequestResult.Increment(context.Background(), "200", "GET", "host")
	RequestRetry.IncrementRetry(context.Background(), "500", "GET", "host")
	ClientCertExpiry.Set(nil)
	ClientCertRotationAge.Observe(time.Second)
	ResolverLatency.Observe(context.Background(), "host", time.Second)
	RequestSize.Observe(context.Background(), "GET", "host", 1)
	ResponseSize.Observe(context.Background(), "GET", "host", 1)
	RateLimiterLatency.Observe(context.Background(), "GET", url.URL{}, time.Second)
	ExecPluginCalls.Increment(0, "no_error")
	ExecPluginPolicyCalls.Increment("allowed")
	TransportCacheEntries.Observe(1)
	TransportCreateCalls.Increment("hit")
	TransportCAReloads.Increment("success", "updated")
	TransportCertRotationGCCalls.Increment()
	TransportCacheGCCalls.Increment("deleted")

	// EnsureRegistered before Register does nothing.
	EnsureRegistered()

	latency := &fakeLatency{}
	create := &fakeCreate{}
	fnCalls := 0
	prevResult := RequestResult
	Register(RegisterOpts{
		RequestLatency:       latency,
		TransportCreateCalls: create,
		RegisterFn:           func() { fnCalls++ },
	})
	assert.Same(t, latency, RequestLatency)
	assert.Same(t, create, TransportCreateCalls)
	assert.Equal(t, prevResult, RequestResult, "nil options keep the default")
	assert.Zero(t, fnCalls, "RegisterFn runs on EnsureRegistered, not on Register")

	EnsureRegistered()
	EnsureRegistered()
	assert.Equal(t, 1, fnCalls)

	// A second Register is ignored.
	Register(RegisterOpts{RequestLatency: &fakeLatency{}, RegisterFn: func() { fnCalls += 10 }})
	assert.Same(t, latency, RequestLatency)
	EnsureRegistered()
	assert.Equal(t, 1, fnCalls)
}
