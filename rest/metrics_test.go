package rest

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/tools/metrics"
)

// metricsRecorder implements the request metrics and remembers calls.
type metricsRecorder struct {
	mu        sync.Mutex
	latencies []string
	results   []string
	retries   []string
	sizes     []float64
}

func (m *metricsRecorder) Observe(_ context.Context, verb string, u url.URL, _ time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.latencies = append(m.latencies, verb+" "+u.Path)
}

func (m *metricsRecorder) Increment(_ context.Context, code, method, _ string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.results = append(m.results, method+" "+code)
}

func (m *metricsRecorder) IncrementRetry(_ context.Context, code, method, _ string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.retries = append(m.retries, method+" "+code)
}

type sizeRecorder struct{ m *metricsRecorder }

func (s sizeRecorder) Observe(_ context.Context, _, _ string, size float64) {
	s.m.mu.Lock()
	defer s.m.mu.Unlock()
	s.m.sizes = append(s.m.sizes, size)
}

// TestMetrics registers metrics for the rest of this test binary; the
// assertions only look at what this test's requests record.
func TestMetrics(t *testing.T) {
	rec := &metricsRecorder{}
	metrics.Register(metrics.RegisterOpts{
		RequestLatency: rec,
		RequestResult:  rec,
		RequestRetry:   rec,
		ResponseSize:   sizeRecorder{rec},
	})
	if metrics.RequestLatency != metrics.LatencyMetric(rec) {
		t.Skip("metrics were registered elsewhere in this binary")
	}
	var s *testServer
	s = newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		if s.calls.Load() == 1 {
			w.Header().Set("Retry-After", "0")
			writeJSON(w, 503, statusJSON(503, "ServiceUnavailable", "busy"))
			return
		}
		writeJSON(w, 200, configMapJSON)
	})
	c := newTestClient(t, s)
	require.NoError(t, c.Get().Namespace("secret-ns").Resource("configmaps").Name("secret-name").Do(context.Background()).Error())
	rec.mu.Lock()
	defer rec.mu.Unlock()
	assert.Equal(t, []string{"GET /api/v1/namespaces/{namespace}/configmaps/{name}"}, rec.latencies, "one latency per request, with a URL template")
	assert.Equal(t, []string{"GET 503", "GET 200"}, rec.results)
	assert.Equal(t, []string{"GET 503"}, rec.retries)
	assert.Equal(t, []float64{float64(len(configMapJSON))}, rec.sizes)
}
