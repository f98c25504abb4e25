package leaderelection

import "sync"

// LeaderMetric receives leadership state changes of electors, keyed by the
// election's Name, for export to a metrics system.
type LeaderMetric interface {
	// On is called when the elector becomes leader.
	On(name string)
	// Off is called when the elector stops being leader.
	Off(name string)
	// SlowpathExercised is called when a leader had to re-read the lock
	// before renewing (its fast-path update failed or its view was stale).
	SlowpathExercised(name string)
}

// MetricsProvider creates the LeaderMetric used by electors.
type MetricsProvider interface {
	// NewLeaderMetric returns the metric electors report to.
	NewLeaderMetric() LeaderMetric
}

type noopMetric struct{}

func (noopMetric) On(string)                { /* metrics disabled */ }
func (noopMetric) Off(string)               { /* metrics disabled */ }
func (noopMetric) SlowpathExercised(string) { /* metrics disabled */ }
func (noopMetric) NewLeaderMetric() LeaderMetric {
	return noopMetric{}
}

// metricsRegistry hands out the provider set by SetProvider; the first call
// wins, later ones are ignored.
var metricsRegistry struct {
	once     sync.Once
	mu       sync.Mutex
	provider MetricsProvider
}

// SetProvider installs the metrics provider used by electors created after
// this call. Only the first call has any effect; a nil provider is ignored
// (and does not count as that first call).
func SetProvider(metricsProvider MetricsProvider) {
	if metricsProvider == nil {
		return
	}
	metricsRegistry.once.Do(func() {
		metricsRegistry.mu.Lock()
		metricsRegistry.provider = metricsProvider
		metricsRegistry.mu.Unlock()
	})
}

// newLeaderMetric returns a metric from the installed provider, or one that
// discards everything.
func newLeaderMetric() LeaderMetric {
	metricsRegistry.mu.Lock()
	p := metricsRegistry.provider
	metricsRegistry.mu.Unlock()
	if p == nil {
		return noopMetric{}
	}
	if m := p.NewLeaderMetric(); m != nil {
		return m
	}
	return noopMetric{}
}
