package transport

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kclient/kclient/tools/metrics"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// resultCounter records the results passed to Increment.
type resultCounter struct {
	mu     sync.Mutex
	counts map[string]int
}

func (r *resultCounter) Increment(result string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.counts == nil {
		r.counts = map[string]int{}
	}
	r.counts[result]++
}

func (r *resultCounter) get(result string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.counts[result]
}

// withCacheMetrics swaps in recording cache metrics for the duration of t.
// Tests using it must not run in parallel.
func withCacheMetrics(t *testing.T) (create, gc *resultCounter) {
	create, gc = &resultCounter{}, &resultCounter{}
	prevCreate, prevGC := metrics.TransportCreateCalls, metrics.TransportCacheGCCalls
	metrics.TransportCreateCalls, metrics.TransportCacheGCCalls = create, gc
	t.Cleanup(func() { metrics.TransportCreateCalls, metrics.TransportCacheGCCalls = prevCreate, prevGC })
	return create, gc
}

func TestTransportCache(t *testing.T) {
	ca := newTestCA(t, "ca")
	certPEM, keyPEM := ca.issue(t, "client", false)
	dialer := &net.Dialer{}
	dialA := &DialHolder{Dial: dialer.DialContext}
	dialB := &DialHolder{Dial: dialer.DialContext}
	getCert := &GetCertHolder{GetCert: func() (*tls.Certificate, error) { return nil, nil }}
	proxy := func(*http.Request) (*url.URL, error) { return nil, nil }

	tests := []struct {
		name       string
		a, b       Config
		wantShared bool
		wantResult string // of the second call
	}{
		{name: "same CA", a: Config{TLS: TLSConfig{CAData: ca.certPEM}}, b: Config{TLS: TLSConfig{CAData: ca.certPEM}}, wantShared: true, wantResult: "hit"},
		{name: "auth does not matter", a: Config{TLS: TLSConfig{ServerName: "a"}, BearerToken: "x"}, b: Config{TLS: TLSConfig{ServerName: "a"}, Username: "u"}, wantShared: true, wantResult: "hit"},
		{name: "different server name", a: Config{TLS: TLSConfig{ServerName: "a"}}, b: Config{TLS: TLSConfig{ServerName: "b"}}, wantResult: "miss"},
		{name: "different protocols", a: Config{TLS: TLSConfig{Insecure: true, NextProtos: []string{"h2"}}}, b: Config{TLS: TLSConfig{Insecure: true, NextProtos: []string{"http/1.1"}}}, wantResult: "miss"},
		{name: "compression matters", a: Config{TLS: TLSConfig{Insecure: true}}, b: Config{TLS: TLSConfig{Insecure: true}, DisableCompression: true}, wantResult: "miss"},
		{name: "client cert matters", a: Config{TLS: TLSConfig{CAData: ca.certPEM}}, b: Config{TLS: TLSConfig{CAData: ca.certPEM, CertData: certPEM, KeyData: keyPEM}}, wantResult: "miss"},
		{name: "same dial holder", a: Config{DialHolder: dialA}, b: Config{DialHolder: dialA}, wantShared: true, wantResult: "hit"},
		{name: "different dial holders", a: Config{DialHolder: dialA}, b: Config{DialHolder: dialB}, wantResult: "miss"},
		{name: "same cert holder", a: Config{TLS: TLSConfig{GetCertHolder: getCert}}, b: Config{TLS: TLSConfig{GetCertHolder: getCert}}, wantShared: true, wantResult: "hit"},
		{name: "proxy is uncacheable", a: Config{Proxy: proxy}, b: Config{Proxy: proxy}, wantResult: "uncacheable"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			create, _ := withCacheMetrics(t)
			// Start from a fresh cache so earlier tests do not interfere.
			prev := tlsCache
			tlsCache = newTLSTransportCache()
			t.Cleanup(func() { tlsCache = prev })

			a, err := tlsCache.get(&tc.a)
			require.NoError(t, err)
			create.counts = nil
			b, err := tlsCache.get(&tc.b)
			require.NoError(t, err)
			if tc.wantShared {
				assert.Same(t, a, b)
			} else {
				assert.NotSame(t, a, b)
			}
			assert.Equal(t, 1, create.get(tc.wantResult), "result of the second call; all: %v", create.counts)
			runtime.KeepAlive(a)
		})
	}
}

func TestTransportCacheDefaultTransport(t *testing.T) {
	rt, err := New(&Config{BearerToken: "x"})
	require.NoError(t, err)
	require.IsType(t, &bearerAuthRoundTripper{}, rt)
	assert.Same(t, http.DefaultTransport, rt.(*bearerAuthRoundTripper).WrappedRoundTripper())
}

func TestTransportCacheGC(t *testing.T) {
	if !featureEnabled(featureTLSCacheGC) {
		t.Skip("ClientsAllowTLSCacheGC disabled")
	}
	create, gc := withCacheMetrics(t)
	prev := tlsCache
	tlsCache = newTLSTransportCache()
	t.Cleanup(func() { tlsCache = prev })

	config := func() *Config { return &Config{TLS: TLSConfig{ServerName: "gc.test"}} }
	// Create a transport and drop the only reference to it.
	func() {
		rt, err := New(config())
		require.NoError(t, err)
		require.NotNil(t, rt)
	}()

	require.Eventually(t, func() bool {
		runtime.GC()
		tlsCache.mu.Lock()
		defer tlsCache.mu.Unlock()
		return len(tlsCache.weak) == 0
	}, 10*time.Second, 10*time.Millisecond)
	// Transports of other tests may be collected meanwhile, so at least one.
	assert.GreaterOrEqual(t, gc.get("deleted"), 1)

	_, err := New(config())
	require.NoError(t, err)
	assert.Equal(t, 2, create.get("miss"))
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name    string
		config  *Config
		wantErr string
	}{
		{name: "nil", config: nil, wantErr: "must not be nil"},
		{name: "custom transport with CA", config: &Config{Transport: &recorder{}, TLS: TLSConfig{CAData: []byte("x")}}, wantErr: "using a custom transport with TLS certificate options or the insecure flag is not allowed"},
		{name: "custom transport insecure", config: &Config{Transport: &recorder{}, TLS: TLSConfig{Insecure: true}}, wantErr: "not allowed"},
		{name: "empty cert holder", config: &Config{TLS: TLSConfig{GetCertHolder: &GetCertHolder{}}}, wantErr: "misconfigured holder for dialer or cert callback"},
		{name: "empty dial holder", config: &Config{DialHolder: &DialHolder{}}, wantErr: "misconfigured holder"},
		{name: "bad CA", config: &Config{TLS: TLSConfig{CAData: []byte("x")}}, wantErr: "unable to load root certificates"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.config)
			assert.ErrorContains(t, err, tc.wantErr)
		})
	}
}

func TestNewCustomTransport(t *testing.T) {
	rec := &recorder{}
	rt, err := New(&Config{Transport: rec, UserAgent: "ua"})
	require.NoError(t, err)
	_, err = rt.RoundTrip(newRequest(t, nil))
	require.NoError(t, err)
	assert.Equal(t, "ua", rec.req.Header.Get("User-Agent"))
}

func TestNewProxyAndDial(t *testing.T) {
	// An HTTP proxy: it receives absolute-form requests.
	var proxied []string
	var mu sync.Mutex
	proxySrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		proxied = append(proxied, r.URL.String())
		mu.Unlock()
		_, _ = w.Write([]byte("via proxy"))
	}))
	defer proxySrv.Close()
	proxyURL, err := url.Parse(proxySrv.URL)
	require.NoError(t, err)

	var proxyCalls int
	rt, err := New(&Config{Proxy: func(req *http.Request) (*url.URL, error) {
		proxyCalls++
		return proxyURL, nil
	}})
	require.NoError(t, err)
	body, _, err := get(t, rt, "http://upstream.invalid/api")
	require.NoError(t, err)
	assert.Equal(t, "via proxy", body)
	assert.Equal(t, 1, proxyCalls)
	assert.Equal(t, []string{"http://upstream.invalid/api"}, proxied)

	// A custom dialer is used for every connection.
	direct := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("direct")) }))
	defer direct.Close()
	var dials int
	rt, err = New(&Config{DialHolder: &DialHolder{Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		dials++
		return (&net.Dialer{}).DialContext(ctx, network, strings.TrimPrefix(direct.URL, "http://"))
	}}, Proxy: func(*http.Request) (*url.URL, error) { return nil, nil }})
	require.NoError(t, err)
	body, _, err = get(t, rt, "http://anywhere.invalid/")
	require.NoError(t, err)
	assert.Equal(t, "direct", body)
	assert.Equal(t, 1, dials)
}

func TestNewTransportDefaults(t *testing.T) {
	prev := tlsCache
	tlsCache = newTLSTransportCache()
	t.Cleanup(func() { tlsCache = prev })

	rt, err := New(&Config{TLS: TLSConfig{Insecure: true}, DisableCompression: true})
	require.NoError(t, err)
	ht, ok := rt.(*gcTransport).WrappedRoundTripper().(*http.Transport)
	require.True(t, ok, "%T", rt)
	assert.True(t, ht.DisableCompression)
	assert.Equal(t, idleConnsPerHost, ht.MaxIdleConnsPerHost)
	assert.Equal(t, 10*time.Second, ht.TLSHandshakeTimeout)
	assert.NotNil(t, ht.Proxy)
	assert.Contains(t, ht.TLSNextProto, "h2", "HTTP/2 must be configured")
}

func TestTLSCacheKeyStringRedactsKey(t *testing.T) {
	k := tlsCacheKey{keyData: "-----BEGIN EC PRIVATE KEY-----secret", certData: "CERTBODY", caData: "CABODY"}
	s := k.String()
	assert.Contains(t, s, "keyData:<redacted>")
	for _, secret := range []string{"secret", "PRIVATE", "CERTBODY", "CABODY"} {
		assert.NotContains(t, s, secret)
	}
	assert.Contains(t, tlsCacheKey{}.String(), "keyData:<none>")
}
