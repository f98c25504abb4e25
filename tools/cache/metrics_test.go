package cache

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

type gauge struct {
	mu sync.Mutex
	v  []float64
}

func (g *gauge) Set(v float64)     { g.mu.Lock(); g.v = append(g.v, v); g.mu.Unlock() }
func (g *gauge) Observe(v float64) { g.Set(v) }
func (g *gauge) values() []float64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]float64(nil), g.v...)
}

type recordingProvider struct{ queued, latency, rv gauge }

func (p *recordingProvider) NewQueuedItemMetric(InformerNameAndResource) GaugeMetric {
	return &p.queued
}
func (p *recordingProvider) NewProcessingLatencyMetric(InformerNameAndResource) HistogramMetric {
	return &p.latency
}
func (p *recordingProvider) NewStoreResourceVersionMetric(InformerNameAndResource) GaugeMetric {
	return &p.rv
}

func TestInformerNames(t *testing.T) {
	t.Cleanup(ResetInformerNamesForTesting)
	gvr := schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}
	n, err := NewInformerName("test-informer")
	require.NoError(t, err)
	assert.Equal(t, "test-informer", n.Name())
	_, err = NewInformerName("test-informer")
	require.Error(t, err, "names are unique")
	_, err = NewInformerName("")
	require.Error(t, err)

	first := n.WithResource(gvr)
	second := n.WithResource(gvr)
	assert.True(t, first.Reserved())
	assert.False(t, second.Reserved(), "only the first registration of a resource publishes")
	assert.Equal(t, gvr, first.GroupVersionResource())
	assert.Equal(t, "test-informer", first.Name())
	assert.False(t, InformerNameAndResource{}.Reserved())
	assert.Equal(t, "", InformerNameAndResource{}.Name())

	n.Release()
	assert.False(t, first.Reserved(), "released names stop publishing")
	again, err := NewInformerName("test-informer")
	require.NoError(t, err, "a released name can be reused")
	assert.True(t, again.WithResource(gvr).Reserved())
}

func TestRealFIFOAndStoreMetrics(t *testing.T) {
	t.Cleanup(ResetInformerNamesForTesting)
	n, err := NewInformerName("metrics-test")
	require.NoError(t, err)
	id := n.WithResource(schema.GroupVersionResource{Version: "v1", Resource: "configmaps"})
	p := &recordingProvider{}
	f := NewRealFIFOWithOptions(RealFIFOOptions{AtomicEvents: true, Identifier: id, MetricsProvider: p})
	assert.Equal(t, "metrics-test", f.Name())
	require.NoError(t, f.Add(newCM("a", "x", "1")))
	require.NoError(t, f.Add(newCM("a", "y", "2")))
	_, err = f.Pop(func(interface{}, bool) error { return nil })
	require.NoError(t, err)
	assert.Equal(t, []float64{1, 2, 1}, p.queued.values())
	assert.Len(t, p.latency.values(), 1)

	s := NewStore(MetaNamespaceKeyFunc, WithStoreMetrics(id, p))
	require.NoError(t, s.Add(newCM("a", "x", "17")))
	assert.Equal(t, []float64{17}, p.rv.values())
}

func TestWaitForCacheSync(t *testing.T) {
	var mu sync.Mutex
	synced := false
	go func() {
		time.Sleep(10 * time.Millisecond)
		mu.Lock()
		synced = true
		mu.Unlock()
	}()
	isSynced := func() bool { mu.Lock(); defer mu.Unlock(); return synced }
	assert.True(t, WaitForNamedCacheSync("test", make(chan struct{}), isSynced))

	stop := make(chan struct{})
	close(stop)
	assert.False(t, WaitForCacheSync(stop, func() bool { return false }))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.False(t, WaitForNamedCacheSyncWithContext(ctx, func() bool { return false }))
	assert.False(t, WaitFor(ctx, "never", newDoneSignal("never")))
}

func TestSyncResultAsError(t *testing.T) {
	assert.NoError(t, SyncResult{Synced: map[reflect.Type]bool{reflect.TypeOf(""): true}}.AsError())
	err := SyncResult{Err: context.DeadlineExceeded, Synced: map[reflect.Type]bool{reflect.TypeOf(0): false}}.AsError()
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.DeadlineExceeded))
	assert.Contains(t, err.Error(), "int")
}
