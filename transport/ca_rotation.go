package transport

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/kclient/kclient/tools/metrics"
	"k8s.io/klog/v2"
	"k8s.io/utils/clock"
)

// caReloadInterval is how often a transport built from a CA file re-reads it.
const caReloadInterval = 5 * time.Minute

// caRotatingTransport sends requests through an *http.Transport whose root
// CAs come from caFile. At most once per interval (checked when a request is
// sent) it re-reads the file; if the content changed and parses, it switches
// to a clone of the transport using the new pool and closes the idle
// connections of the old one. Failures keep the current transport.
type caRotatingTransport struct {
	caFile   string
	clock    clock.PassiveClock
	interval time.Duration

	mu          sync.RWMutex
	transport   *http.Transport
	caData      []byte
	lastChecked time.Time
}

func newCARotatingTransport(caFile string, caData []byte, t *http.Transport) *caRotatingTransport {
	c := clock.RealClock{}
	return &caRotatingTransport{caFile: caFile, clock: c, interval: caReloadInterval, transport: t, caData: caData, lastChecked: c.Now()}
}

// RoundTrip sends req through the current transport, reloading the CA first if due.
func (h *caRotatingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return h.current(req.Context()).RoundTrip(req)
}

// WrappedRoundTripper returns the transport currently in use.
func (h *caRotatingTransport) WrappedRoundTripper() http.RoundTripper {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.transport
}

// current returns the transport to use, reloading the CA first if due.
func (h *caRotatingTransport) current(ctx context.Context) *http.Transport {
	h.mu.RLock()
	t, due := h.transport, h.clock.Since(h.lastChecked) >= h.interval
	h.mu.RUnlock()
	if !due {
		return t
	}

	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clock.Since(h.lastChecked) >= h.interval {
		h.lastChecked = h.clock.Now()
		h.reloadLocked(klog.FromContext(ctx).WithValues("caFile", h.caFile))
	}
	return h.transport
}

func (h *caRotatingTransport) reloadLocked(logger klog.Logger) {
	logger.V(4).Info("Checking CA file content")
	data, err := os.ReadFile(h.caFile)
	switch {
	case err != nil:
		logger.Error(err, "Failed to read CA data from file")
		metrics.TransportCAReloads.Increment("failure", "read_error")
		return
	case len(data) == 0:
		logger.Info("CA file empty, skipping transport rotation")
		metrics.TransportCAReloads.Increment("failure", "empty")
		return
	case bytes.Equal(data, h.caData):
		logger.V(4).Info("CA file unchanged, skipping transport rotation")
		metrics.TransportCAReloads.Increment("success", "unchanged")
		return
	}
	pool, err := rootCertPool(data)
	if err != nil {
		logger.Error(err, "Failed to parse CA data from file")
		metrics.TransportCAReloads.Increment("failure", "ca_parse_error")
		return
	}
	next := h.transport.Clone()
	next.TLSClientConfig.RootCAs = pool
	old := h.transport
	h.transport, h.caData = next, data
	old.CloseIdleConnections()
	logger.V(4).Info("Transport updated for CA rotation")
	metrics.TransportCAReloads.Increment("success", "updated")
}
