package transport

import (
	"flag"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/go-logr/logr/funcr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/klog/v2"
)

// logCapture collects the lines of a funcr logger.
type logCapture struct {
	mu    sync.Mutex
	lines []string
}

func (c *logCapture) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return strings.Join(c.lines, "\n")
}

func newCapturingLogger(verbosity int) (klog.Logger, *logCapture) {
	c := &logCapture{}
	logger := funcr.New(func(prefix, args string) {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.lines = append(c.lines, prefix+" "+args)
	}, funcr.Options{Verbosity: verbosity})
	return logger, c
}

func TestDebuggingRoundTripper(t *testing.T) {
	const secret = "s3cr3t-token-value"
	tests := []struct {
		name      string
		levels    []DebugLevel
		verbosity int
		want      []string
		notWant   []string
	}{
		{
			name:    "nothing requested logs nothing",
			levels:  nil,
			notWant: []string{`"Request"`, `"Response"`},
		},
		{
			name:    "just url",
			levels:  []DebugLevel{DebugJustURL},
			want:    []string{`"msg"="Request"`, `"verb"="GET"`, `"url"="https://example.test/api/v1/pods?limit=1"`},
			notWant: []string{`"Response"`, "headers"},
		},
		{
			name:    "url timing",
			levels:  []DebugLevel{DebugURLTiming},
			want:    []string{`"msg"="Response"`, `"status"="OK"`, `"milliseconds"=`, `"url"=`},
			notWant: []string{`"Request"`},
		},
		{
			name:    "curl command masks authorization",
			levels:  []DebugLevel{DebugCurlCommand},
			want:    []string{`curl -v -XGET`, `Authorization: Bearer <masked>`, `X-Other: visible`},
			notWant: []string{secret},
		},
		{
			name:    "request headers masked",
			levels:  []DebugLevel{DebugRequestHeaders},
			want:    []string{`"headers"=`, `Bearer <masked>`, `visible`},
			notWant: []string{secret},
		},
		{
			name:    "response status",
			levels:  []DebugLevel{DebugResponseStatus},
			want:    []string{`"status"="OK"`, `"milliseconds"=`},
			notWant: []string{`"url"=`},
		},
		{
			name:    "response headers",
			levels:  []DebugLevel{DebugResponseHeaders},
			want:    []string{`"headers"=`, `application/json`},
			notWant: []string{`"status"`},
		},
		{
			name:   "detailed timing",
			levels: []DebugLevel{DebugDetailedTiming},
			want:   []string{`"milliseconds"=`, `dialMilliseconds`, `tlsHandshakeMilliseconds`, `HTTP Trace: Dial succeed`},
		},
		{
			name:      "by context below v6 logs nothing",
			levels:    []DebugLevel{DebugByContext},
			verbosity: 5,
			notWant:   []string{`"Request"`, `"Response"`},
		},
		{
			name:      "by context v6: url, status and latency",
			levels:    []DebugLevel{DebugByContext},
			verbosity: 6,
			want:      []string{`"msg"="Response"`, `"url"=`, `"status"="OK"`, `"milliseconds"=`},
			notWant:   []string{`"Request"`, "headers"},
		},
		{
			name:      "by context v7: request headers",
			levels:    []DebugLevel{DebugByContext},
			verbosity: 7,
			want:      []string{`"msg"="Request"`, `"headers"=`, `Bearer <masked>`, `"status"="OK"`},
			notWant:   []string{secret, `application/json`, `curl`},
		},
		{
			name:      "by context v8: response headers",
			levels:    []DebugLevel{DebugByContext},
			verbosity: 8,
			want:      []string{`Bearer <masked>`, `application/json`},
			notWant:   []string{secret, `curl`},
		},
		{
			name:      "by context v9: curl and detailed timing",
			levels:    []DebugLevel{DebugByContext},
			verbosity: 9,
			want:      []string{`curl -v -XGET`, `application/json`, `dialMilliseconds`},
			notWant:   []string{secret},
		},
	}

	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("{}"))
	}))
	defer srv.Close()

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			logger, logs := newCapturingLogger(tc.verbosity)
			rt := NewDebuggingRoundTripper(&recorder{}, tc.levels...)
			if tc.name == "detailed timing" || strings.Contains(tc.name, "v9") {
				// Real connections, so that the trace callbacks fire.
				tr := srv.Client().Transport.(*http.Transport).Clone()
				tr.DisableKeepAlives = true
				rt = NewDebuggingRoundTripper(roundTripperFunc(func(req *http.Request) (*http.Response, error) {
					req.URL.Scheme, req.URL.Host = "https", strings.TrimPrefix(srv.URL, "https://")
					resp, err := tr.RoundTrip(req)
					if err == nil {
						resp.Status = "OK"
					}
					return resp, err
				}), tc.levels...)
			}
			req := newRequest(t, http.Header{"Authorization": {"Bearer " + secret}, "X-Other": {"visible"}})
			req = req.WithContext(klog.NewContext(req.Context(), logger))
			resp, err := rt.RoundTrip(req)
			require.NoError(t, err)
			_ = resp.Body.Close()

			out := logs.String()
			for _, w := range tc.want {
				assert.Contains(t, out, w)
			}
			for _, nw := range tc.notWant {
				assert.NotContains(t, out, nw)
			}
		})
	}
}

func TestMaskValue(t *testing.T) {
	tests := []struct{ key, value, want string }{
		{"Authorization", "Bearer abc", "Bearer <masked>"},
		{"authorization", "basic dXNlcjpwYXNz", "basic <masked>"},
		{"Authorization", "Negotiate xyz", "Negotiate <masked>"},
		{"Authorization", "Bearer", "Bearer"},
		{"Authorization", "Bearer ", "Bearer"},
		{"Authorization", "Custom abc", "<masked>"},
		{"Authorization", "rawtoken", "<masked>"},
		{"Authorization", "", ""},
		{"X-Other", "Bearer abc", "Bearer abc"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, maskValue(tc.key, tc.value), "%s: %q", tc.key, tc.value)
	}
}

func TestMaskedHeadersString(t *testing.T) {
	h := newMaskedHeaders(http.Header{"B": {"2"}, "A": {"1", "0"}, "Authorization": {"Bearer x"}})
	assert.Equal(t, "A: 1\nA: 0\nAuthorization: Bearer <masked>\nB: 2\n", h.String())
	assert.Equal(t, map[string][]string{"A": {"1", "0"}, "Authorization": {"Bearer <masked>"}, "B": {"2"}}, h.MarshalLog())
}

func TestDebugWrappers(t *testing.T) {
	// The global klog verbosity is 0 in tests, so no wrapper is added.
	rec := &recorder{}
	assert.Same(t, rec, DebugWrappers(rec))

	// At -v=6 the debugging wrapper is added, driven by the request context.
	var fs flag.FlagSet
	klog.InitFlags(&fs)
	require.NoError(t, fs.Set("v", "6"))
	defer func() { require.NoError(t, fs.Set("v", "0")) }()
	wrapped := DebugWrappers(rec)
	require.IsType(t, &debuggingRoundTripper{}, wrapped)
	assert.Equal(t, debugSetOf(DebugByContext), wrapped.(*debuggingRoundTripper).levels)
	assert.Same(t, rec, wrapped.(*debuggingRoundTripper).WrappedRoundTripper())
}
