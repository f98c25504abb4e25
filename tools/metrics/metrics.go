// Package metrics is the hook through which the client library reports
// metrics: interfaces for each kind of measurement and the variables that
// hold the implementations in use.
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

// DurationMetric records a length of time.
type DurationMetric interface {
	Observe(duration time.Duration)
}

// ExpiryMetric records a point in time at which something expires; a nil
// expiry means there is nothing that expires.
type ExpiryMetric interface {
	Set(expiry *time.Time)
}

// LatencyMetric records how long a client-side operation took, labelled with
// the HTTP verb and the request URL.
type LatencyMetric interface {
	Observe(ctx context.Context, verb string, u url.URL, latency time.Duration)
}

// ResolverLatencyMetric records how long resolving host took.
type ResolverLatencyMetric interface {
	Observe(ctx context.Context, host string, latency time.Duration)
}

// SizeMetric records a request or response body size in bytes, labelled with
// the HTTP verb and the host.
type SizeMetric interface {
	Observe(ctx context.Context, verb string, host string, size float64)
}

// ResultMetric counts finished requests by status code (or "<error>"), HTTP
// method and host.
type ResultMetric interface {
	Increment(ctx context.Context, code string, method string, host string)
}

// CallsMetric counts runs of exec credential plugins.
type CallsMetric interface {
	// Increment counts one run, labelled with the plugin's exit code and
	// the outcome of the call (callStatus).
	Increment(exitCode int, callStatus string)
}

// PolicyCallsMetric counts the outcome of exec plugin policy checks.
type PolicyCallsMetric interface {
	// Increment counts one check; status is "allowed" or "denied".
	Increment(status string)
}

// RetryMetric counts requests that were retried, labelled with the status
// code that caused the retry, the HTTP method and the host.
type RetryMetric interface {
	IncrementRetry(ctx context.Context, code string, method string, host string)
}

// TransportCacheMetric reports the current size of the internal transport
// cache.
type TransportCacheMetric interface {
	Observe(value int)
}

// TransportCreateCallsMetric counts requests for a base transport, labelled
// with what the cache did: "hit", "miss", "miss-gc" or "uncacheable".
type TransportCreateCallsMetric interface {
	Increment(result string)
}

// TransportCAReloadsMetric counts attempts to reload a CA bundle from disk,
// labelled with the result and the reason for the attempt.
type TransportCAReloadsMetric interface {
	Increment(result, reason string)
}

// TransportCertRotationGCCallsMetric counts client certificate rotation
// goroutines stopped because their transport was garbage collected.
type TransportCertRotationGCCallsMetric interface {
	Increment()
}

// TransportCacheGCCallsMetric counts cleanups run after a cached transport
// was garbage collected, labelled "deleted" when the cache entry was removed
// and "skipped" when the entry had been replaced already.
type TransportCacheGCCallsMetric interface {
	Increment(result string)
}

// The metrics the library updates. Each holds a no-op implementation until
// Register replaces it.
var (
	// ClientCertExpiry is set to the expiry of the client certificate in use.
	ClientCertExpiry ExpiryMetric = noopExpiry{}
	// ClientCertRotationAge records, at each client certificate rotation,
	// how old the replaced certificate was.
	ClientCertRotationAge DurationMetric = noopDuration{}
	// RequestLatency records the duration of each REST request.
	RequestLatency LatencyMetric = noopLatency{}
	// ResolverLatency records the duration of DNS lookups.
	ResolverLatency ResolverLatencyMetric = noopResolverLatency{}
	// RequestSize records the body size of each REST request.
	RequestSize SizeMetric = noopSize{}
	// ResponseSize records the body size of each REST response.
	ResponseSize SizeMetric = noopSize{}
	// RateLimiterLatency records how long requests waited for the
	// client-side rate limiter.
	RateLimiterLatency LatencyMetric = noopLatency{}
	// RequestResult counts REST requests by outcome.
	RequestResult ResultMetric = noopResult{}
	// ExecPluginCalls counts exec credential plugin runs by exit code and
	// call status.
	ExecPluginCalls CallsMetric = noopCalls{}
	// ExecPluginPolicyCalls counts exec plugin policy checks by outcome
	// ("allowed" or "denied").
	ExecPluginPolicyCalls PolicyCallsMetric = noopStringCounter{}
	// RequestRetry counts retried REST requests.
	RequestRetry RetryMetric = noopRetry{}
	// TransportCacheEntries reports the size of the internal transport cache.
	TransportCacheEntries TransportCacheMetric = noopGauge{}
	// TransportCreateCalls counts base transport requests by cache outcome.
	TransportCreateCalls TransportCreateCallsMetric = noopStringCounter{}
	// TransportCAReloads counts CA bundle reload attempts.
	TransportCAReloads TransportCAReloadsMetric = noopPairCounter{}
	// TransportCertRotationGCCalls counts certificate rotation goroutines
	// stopped by garbage collection of their transport.
	TransportCertRotationGCCalls TransportCertRotationGCCallsMetric = noopCounter{}
	// TransportCacheGCCalls counts transport cache cleanups after garbage
	// collection, by result ("deleted" or "skipped").
	TransportCacheGCCalls TransportCacheGCCallsMetric = noopStringCounter{}
)

// RegisterOpts carries the implementations to install, one field per metric
// variable. A nil field keeps the no-op default.
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

	// RegisterFn, when set, is run once, by the first EnsureRegistered
	// call; client and transport constructors make that call, so it runs
	// before the first client exists. Adapters use it to defer
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

// Register installs the non-nil implementations in opts into the package
// variables. Only the first call has any effect; later calls are ignored. It should be called before any
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

// EnsureRegistered runs RegisterOpts.RegisterFn, when one was registered, the
// first time it is called and never again. It is idempotent and cheap after the first call, and
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
