package rest

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"

	"github.com/kclient/kclient/kubernetes/scheme"
)

// testServer is an httptest server counting the requests it receives.
type testServer struct {
	*httptest.Server
	calls atomic.Int32
}

// newTestServer starts a server running handler and stops it with the test.
func newTestServer(t *testing.T, handler http.HandlerFunc) *testServer {
	t.Helper()
	s := &testServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.calls.Add(1)
		handler(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// testConfig is a core/v1 config for host without rate limiting.
func testConfig(host string) *Config {
	return &Config{
		Host:    host,
		APIPath: "/api",
		ContentConfig: ContentConfig{
			GroupVersion:         &corev1.SchemeGroupVersion,
			NegotiatedSerializer: scheme.Codecs.WithoutConversion(),
		},
		QPS: -1,
	}
}

// newTestClient builds a RESTClient for s.
func newTestClient(t *testing.T, s *testServer) *RESTClient {
	t.Helper()
	c, err := RESTClientFor(testConfig(s.URL))
	require.NoError(t, err)
	return c
}

// writeJSON writes a JSON body with a status code.
func writeJSON(w http.ResponseWriter, code int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = w.Write([]byte(body))
}

const configMapJSON = `{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cm","namespace":"ns","resourceVersion":"7"},"data":{"k":"v"}}`

func statusJSON(code int, reason string, msg string) string {
	return `{"kind":"Status","apiVersion":"v1","status":"Failure","message":"` + msg + `","reason":"` + reason + `","code":` + itoa(code) + `}`
}

func itoa(i int) string {
	b := []byte{}
	if i == 0 {
		return "0"
	}
	for i > 0 {
		b = append([]byte{byte('0' + i%10)}, b...)
		i /= 10
	}
	return string(b)
}

func mustParse(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}
