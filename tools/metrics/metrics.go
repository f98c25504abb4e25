// Package metrics provides abstractions for registering which metrics to record.
//
// The client library records what it does (request latency, results, retries,
// transport cache activity, ...) through the package-level variables below.
// By default every variable holds a no-op implementation, so nothing is
// recorded and nothing is allocated. A program that wants the numbers calls
// Register once, early (before creating clients), with its own
// implementations, typically adapters onto Prometheus or OpenTelemetry.
//
// The variables are read without synchronisation by the rest of the library;
// they must only be replaced through Register, which does so exactly once.
package metrics

import (
	"context"
	"net/url"
	"sync"
	"time"
)

// DurationMetric is a measurement of some amount of time.
type DurationMetric interface {
	Observe(duration time.Duration)
}

// ExpiryMetric sets some time of expiry. If nil, assume not relevant.
type ExpiryMetric interface {
	Set(expiry *time.Time)
}

// LatencyMetric observes client latency partitioned by verb and url.
type LatencyMetric interface {
	Observe(ctx context.Context, verb string, u url.URL, latency time.Duration)
}

// ResolverLatencyMetric observes the latency of DNS resolutions partitioned by host.
type ResolverLatencyMetric interface {
	Observe(ctx context.Context, host string, latency time.Duration)
}

// SizeMetric observes client response size partitioned by verb and host.
type SizeMetric interface {
	Observe(ctx context.Context, verb string, host string, size float64)
}

// ResultMetric counts response codes partitioned by method and host.
type ResultMetric interface {
	Increment(ctx context.Context, code string, method string, host string)
}

// CallsMetric counts calls that take place for a specific exec plugin.
type CallsMetric interface {
	// Increment increments a counter per exitCode and callStatus.
	Increment(exitCode int, callStatus string)
}

// PolicyCallsMetric counts the outcome of exec plugin policy checks.
type PolicyCallsMetric interface {
	// Increment increments a counter per status { "allowed", "denied" }
	Increment(status string)
}

// RetryMetric counts the number of retries sent to the server partitioned by
// code, method, and host.
type RetryMetric interface {
	IncrementRetry(ctx context.Context, code string, method string, host string)
}

// TransportCacheMetric shows the number of entries in the internal transport
// cache.
type TransportCacheMetric interface {
	Observe(value int)
}

// TransportCreateCallsMetric counts the number of times a transport is created
// partitioned by the result of the cache: hit, miss, miss-gc, uncacheable.
type TransportCreateCallsMetric interface {
	Increment(result string)
}

// TransportCAReloadsMetric counts the number of times a CA reload is
// attempted, partitioned by the result and reason.
type TransportCAReloadsMetric interface {
	Increment(result, reason string)
}

// TransportCertRotationGCCallsMetric counts the number of times a cert
// rotation goroutine cancel func is called via GC cleanup.
type TransportCertRotationGCCallsMetric interface {
	Increment()
}

// TransportCacheGCCallsMetric counts the number of times a GC cleanup attempts
// to delete a cache entry, partitioned by the result: deleted, skipped.
type TransportCacheGCCallsMetric interface {
	Increment(result string)
}

// The metrics the library updates. Each holds a no-op implementation until
// Register replaces it.
var (
	// ClientCertExpiry is the expiry time of a client certificate.
	ClientCertExpiry ExpiryMetric = noopExpiry{}
	// ClientCertRotationAge is the age of a certificate that has just been rotated.
	ClientCertRotationAge DurationMetric = noopDuration{}
	// RequestLatency is the latency metric that rest clients will update.
	RequestLatency LatencyMetric = noopLatency{}
	// ResolverLatency is the latency metric that DNS resolver will update.
	ResolverLatency ResolverLatencyMetric = noopResolverLatency{}
	// RequestSize is the request size metric that rest clients will update.
	RequestSize SizeMetric = noopSize{}
	// ResponseSize is the response size metric that rest clients will update.
	ResponseSize SizeMetric = noopSize{}
	// RateLimiterLatency is the client side rate limiter latency metric.
	RateLimiterLatency LatencyMetric = noopLatency{}
	// RequestResult is the result metric that rest clients will update.
	RequestResult ResultMetric = noopResult{}
	// ExecPluginCalls is the number of calls made to an exec plugin, partitioned by
	// exit code and call status.
	ExecPluginCalls CallsMetric = noopCalls{}
	// ExecPluginPolicyCalls is the number of plugin policy check calls, partitioned
	// by {"allowed", "denied"}.
	ExecPluginPolicyCalls PolicyCallsMetric = noopStringCounter{}
	// RequestRetry is the retry metric that tracks the number of retries sent to
	// the server.
	RequestRetry RetryMetric = noopRetry{}
	// TransportCacheEntries is the metric that tracks the number of entries in the
	// internal transport cache.
	TransportCacheEntries TransportCacheMetric = noopGauge{}
	// TransportCreateCalls is the metric that counts the number of times a new
	// transport is created.
	TransportCreateCalls TransportCreateCallsMetric = noopStringCounter{}
	// TransportCAReloads is the metric that counts the number of times a CA
	// reload is attempted.
	TransportCAReloads TransportCAReloadsMetric = noopPairCounter{}
	// TransportCertRotationGCCalls counts the number of times a cert rotation
	// goroutine cancel func is called via GC cleanup.
	TransportCertRotationGCCalls TransportCertRotationGCCallsMetric = noopCounter{}
	// TransportCacheGCCalls counts the number of times a GC cleanup attempts to
	// delete a transport cache entry, partitioned by result: deleted, skipped.
	TransportCacheGCCalls TransportCacheGCCallsMetric = noopStringCounter{}
)

// RegisterOpts contains all the metrics to register. Metrics may be nil, in
// which case the corresponding no-op default is kept.
type RegisterOpts struct {
	ClientCertExpiry             ExpiryMetric
	ClientCertRotationAge        DurationMetric
	RequestLatency               LatencyMetric
	ResolverLatency              ResolverLatencyMetric
	RequestSize                  SizeMetric
	ResponseSize                 SizeMetric
	RateLimiterLatency           LatencyMetric
	RequestResult                ResultMetric
	ExecPluginCalls              CallsMetric
	ExecPluginPolicyCalls        PolicyCallsMetric
	RequestRetry                 RetryMetric
	TransportCacheEntries        TransportCacheMetric
	TransportCreateCalls         TransportCreateCallsMetric
	TransportCAReloads           TransportCAReloadsMetric
	TransportCertRotationGCCalls TransportCertRotationGCCallsMetric
	TransportCacheGCCalls        TransportCacheGCCallsMetric

	// RegisterFn, if non-nil, is invoked exactly once by EnsureRegistered,
	// before the first client is constructed. Adapters use it to defer
	// registrations that depend on runtime state.
	RegisterFn func()
}

// registration holds the one-shot state behind Register and EnsureRegistered.
// It is the package's only mutable state besides the exported metric variables.
var registration struct {
	register   sync.Once
	mu         sync.Mutex
	ensure     sync.Once
	registerFn func()
}

// Register registers metrics for the rest client to use. Only the first call
// has any effect; later calls are ignored. It should be called before any
// client is created, because the variables are read without locking.
func Register(opts RegisterOpts) {
	registration.register.Do(func() {
		setIfNonNil(&ClientCertExpiry, opts.ClientCertExpiry)
		setIfNonNil(&ClientCertRotationAge, opts.ClientCertRotationAge)
		setIfNonNil(&RequestLatency, opts.RequestLatency)
		setIfNonNil(&ResolverLatency, opts.ResolverLatency)
		setIfNonNil(&RequestSize, opts.RequestSize)
		setIfNonNil(&ResponseSize, opts.ResponseSize)
		setIfNonNil(&RateLimiterLatency, opts.RateLimiterLatency)
		setIfNonNil(&RequestResult, opts.RequestResult)
		setIfNonNil(&ExecPluginCalls, opts.ExecPluginCalls)
		setIfNonNil(&ExecPluginPolicyCalls, opts.ExecPluginPolicyCalls)
		setIfNonNil(&RequestRetry, opts.RequestRetry)
		setIfNonNil(&TransportCacheEntries, opts.TransportCacheEntries)
		setIfNonNil(&TransportCreateCalls, opts.TransportCreateCalls)
		setIfNonNil(&TransportCAReloads, opts.TransportCAReloads)
		setIfNonNil(&TransportCertRotationGCCalls, opts.TransportCertRotationGCCalls)
		setIfNonNil(&TransportCacheGCCalls, opts.TransportCacheGCCalls)
		if opts.RegisterFn != nil {
			registration.mu.Lock()
			registration.registerFn = opts.RegisterFn
			registration.mu.Unlock()
		}
	})
}

// EnsureRegistered invokes the callback installed via RegisterOpts.RegisterFn
// (if any) exactly once. It is idempotent and cheap after the first call, and
// safe for concurrent use. Constructors of clients and transports call it at
// their start so that metric series exist from the first client onwards.
func EnsureRegistered() {
	registration.mu.Lock()
	fn := registration.registerFn
	registration.mu.Unlock()
	if fn == nil {
		return
	}
	registration.ensure.Do(fn)
}

// setIfNonNil stores v in *dst unless v is a nil interface.
func setIfNonNil[T comparable](dst *T, v T) {
	var zero T
	if v != zero {
		*dst = v
	}
}

// No-op implementations, one per method shape.
type (
	noopDuration        struct{}
	noopExpiry          struct{}
	noopLatency         struct{}
	noopResolverLatency struct{}
	noopSize            struct{}
	noopResult          struct{}
	noopCalls           struct{}
	noopStringCounter   struct{}
	noopRetry           struct{}
	noopGauge           struct{}
	noopPairCounter     struct{}
	noopCounter         struct{}
)

// The methods below implement the metric interfaces by doing nothing.

func (noopDuration) Observe(time.Duration)                                  {}
func (noopExpiry) Set(*time.Time)                                           {}
func (noopLatency) Observe(context.Context, string, url.URL, time.Duration) {}
func (noopResolverLatency) Observe(context.Context, string, time.Duration)  {}
func (noopSize) Observe(context.Context, string, string, float64)           {}
func (noopResult) Increment(context.Context, string, string, string)        {}
func (noopCalls) Increment(int, string)                                     {}
func (noopStringCounter) Increment(string)                                  {}
func (noopRetry) IncrementRetry(context.Context, string, string, string)    {}
func (noopGauge) Observe(int)                                               {}
func (noopPairCounter) Increment(string, string)                            {}
func (noopCounter) Increment()                                              {}
