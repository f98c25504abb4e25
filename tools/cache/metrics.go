package cache

import (
	"fmt"
	"sync"
	"sync/atomic"

	"k8s.io/apimachinery/pkg/runtime/schema"
)

// CounterMetric is a monotonically increasing count, advanced by Inc.
type CounterMetric interface {
	Inc()
}

// GaugeMetric is a value that goes up and down.
type GaugeMetric interface {
	Set(float64)
}

// HistogramMetric records observations into buckets.
type HistogramMetric interface {
	Observe(float64)
}

// SummaryMetric records observations.
type SummaryMetric interface {
	Observe(float64)
}

// MetricsProvider creates the metrics reflectors report, one set per
// reflector name.
type MetricsProvider interface {
	NewListsMetric(name string) CounterMetric
	NewListDurationMetric(name string) SummaryMetric
	NewItemsInListMetric(name string) SummaryMetric

	NewWatchesMetric(name string) CounterMetric
	NewShortWatchesMetric(name string) CounterMetric
	NewWatchDurationMetric(name string) SummaryMetric
	NewItemsInWatchMetric(name string) SummaryMetric

	NewLastResourceVersionMetric(name string) GaugeMetric
}

type noopMetric struct{}

func (noopMetric) Inc()            {}
func (noopMetric) Dec()            {}
func (noopMetric) Observe(float64) {}
func (noopMetric) Set(float64)     {}

type noopMetricsProvider struct{}

func (noopMetricsProvider) NewListsMetric(string) CounterMetric             { return noopMetric{} }
func (noopMetricsProvider) NewListDurationMetric(string) SummaryMetric      { return noopMetric{} }
func (noopMetricsProvider) NewItemsInListMetric(string) SummaryMetric       { return noopMetric{} }
func (noopMetricsProvider) NewWatchesMetric(string) CounterMetric           { return noopMetric{} }
func (noopMetricsProvider) NewShortWatchesMetric(string) CounterMetric      { return noopMetric{} }
func (noopMetricsProvider) NewWatchDurationMetric(string) SummaryMetric     { return noopMetric{} }
func (noopMetricsProvider) NewItemsInWatchMetric(string) SummaryMetric      { return noopMetric{} }
func (noopMetricsProvider) NewLastResourceVersionMetric(string) GaugeMetric { return noopMetric{} }
func (noopMetricsProvider) NewQueuedItemMetric(InformerNameAndResource) GaugeMetric {
	return noopMetric{}
}
func (noopMetricsProvider) NewProcessingLatencyMetric(InformerNameAndResource) HistogramMetric {
	return noopMetric{}
}
func (noopMetricsProvider) NewStoreResourceVersionMetric(InformerNameAndResource) GaugeMetric {
	return noopMetric{}
}

// providerSlot holds a process-wide provider that can be set only once.
type providerSlot[T any] struct {
	once     sync.Once
	provider atomic.Pointer[T]
}

func (s *providerSlot[T]) set(p T) {
	s.once.Do(func() { s.provider.Store(&p) })
}

func (s *providerSlot[T]) get(def T) T {
	if p := s.provider.Load(); p != nil {
		return *p
	}
	return def
}

var (
	reflectorMetrics providerSlot[MetricsProvider]
	informerMetrics  providerSlot[InformerMetricsProvider]
)

// SetReflectorMetricsProvider installs the provider of reflector metrics for
// reflectors created afterwards. Later calls are ignored: the first
// provider installed stays in place for the life of the process.
func SetReflectorMetricsProvider(metricsProvider MetricsProvider) {
	reflectorMetrics.set(metricsProvider)
}

// reflectorMetricsFor creates the metrics of one reflector.
type reflectorMetricsSet struct {
	lists, watches, shortWatches CounterMetric
	listDuration, itemsInList    SummaryMetric
	watchDuration, itemsInWatch  SummaryMetric
	lastResourceVersion          GaugeMetric
}

func newReflectorMetrics(name string) *reflectorMetricsSet {
	p := reflectorMetrics.get(noopMetricsProvider{})
	return &reflectorMetricsSet{
		lists:               p.NewListsMetric(name),
		listDuration:        p.NewListDurationMetric(name),
		itemsInList:         p.NewItemsInListMetric(name),
		watches:             p.NewWatchesMetric(name),
		shortWatches:        p.NewShortWatchesMetric(name),
		watchDuration:       p.NewWatchDurationMetric(name),
		itemsInWatch:        p.NewItemsInWatchMetric(name),
		lastResourceVersion: p.NewLastResourceVersionMetric(name),
	}
}

// InformerMetricsProvider creates the metrics informers and their queues
// report. Metrics it returns should check id.Reserved() before publishing,
// because informers can stop while the process keeps running.
type InformerMetricsProvider interface {
	// NewQueuedItemMetric is a gauge of the items waiting in the queue:
	// keys with pending deltas for DeltaFIFO, single deltas for RealFIFO.
	NewQueuedItemMetric(id InformerNameAndResource) GaugeMetric

	// NewProcessingLatencyMetric is a histogram of the seconds spent
	// processing (running handlers for) each popped item.
	NewProcessingLatencyMetric(id InformerNameAndResource) HistogramMetric

	// NewStoreResourceVersionMetric is a gauge of the store's resource
	// version.
	NewStoreResourceVersionMetric(id InformerNameAndResource) GaugeMetric
}

// SetInformerMetricsProvider installs the provider of informer metrics for
// informers created afterwards. Later calls are ignored: the first
// provider installed stays in place for the life of the process.
func SetInformerMetricsProvider(metricsProvider InformerMetricsProvider) {
	informerMetrics.set(metricsProvider)
}

func informerMetricsProvider(explicit InformerMetricsProvider) InformerMetricsProvider {
	if explicit != nil {
		return explicit
	}
	return informerMetrics.get(noopMetricsProvider{})
}

// informerNames is the registry of names in use.
var informerNames = struct {
	sync.Mutex
	names map[string]*InformerName
}{names: map[string]*InformerName{}}

// InformerName is a process-wide unique informer identity for metrics. Each
// resource registered under it (WithResource) is reserved for the first
// registration only, so that metrics are never published twice. It is safe
// for concurrent use.
type InformerName struct {
	name     string
	released atomic.Bool

	mu        sync.Mutex
	resources map[schema.GroupVersionResource]bool
}

// NewInformerName registers name. It fails if the name is in use; call
// Release when done with it so that it can be reused.
func NewInformerName(name string) (*InformerName, error) {
	if name == "" {
		return nil, fmt.Errorf("informer name must not be empty")
	}
	informerNames.Lock()
	defer informerNames.Unlock()
	if _, taken := informerNames.names[name]; taken {
		return nil, fmt.Errorf("informer name %q is already in use", name)
	}
	n := &InformerName{name: name, resources: map[schema.GroupVersionResource]bool{}}
	informerNames.names[name] = n
	return n, nil
}

// ResetInformerNamesForTesting forgets all registered names. Tests only.
func ResetInformerNamesForTesting() {
	informerNames.Lock()
	defer informerNames.Unlock()
	for _, n := range informerNames.names {
		n.released.Store(true)
	}
	informerNames.names = map[string]*InformerName{}
}

// Name returns the registered name.
func (n *InformerName) Name() string { return n.name }

// Release frees the name: every identity created from it stops being
// reserved and the name can be registered again.
func (n *InformerName) Release() {
	if n.released.Swap(true) {
		return
	}
	informerNames.Lock()
	defer informerNames.Unlock()
	if informerNames.names[n.name] == n {
		delete(informerNames.names, n.name)
	}
}

// WithResource returns the identity of this name and gvr. Only the first
// registration of a gvr is reserved for metrics.
func (n *InformerName) WithResource(gvr schema.GroupVersionResource) InformerNameAndResource {
	n.mu.Lock()
	defer n.mu.Unlock()
	first := !n.resources[gvr] && !n.released.Load()
	n.resources[gvr] = true
	id := InformerNameAndResource{parent: n, gvr: gvr}
	if first {
		id.reserved = &atomic.Bool{}
		id.reserved.Store(true)
	}
	return id
}

// InformerNameAndResource identifies one informer (name and resource) for
// metrics. The zero value is valid and never reserved.
type InformerNameAndResource struct {
	parent   *InformerName
	gvr      schema.GroupVersionResource
	reserved *atomic.Bool
}

// Name returns the informer name, or "" for the zero value.
func (n InformerNameAndResource) Name() string {
	if n.parent == nil {
		return ""
	}
	return n.parent.name
}

// GroupVersionResource returns the resource.
func (n InformerNameAndResource) GroupVersionResource() schema.GroupVersionResource { return n.gvr }

// Reserved reports whether this identity may publish metrics: it was the
// first registration of its resource and its name has not been released.
// It is a lock-free check.
func (n InformerNameAndResource) Reserved() bool {
	return n.reserved != nil && n.reserved.Load() && !n.parent.released.Load()
}
