package workqueue

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	testingclock "k8s.io/utils/clock/testing"
)

// recorder is a MetricsProvider that keeps every value in memory.
type recorder struct {
	mu       sync.Mutex
	created  []string             // "name/metric" for every metric created
	values   map[string]float64   // gauges and counters
	observed map[string][]float64 // histograms
	nilAll   bool                 // return nil metrics
}

func newRecorder() *recorder {
	return &recorder{values: map[string]float64{}, observed: map[string][]float64{}}
}

type recorded struct {
	r   *recorder
	key string
}

func (m recorded) Inc() { m.add(1) }
func (m recorded) Dec() { m.add(-1) }
func (m recorded) add(d float64) {
	m.r.mu.Lock()
	defer m.r.mu.Unlock()
	m.r.values[m.key] += d
}
func (m recorded) Set(v float64) {
	m.r.mu.Lock()
	defer m.r.mu.Unlock()
	m.r.values[m.key] = v
}
func (m recorded) Observe(v float64) {
	m.r.mu.Lock()
	defer m.r.mu.Unlock()
	m.r.observed[m.key] = append(m.r.observed[m.key], v)
}

func (r *recorder) metric(name, kind string) recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.created = append(r.created, name+"/"+kind)
	return recorded{r: r, key: name + "/" + kind}
}

func (r *recorder) value(key string) float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.values[key]
}

func (r *recorder) observations(key string) []float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]float64(nil), r.observed[key]...)
}

func (r *recorder) createdMetrics() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.created...)
}

func (r *recorder) NewDepthMetric(name string) GaugeMetric {
	m := r.metric(name, "depth")
	if r.nilAll {
		return nil
	}
	return m
}
func (r *recorder) NewAddsMetric(name string) CounterMetric {
	m := r.metric(name, "adds")
	if r.nilAll {
		return nil
	}
	return m
}
func (r *recorder) NewLatencyMetric(name string) HistogramMetric {
	m := r.metric(name, "latency")
	if r.nilAll {
		return nil
	}
	return m
}
func (r *recorder) NewWorkDurationMetric(name string) HistogramMetric {
	m := r.metric(name, "work")
	if r.nilAll {
		return nil
	}
	return m
}
func (r *recorder) NewUnfinishedWorkSecondsMetric(name string) SettableGaugeMetric {
	m := r.metric(name, "unfinished")
	if r.nilAll {
		return nil
	}
	return m
}
func (r *recorder) NewLongestRunningProcessorSecondsMetric(name string) SettableGaugeMetric {
	m := r.metric(name, "longest")
	if r.nilAll {
		return nil
	}
	return m
}
func (r *recorder) NewRetriesMetric(name string) CounterMetric {
	m := r.metric(name, "retries")
	if r.nilAll {
		return nil
	}
	return m
}

func TestQueueMetrics(t *testing.T) {
	clk := testingclock.NewFakeClock(time.Now())
	rec := newRecorder()
	q := NewTypedWithConfig(TypedQueueConfig[string]{Name: "q", MetricsProvider: rec, Clock: clk})
	defer q.ShutDown()
	require.Eventually(t, clk.HasWaiters, eventually, time.Millisecond, "the unfinished-work ticker is set")

	q.Add("a")
	q.Add("a") // de-duplicated: not counted
	assert.Equal(t, 1.0, rec.value("q/adds"))
	assert.Equal(t, 1.0, rec.value("q/depth"))

	clk.Step(2 * time.Second)
	item, _ := q.Get()
	assert.Equal(t, 0.0, rec.value("q/depth"))
	assert.Equal(t, []float64{2}, rec.observations("q/latency"))

	clk.Step(3 * time.Second)
	q.Add(item) // re-added while processing: counted, and waiting again
	assert.Equal(t, 2.0, rec.value("q/adds"))
	assert.Equal(t, 1.0, rec.value("q/depth"))
	q.Done(item)
	assert.Equal(t, []float64{3}, rec.observations("q/work"))
	assert.Equal(t, 1.0, rec.value("q/depth"))

	clk.Step(time.Second)
	item, _ = q.Get()
	assert.Equal(t, []float64{2, 1}, rec.observations("q/latency"), "latency counts from the re-add")
	assert.Equal(t, 0.0, rec.value("q/depth"))

	q.Add("b")
	_, _ = q.Get()
	// a has been processing for 0s and b for 0s; after 500ms each is 0.5s old.
	clk.Step(unfinishedWorkUpdatePeriod)
	require.Eventually(t, func() bool {
		return rec.value("q/unfinished") == 1.0 && rec.value("q/longest") == 0.5
	}, eventually, time.Millisecond)
	q.Done("b")
	clk.Step(unfinishedWorkUpdatePeriod)
	require.Eventually(t, func() bool {
		return rec.value("q/unfinished") == 1.0 && rec.value("q/longest") == 1.0
	}, eventually, time.Millisecond, "only a is left, 1s old")
	q.Done(item)

	q.ShutDown()
	assert.False(t, clk.HasWaiters(), "ShutDown stops the metrics goroutine and its ticker")
}

func TestRetryMetrics(t *testing.T) {
	clk := testingclock.NewFakeClock(time.Now())
	rec := newRecorder()
	q := NewTypedRateLimitingQueueWithConfig(NewTypedItemFastSlowRateLimiter[int](0, time.Hour, 1),
		TypedRateLimitingQueueConfig[int]{Name: "rl", MetricsProvider: rec, Clock: clk})
	defer q.ShutDown()
	q.AddAfter(1, 0)
	q.AddAfter(2, time.Second)
	q.AddRateLimited(3)
	q.Add(4) // not a retry
	assert.Equal(t, 3.0, rec.value("rl/retries"))
	assert.Equal(t, 3.0, rec.value("rl/depth"))
	q.ShutDown()
	q.AddAfter(5, 0)
	assert.Equal(t, 3.0, rec.value("rl/retries"), "ignored after shutdown")
}

func TestUnnamedQueuesReportNothing(t *testing.T) {
	rec := newRecorder()
	q := NewTypedWithConfig(TypedQueueConfig[int]{MetricsProvider: rec})
	dq := NewTypedDelayingQueueWithConfig(TypedDelayingQueueConfig[int]{MetricsProvider: rec})
	q.Add(1)
	dq.AddAfter(1, 0)
	q.ShutDown()
	dq.ShutDown()
	assert.Empty(t, rec.createdMetrics())
}

func TestNilMetricsAreTolerated(t *testing.T) {
	clk := testingclock.NewFakeClock(time.Now())
	rec := newRecorder()
	rec.nilAll = true
	q := NewTypedRateLimitingQueueWithConfig(DefaultTypedControllerRateLimiter[int](),
		TypedRateLimitingQueueConfig[int]{Name: "nil", MetricsProvider: rec, Clock: clk})
	require.Eventually(t, clk.HasWaiters, eventually, time.Millisecond)
	q.Add(1)
	q.AddRateLimited(2)
	item, _ := q.Get()
	clk.Step(time.Second)
	q.Done(item)
	q.ShutDown()
	assert.Len(t, rec.createdMetrics(), 7)
}

// globalRecorder is the provider TestSetProvider installs; it is the only
// test that calls SetProvider, and only the first call counts for the whole
// process (even with -count=N), so each run uses fresh queue names.
var (
	globalRecorder = newRecorder()
	setProviderRun atomic.Int32
)

func TestSetProvider(t *testing.T) {
	SetProvider(globalRecorder)
	ignored := newRecorder()
	SetProvider(ignored)

	name := fmt.Sprintf("global-%d", setProviderRun.Add(1))
	q := NewNamed(name)
	q.Add("x")
	q.ShutDown()
	unnamed := New()
	unnamed.Add("x")
	unnamed.ShutDown()
	dq := NewNamedDelayingQueue(name + "-delaying")
	dq.AddAfter("x", 0)
	dq.ShutDown()

	assert.Equal(t, 1.0, globalRecorder.value(name+"/adds"))
	assert.Equal(t, 1.0, globalRecorder.value(name+"-delaying/retries"))
	assert.Empty(t, ignored.createdMetrics())
	assert.NotContains(t, globalRecorder.createdMetrics(), "/adds", "unnamed queues report nothing")
}

func TestNoopMetricsProviderIsRecognised(t *testing.T) {
	assert.True(t, metricsDisabled(noopMetricsProvider{}, "named"))
	assert.True(t, metricsDisabled(nil, "named"))
	assert.True(t, metricsDisabled(newRecorder(), ""))
	assert.False(t, metricsDisabled(newRecorder(), "named"))
	// The no-op metrics accept every call.
	var p MetricsProvider = noopMetricsProvider{}
	p.NewDepthMetric("n").Inc()
	p.NewDepthMetric("n").Dec()
	p.NewAddsMetric("n").Inc()
	p.NewLatencyMetric("n").Observe(1)
	p.NewWorkDurationMetric("n").Observe(1)
	p.NewUnfinishedWorkSecondsMetric("n").Set(1)
	p.NewLongestRunningProcessorSecondsMetric("n").Set(1)
	p.NewRetriesMetric("n").Inc()
	var s SummaryMetric = noopMetric{}
	s.Observe(1)
}
