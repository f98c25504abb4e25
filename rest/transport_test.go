package rest

import (
	"context"
	"net"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/features"
	"github.com/kclient/kclient/kubernetes/scheme"
	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
	"github.com/kclient/kclient/transport"
)

func TestTransportConfigMapsFields(t *testing.T) {
	dial := func(ctx context.Context, network, address string) (net.Conn, error) { return nil, nil }
	c := &Config{
		UserAgent: "ua", DisableCompression: true,
		Username: "u", Password: "p", BearerToken: "t", BearerTokenFile: "/f",
		Impersonate:     ImpersonationConfig{UserName: "imp", UID: "1", Groups: []string{"g"}, Extra: map[string][]string{"k": {"v"}}},
		TLSClientConfig: TLSClientConfig{Insecure: true, ServerName: "sni", CAFile: "ca", CertFile: "c", KeyFile: "k", CAData: []byte("a"), CertData: []byte("b"), KeyData: []byte("c"), NextProtos: []string{"h2"}},
		Dial:            dial,
	}
	tc, err := c.TransportConfig()
	require.NoError(t, err)
	assert.Equal(t, "ua", tc.UserAgent)
	assert.True(t, tc.DisableCompression)
	assert.Equal(t, "u", tc.Username)
	assert.Equal(t, "p", tc.Password)
	assert.Equal(t, "t", tc.BearerToken)
	assert.Equal(t, "/f", tc.BearerTokenFile)
	assert.Equal(t, transport.ImpersonationConfig{UserName: "imp", UID: "1", Groups: []string{"g"}, Extra: map[string][]string{"k": {"v"}}}, tc.Impersonate)
	assert.Equal(t, transport.TLSConfig{Insecure: true, ServerName: "sni", CAFile: "ca", CertFile: "c", KeyFile: "k", CAData: []byte("a"), CertData: []byte("b"), KeyData: []byte("c"), NextProtos: []string{"h2"}}, tc.TLS)
	require.NotNil(t, tc.DialHolder)
	assert.NotNil(t, tc.DialHolder.Dial)

	empty, err := (&Config{}).TransportConfig()
	require.NoError(t, err)
	assert.Nil(t, empty.DialHolder)
}

func TestTransportConfigExecProvider(t *testing.T) {
	c := &Config{Host: "https://h", ExecProvider: &clientcmdapi.ExecConfig{Command: "/bin/true", APIVersion: "client.authentication.k8s.io/v1", InteractiveMode: clientcmdapi.NeverExecInteractiveMode}}
	tc, err := c.TransportConfig()
	require.NoError(t, err)
	assert.NotNil(t, tc.WrapTransport, "the plugin wraps the transport to add credentials")
	assert.NotNil(t, tc.TLS.GetCertHolder, "the plugin may provide client certificates")

	c.ExecProvider.APIVersion = "nope/v0"
	_, err = c.TransportConfig()
	assert.ErrorContains(t, err, `exec credential plugin "/bin/true"`)

	c.ExecProvider.APIVersion = "client.authentication.k8s.io/v1"
	c.ExecProvider.ProvideClusterInfo = true
	c.CAFile = "/no/such/ca"
	_, err = c.TransportConfig()
	assert.ErrorContains(t, err, "failed to load CA bundle for execProvider")
}

func TestTLSConfigFor(t *testing.T) {
	tlsConfig, err := TLSConfigFor(&Config{Host: "http://h"})
	require.NoError(t, err)
	assert.Nil(t, tlsConfig, "no TLS settings, no tls.Config")

	tlsConfig, err = TLSConfigFor(&Config{TLSClientConfig: TLSClientConfig{Insecure: true, ServerName: "sni"}})
	require.NoError(t, err)
	require.NotNil(t, tlsConfig)
	assert.True(t, tlsConfig.InsecureSkipVerify)
	assert.Equal(t, "sni", tlsConfig.ServerName)

	_, err = TLSConfigFor(&Config{TLSClientConfig: TLSClientConfig{CAData: []byte("not a certificate")}})
	assert.Error(t, err)
}

func TestHTTPWrappersForConfigAndWrap(t *testing.T) {
	var seen http.Header
	base := roundTripperFunc(func(r *http.Request) (*http.Response, error) {
		seen = r.Header.Clone()
		return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
	})
	var order []string
	c := &Config{UserAgent: "my-agent", BearerToken: "tok"}
	c.Wrap(func(rt http.RoundTripper) http.RoundTripper { order = append(order, "first"); return rt })
	c.Wrap(func(rt http.RoundTripper) http.RoundTripper { order = append(order, "second"); return rt })
	rt, err := HTTPWrappersForConfig(c, base)
	require.NoError(t, err)
	req, _ := http.NewRequest("GET", "http://h/x", nil)
	_, err = rt.RoundTrip(req)
	require.NoError(t, err)
	assert.Equal(t, "my-agent", seen.Get("User-Agent"))
	assert.Equal(t, "Bearer tok", seen.Get("Authorization"))

	_, err = TransportFor(c)
	require.NoError(t, err)
	assert.Equal(t, []string{"first", "second"}, order[len(order)-2:], "wrappers run in the order they were added")
}

// fakeGates enables exactly the listed features.
type fakeGates map[features.Feature]bool

func (g fakeGates) Enabled(f features.Feature) bool { return g[f] }

func withGates(t *testing.T, g fakeGates) {
	old := features.FeatureGates()
	features.ReplaceFeatureGates(g)
	t.Cleanup(func() { features.ReplaceFeatureGates(old) })
}

func TestCBORGating(t *testing.T) {
	cfg := testConfig("localhost")
	cfg.ContentType = "application/cbor"
	cfg.AcceptContentTypes = "application/cbor, application/json;q=0.9"

	withGates(t, fakeGates{})
	c, err := RESTClientFor(cfg)
	require.NoError(t, err)
	assert.Equal(t, "application/json", c.Get().contentType(), "CBOR is replaced by JSON unless allowed")
	assert.Equal(t, []string{"application/json, application/json;q=0.9"}, c.Get().accept)
	assert.Equal(t, scheme.Codecs, CodecFactoryForGeneratedClient(scheme.Scheme, scheme.Codecs))

	withGates(t, fakeGates{features.ClientsAllowCBOR: true})
	c, err = RESTClientFor(cfg)
	require.NoError(t, err)
	assert.Equal(t, "application/cbor", c.Get().contentType())
	cf := CodecFactoryForGeneratedClient(scheme.Scheme, scheme.Codecs)
	_, ok := runtime.SerializerInfoForMediaType(cf.SupportedMediaTypes(), "application/cbor")
	assert.True(t, ok, "the generated-client codec factory supports CBOR when allowed")

	withGates(t, fakeGates{features.ClientsAllowCBOR: true, features.ClientsPreferCBOR: true})
	c, err = RESTClientFor(testConfig("localhost"))
	require.NoError(t, err)
	assert.Equal(t, "application/cbor", c.Get().contentType(), "CBOR becomes the default when preferred")
}

func TestBackoffFromEnvironment(t *testing.T) {
	t.Setenv(envBackoffBase, "1")
	t.Setenv(envBackoffDuration, "10")
	c, err := RESTClientFor(testConfig("localhost"))
	require.NoError(t, err)
	b, ok := c.Get().backoff.(*URLBackoff)
	require.True(t, ok, "KUBE_CLIENT_BACKOFF_* enable a URL backoff, got %T", c.Get().backoff)
	assert.NotSame(t, b, c.Get().backoff, "each request gets its own backoff")

	t.Setenv(envBackoffBase, "x")
	c, err = RESTClientFor(testConfig("localhost"))
	require.NoError(t, err)
	assert.IsType(t, &NoBackoff{}, c.Get().backoff)
}

func TestRequestConstructionError(t *testing.T) {
	inner := context.Canceled
	err := &RequestConstructionError{Err: inner}
	assert.Equal(t, "request construction error: 'context canceled'", err.Error())
	assert.ErrorIs(t, err, context.Canceled)
}

func TestCBORFallsBackToJSONAfter415(t *testing.T) {
	withGates(t, fakeGates{features.ClientsAllowCBOR: true})
	var seen []string
	s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Header.Get("Content-Type"))
		if r.Header.Get("Content-Type") == "application/cbor" {
			writeJSON(w, http.StatusUnsupportedMediaType, statusJSON(415, "UnsupportedMediaType", "cbor is not supported"))
			return
		}
		writeJSON(w, 201, configMapJSON)
	})
	cfg := testConfig(s.URL)
	cfg.ContentType = "application/cbor"
	c, err := RESTClientFor(cfg)
	require.NoError(t, err)
	ctx := context.Background()
	err = c.Post().Resource("configmaps").Body([]byte{0xa0}).SetHeader("Content-Type", "application/cbor").Do(ctx).Error()
	assert.True(t, apierrors.IsUnsupportedMediaType(err), "%v", err)
	assert.Equal(t, "application/json", c.Post().contentType(), "later requests send JSON")
	require.NoError(t, c.Post().Resource("configmaps").Body(&corev1.ConfigMap{}).Do(ctx).Error())
	assert.Equal(t, []string{"application/cbor", "application/json"}, seen)
}
