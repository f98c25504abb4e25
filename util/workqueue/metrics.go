package workqueue

import (
	"sync"
	"sync/atomic"
	"time"

	"k8s.io/utils/clock"
)

// GaugeMetric is a value that goes up and down by one step at a time.
// Implementations must be safe for concurrent use.
type GaugeMetric interface {
	// Inc adds one.
	Inc()
	// Dec subtracts one.
	Dec()
}

// SettableGaugeMetric is a value that is replaced as a whole. It is separate
// from GaugeMetric for compatibility with existing providers.
// Implementations must be safe for concurrent use.
type SettableGaugeMetric interface {
	// Set replaces the current value.
	Set(float64)
}

// CounterMetric is a value that only grows. Implementations must be safe for
// concurrent use.
type CounterMetric interface {
	// Inc adds one.
	Inc()
}

// SummaryMetric records individual observations. The queues in this package
// do not use it; it is kept for providers that refer to it.
type SummaryMetric interface {
	// Observe records one observation.
	Observe(float64)
}

// HistogramMetric tallies observed values (seconds, in this package) in
// buckets. Implementations must be safe for concurrent use.
type HistogramMetric interface {
	// Observe records one observation.
	Observe(float64)
}

// MetricsProvider creates the metrics of a named queue. Each method is called
// once per queue, with the queue's name, when the queue is constructed; a
// provider that returns nil for a metric disables just that metric.
//
// The metrics are:
//   - depth: items waiting to be handed out (gauge);
//   - adds: items accepted by Add (counter);
//   - latency: seconds an item waited between Add and Get (histogram);
//   - work duration: seconds between Get and Done (histogram);
//   - unfinished work seconds: total seconds that the items currently
//     processing have been processing, refreshed twice a second (gauge);
//   - longest running processor seconds: the largest of those ages (gauge);
//   - retries: calls to AddAfter and AddRateLimited (counter).
type MetricsProvider interface {
	// NewDepthMetric returns the depth gauge of the queue called name.
	NewDepthMetric(name string) GaugeMetric
	// NewAddsMetric returns the adds counter of the queue called name.
	NewAddsMetric(name string) CounterMetric
	// NewLatencyMetric returns the queue-latency histogram (seconds).
	NewLatencyMetric(name string) HistogramMetric
	// NewWorkDurationMetric returns the work-duration histogram (seconds).
	NewWorkDurationMetric(name string) HistogramMetric
	// NewUnfinishedWorkSecondsMetric returns the unfinished-work gauge.
	NewUnfinishedWorkSecondsMetric(name string) SettableGaugeMetric
	// NewLongestRunningProcessorSecondsMetric returns the gauge holding the
	// age of the oldest item in progress (seconds).
	NewLongestRunningProcessorSecondsMetric(name string) SettableGaugeMetric
	// NewRetriesMetric returns the retries counter.
	NewRetriesMetric(name string) CounterMetric
}

// noopMetric satisfies every metric interface and records nothing.
type noopMetric struct{}

// Inc does nothing.
func (noopMetric) Inc() {}

// Dec does nothing.
func (noopMetric) Dec() {}

// Set does nothing.
func (noopMetric) Set(float64) {}

// Observe does nothing.
func (noopMetric) Observe(float64) {}

// noopMetricsProvider is the provider used until SetProvider is called. Queues
// recognise it and skip metrics entirely; its metrics record nothing.
type noopMetricsProvider struct{}

// NewDepthMetric returns a metric that records nothing.
func (noopMetricsProvider) NewDepthMetric(string) GaugeMetric { return noopMetric{} }

// NewAddsMetric returns a metric that records nothing.
func (noopMetricsProvider) NewAddsMetric(string) CounterMetric { return noopMetric{} }

// NewLatencyMetric returns a metric that records nothing.
func (noopMetricsProvider) NewLatencyMetric(string) HistogramMetric { return noopMetric{} }

// NewWorkDurationMetric returns a metric that records nothing.
func (noopMetricsProvider) NewWorkDurationMetric(string) HistogramMetric { return noopMetric{} }

// NewUnfinishedWorkSecondsMetric returns a metric that records nothing.
func (noopMetricsProvider) NewUnfinishedWorkSecondsMetric(string) SettableGaugeMetric {
	return noopMetric{}
}

// NewLongestRunningProcessorSecondsMetric returns a metric that records
// nothing.
func (noopMetricsProvider) NewLongestRunningProcessorSecondsMetric(string) SettableGaugeMetric {
	return noopMetric{}
}

// NewRetriesMetric returns a metric that records nothing.
func (noopMetricsProvider) NewRetriesMetric(string) CounterMetric { return noopMetric{} }

var (
	globalProvider     atomic.Pointer[MetricsProvider]
	globalProviderOnce sync.Once
)

// SetProvider sets the metrics provider used by every queue created afterwards
// without an explicit MetricsProvider. The provider can be set once: later
// calls are ignored, and queues created before the call keep reporting
// nothing. Safe for concurrent use.
func SetProvider(metricsProvider MetricsProvider) {
	globalProviderOnce.Do(func() {
		globalProvider.Store(&metricsProvider)
	})
}

// globalMetricsProvider returns the provider installed by SetProvider, or the
// no-op provider.
func globalMetricsProvider() MetricsProvider {
	if p := globalProvider.Load(); p != nil && *p != nil {
		return *p
	}
	return noopMetricsProvider{}
}

// metricsDisabled reports whether a queue called name reporting to p should
// skip metrics altogether.
func metricsDisabled(p MetricsProvider, name string) bool {
	if name == "" || p == nil {
		return true
	}
	_, noop := p.(noopMetricsProvider)
	return noop
}

// orNoop replaces a nil metric returned by a provider with one that records
// nothing. M is one of the metric interfaces, all of which noopMetric
// implements.
func orNoop[M any](m M) M {
	if any(m) == nil {
		return any(noopMetric{}).(M)
	}
	return m
}

// queueMetrics records the metrics of one Typed queue. Every method is called
// with the queue's lock held, so the maps need no lock of their own. A nil
// *queueMetrics records nothing.
type queueMetrics[T comparable] struct {
	clock clock.PassiveClock

	depth                   GaugeMetric
	adds                    CounterMetric
	latency                 HistogramMetric
	workDuration            HistogramMetric
	unfinishedWorkSeconds   SettableGaugeMetric
	longestRunningProcessor SettableGaugeMetric

	addTimes             map[T]time.Time // first Add of each waiting item
	processingStartTimes map[T]time.Time // Get time of each processing item
}

// newQueueMetrics returns the metrics of the queue called name, or nil when
// the queue reports none.
func newQueueMetrics[T comparable](p MetricsProvider, name string, c clock.PassiveClock) *queueMetrics[T] {
	if metricsDisabled(p, name) {
		return nil
	}
	return &queueMetrics[T]{
		clock:                   c,
		depth:                   orNoop(p.NewDepthMetric(name)),
		adds:                    orNoop(p.NewAddsMetric(name)),
		latency:                 orNoop(p.NewLatencyMetric(name)),
		workDuration:            orNoop(p.NewWorkDurationMetric(name)),
		unfinishedWorkSeconds:   orNoop(p.NewUnfinishedWorkSecondsMetric(name)),
		longestRunningProcessor: orNoop(p.NewLongestRunningProcessorSecondsMetric(name)),
		addTimes:                make(map[T]time.Time),
		processingStartTimes:    make(map[T]time.Time),
	}
}

// add records an accepted Add.
func (m *queueMetrics[T]) add(item T) {
	if m == nil {
		return
	}
	m.adds.Inc()
	m.depth.Inc()
	// Latency counts from the first Add while the item waits; later Adds of
	// the same waiting item keep that stamp.
	if _, stamped := m.addTimes[item]; stamped {
		return
	}
	m.addTimes[item] = m.clock.Now()
}

// get records that item was handed to a worker.
func (m *queueMetrics[T]) get(item T) {
	if m == nil {
		return
	}
	now := m.clock.Now()
	m.depth.Dec()
	m.processingStartTimes[item] = now
	observeAge(m.latency, m.addTimes, item, now)
}

// done records that processing of item finished.
func (m *queueMetrics[T]) done(item T) {
	if m == nil {
		return
	}
	observeAge(m.workDuration, m.processingStartTimes, item, m.clock.Now())
}

// observeAge moves item's stamp out of stamps into h, as the seconds between
// the stamp and now. An item without a stamp records nothing.
func observeAge[T comparable](h HistogramMetric, stamps map[T]time.Time, item T, now time.Time) {
	stamp, ok := stamps[item]
	if !ok {
		return
	}
	delete(stamps, item)
	h.Observe(now.Sub(stamp).Seconds())
}

// updateUnfinishedWork publishes the total and the largest age of the items
// in progress.
func (m *queueMetrics[T]) updateUnfinishedWork() {
	if m == nil {
		return
	}
	now := m.clock.Now()
	var total, oldest float64
	for _, t := range m.processingStartTimes {
		age := now.Sub(t).Seconds()
		total += age
		oldest = max(oldest, age)
	}
	m.unfinishedWorkSeconds.Set(total)
	m.longestRunningProcessor.Set(oldest)
}

// newRetriesMetric returns the retries counter of the queue called name, or
// nil when the queue reports no metrics.
func newRetriesMetric(p MetricsProvider, name string) CounterMetric {
	if metricsDisabled(p, name) {
		return nil
	}
	return orNoop(p.NewRetriesMetric(name))
}
