package transport

import (
	"crypto/tls"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptrace"
	"slices"
	"strings"
	"sync"
	"time"

	"k8s.io/klog/v2"
)

// DebugLevel selects one kind of information that the debugging
// RoundTripper (NewDebuggingRoundTripper) writes to the log.
type DebugLevel int

const (
	// DebugJustURL logs the method and URL of each request.
	DebugJustURL DebugLevel = iota
	// DebugURLTiming logs the method, URL, status and total duration of each
	// request.
	DebugURLTiming
	// DebugCurlCommand logs each request as an equivalent curl command line,
	// with credentials masked.
	DebugCurlCommand
	// DebugRequestHeaders logs the request headers, with credentials masked.
	DebugRequestHeaders
	// DebugResponseStatus logs the status of each response.
	DebugResponseStatus
	// DebugResponseHeaders logs the response headers.
	DebugResponseHeaders
	// DebugDetailedTiming logs how long each phase took: DNS lookup, dial,
	// TLS handshake, waiting for the server, and so on.
	DebugDetailedTiming
	// DebugByContext picks levels per request from the verbosity of the
	// logger in the request's context (klog.FromContext): more detail at
	// higher V levels.
	//
	// Other levels given to NewDebuggingRoundTripper alongside it are always
	// logged; the context can only add to them.
	DebugByContext
)

// debugSet is a bit set of DebugLevels.
type debugSet uint32

func debugSetOf(levels ...DebugLevel) debugSet {
	var s debugSet
	for _, l := range levels {
		if l >= 0 && l < 32 {
			s |= 1 << uint(l)
		}
	}
	return s
}

func (s debugSet) has(l DebugLevel) bool { return s&(1<<uint(l)) != 0 }

// What DebugByContext adds at each klog verbosity of the request's logger.
var (
	debugAtV6 = debugSetOf(DebugURLTiming)
	debugAtV7 = debugSetOf(DebugJustURL, DebugRequestHeaders, DebugResponseStatus)
	debugAtV8 = debugAtV7 | debugSetOf(DebugResponseHeaders)
	debugAtV9 = debugSetOf(DebugCurlCommand, DebugURLTiming, DebugDetailedTiming, DebugResponseHeaders)
)

// DebugWrappers returns rt wrapped in a DebugByContext debugging RoundTripper
// when the global klog verbosity is 6 or more, and rt unchanged otherwise.
// The threshold is decided once, when the wrapper is built; what is then
// logged depends on each request's logger.
func DebugWrappers(rt http.RoundTripper) http.RoundTripper {
	if klog.V(6).Enabled() {
		rt = NewDebuggingRoundTripper(rt, DebugByContext)
	}
	return rt
}

// NewDebuggingRoundTripper wraps rt so that each request, and its response,
// is logged at the given levels. Output goes to the logger of each request's
// context (klog.FromContext). Authorization header
// values are masked ("Bearer <masked>"); nothing else about credentials is
// logged.
func NewDebuggingRoundTripper(rt http.RoundTripper, levels ...DebugLevel) http.RoundTripper {
	return &debuggingRoundTripper{layer: layer{next: rt}, levels: debugSetOf(levels...)}
}

type debuggingRoundTripper struct {
	layer
	levels debugSet
}

// RoundTrip logs req and its response at the configured levels and delegates.
func (rt *debuggingRoundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	logger := klog.FromContext(req.Context())
	levels := rt.levels
	if levels.has(DebugByContext) {
		for _, v := range []struct {
			v   int
			add debugSet
		}{{9, debugAtV9}, {8, debugAtV8}, {7, debugAtV7}, {6, debugAtV6}} {
			if l := logger.V(v.v); l.Enabled() {
				logger = l
				levels |= v.add
				break
			}
		}
	}

	verb, reqURL := req.Method, req.URL.String()
	var kvs []any
	if levels.has(DebugJustURL) {
		kvs = append(kvs, "verb", verb, "url", reqURL)
	}
	if levels.has(DebugCurlCommand) {
		kvs = append(kvs, "curlCommand", curlCommand(req))
	}
	if levels.has(DebugRequestHeaders) {
		kvs = append(kvs, "headers", newMaskedHeaders(req.Header))
	}
	if len(kvs) > 0 {
		logger.Info("Request", kvs...)
	}

	var tr *traceTimes
	if levels.has(DebugDetailedTiming) {
		tr = &traceTimes{logger: logger}
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), tr.clientTrace()))
	}

	start := time.Now()
	resp, err := rt.next.RoundTrip(req)
	elapsed := time.Since(start)

	status := ""
	var respHeaders http.Header
	if err == nil && resp != nil {
		status = resp.Status
		respHeaders = resp.Header
	}
	kvs = nil
	if levels.has(DebugURLTiming) {
		kvs = append(kvs, "verb", verb, "url", reqURL)
	}
	if levels.has(DebugURLTiming) || levels.has(DebugResponseStatus) {
		kvs = append(kvs, "status", status)
	}
	if levels.has(DebugResponseHeaders) {
		kvs = append(kvs, "headers", newMaskedHeaders(respHeaders))
	}
	if levels.has(DebugURLTiming) || levels.has(DebugDetailedTiming) || levels.has(DebugResponseStatus) {
		kvs = append(kvs, "milliseconds", elapsed.Milliseconds())
	}
	if tr != nil {
		kvs = append(kvs, tr.keysAndValues()...)
	}
	if len(kvs) > 0 {
		logger.Info("Response", kvs...)
	}
	return resp, err
}

// authSchemes are the Authorization schemes whose name is kept when masking.
var authSchemes = []string{"bearer", "basic", "negotiate"}

// maskValue hides credentials in the value of header key. Only Authorization
// carries them: a known scheme keeps its name ("Bearer <masked>"), anything
// else becomes "<masked>".
func maskValue(key, value string) string {
	if !strings.EqualFold(key, "Authorization") || value == "" {
		return value
	}
	scheme, rest, hasRest := strings.Cut(value, " ")
	if !slices.Contains(authSchemes, strings.ToLower(scheme)) {
		return "<masked>"
	}
	if hasRest && rest != "" {
		return scheme + " <masked>"
	}
	return scheme
}

// maskedHeaders is a copy of an http.Header with credentials masked. It
// prints sorted, one "Key: value" per line, and logs as a map.
type maskedHeaders http.Header

func newMaskedHeaders(h http.Header) maskedHeaders {
	out := make(maskedHeaders, len(h))
	for k, vs := range h {
		masked := make([]string, len(vs))
		for i, v := range vs {
			masked[i] = maskValue(k, v)
		}
		out[k] = masked
	}
	return out
}

// String renders the headers sorted by name, one "Key: value" line each.
func (h maskedHeaders) String() string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[k] {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	return b.String()
}

// MarshalLog implements logr.Marshaler so structured sinks get a map.
func (h maskedHeaders) MarshalLog() any { return map[string][]string(h) }

// curlCommand renders req as an equivalent curl command line, credentials masked.
func curlCommand(req *http.Request) string {
	var b strings.Builder
	fmt.Fprintf(&b, "curl -v -X%s ", req.Method)
	h := newMaskedHeaders(req.Header)
	for _, k := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[k] {
			fmt.Fprintf(&b, " -H %q", k+": "+v)
		}
	}
	fmt.Fprintf(&b, " '%s'\n", req.URL.String())
	return b.String()
}

// traceTimes collects the durations of the phases of one request through
// net/http/httptrace. Callbacks may run on other goroutines.
type traceTimes struct {
	logger klog.Logger

	mu                                                   sync.Mutex
	dnsStart, dialStart, tlsStart, getConnStart, wroteAt time.Time
	dns, dial, tlsHandshake, getConn, serverProcessing   time.Duration
	reused                                               bool
	dnsHost                                              string
}

func (t *traceTimes) locked(fn func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fn()
}

func (t *traceTimes) clientTrace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		DNSStart: func(info httptrace.DNSStartInfo) {
			t.locked(func() { t.dnsStart, t.dnsHost = time.Now(), info.Host })
		},
		DNSDone: func(info httptrace.DNSDoneInfo) {
			var host string
			t.locked(func() { t.dns, host = time.Since(t.dnsStart), t.dnsHost })
			t.logger.Info("HTTP Trace: DNS Lookup resolved", "host", host, "address", info.Addrs)
		},
		ConnectStart: func(network, addr string) {
			t.locked(func() { t.dialStart = time.Now() })
		},
		ConnectDone: func(network, addr string, err error) {
			t.locked(func() { t.dial = time.Since(t.dialStart) })
			if err != nil {
				t.logger.Info("HTTP Trace: Dial failed", "network", network, "address", addr, "err", err)
			} else {
				t.logger.Info("HTTP Trace: Dial succeed", "network", network, "address", addr)
			}
		},
		TLSHandshakeStart: func() {
			t.locked(func() { t.tlsStart = time.Now() })
		},
		TLSHandshakeDone: func(tls.ConnectionState, error) {
			t.locked(func() { t.tlsHandshake = time.Since(t.tlsStart) })
		},
		GetConn: func(string) {
			t.locked(func() { t.getConnStart = time.Now() })
		},
		GotConn: func(info httptrace.GotConnInfo) {
			t.locked(func() {
				t.getConn = time.Since(t.getConnStart)
				t.reused = info.Reused
			})
		},
		WroteRequest: func(httptrace.WroteRequestInfo) {
			t.locked(func() { t.wroteAt = time.Now() })
		},
		GotFirstResponseByte: func() {
			t.locked(func() { t.serverProcessing = time.Since(t.wroteAt) })
		},
	}
}

// keysAndValues returns the collected timings as log key/value pairs.
func (t *traceTimes) keysAndValues() []any {
	t.mu.Lock()
	defer t.mu.Unlock()
	var kvs []any
	if t.reused {
		kvs = append(kvs, "getConnectionMilliseconds", t.getConn.Milliseconds())
	} else {
		kvs = append(kvs,
			"dnsLookupMilliseconds", t.dns.Milliseconds(),
			"dialMilliseconds", t.dial.Milliseconds(),
			"tlsHandshakeMilliseconds", t.tlsHandshake.Milliseconds(),
		)
	}
	if t.serverProcessing != 0 {
		kvs = append(kvs, "serverProcessingMilliseconds", t.serverProcessing.Milliseconds())
	}
	return kvs
}
