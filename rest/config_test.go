package rest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
	"github.com/kclient/kclient/util/flowcontrol"
)

func secretConfig() *Config {
	return &Config{
		Host:            "https://example.com",
		Username:        "user",
		Password:        "s3cret-password",
		BearerToken:     "s3cret-token",
		BearerTokenFile: "/tmp/token",
		TLSClientConfig: TLSClientConfig{
			CertData: []byte("s3cret-cert"),
			KeyData:  []byte("s3cret-key"),
			CAData:   []byte("ca"),
		},
		AuthProvider: &clientcmdapi.AuthProviderConfig{Name: "oidc", Config: map[string]string{"refresh-token": "s3cret-refresh"}},
		ExecProvider: &clientcmdapi.ExecConfig{Command: "plugin", Env: []clientcmdapi.ExecEnvVar{{Name: "TOKEN", Value: "s3cret-env"}}},
		Transport:    &http.Transport{},
		Dial:         (&net.Dialer{}).DialContext,
	}
}

func TestConfigStringRedactsSecrets(t *testing.T) {
	c := secretConfig()
	for _, s := range []string{c.String(), c.GoString(), fmt.Sprintf("%v", c), fmt.Sprintf("%#v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%s", c), fmt.Sprintf("%v", c.TLSClientConfig), fmt.Sprintf("%#v", c.TLSClientConfig)} {
		assert.NotContains(t, s, "s3cret", s)
	}
	s := c.String()
	assert.Contains(t, s, `Password:"--- REDACTED ---"`)
	assert.Contains(t, s, `BearerToken:"--- REDACTED ---"`)
	assert.Contains(t, s, `KeyData:"--- REDACTED ---"`)
	assert.Contains(t, s, `CertData:"--- TRUNCATED ---"`)
	assert.Contains(t, s, `Host:"https://example.com"`)
	assert.Contains(t, s, `Username:"user"`)
	assert.Equal(t, "<nil>", (*Config)(nil).String())
	assert.NotContains(t, (&Config{}).String(), "REDACTED", "empty secrets are not marked")
}

func TestCopyConfigIsDeep(t *testing.T) {
	c := secretConfig()
	c.GroupVersion = &schema.GroupVersion{Version: "v1"}
	c.Impersonate = ImpersonationConfig{UserName: "u", Groups: []string{"g"}, Extra: map[string][]string{"k": {"v"}}}
	c.NextProtos = []string{"h2"}
	cp := CopyConfig(c)
	assert.Equal(t, c.String(), cp.String())
	cp.CertData[0] = 'X'
	cp.Impersonate.Groups[0] = "changed"
	cp.Impersonate.Extra["k"][0] = "changed"
	cp.GroupVersion.Version = "v2"
	cp.ExecProvider.Command = "other"
	cp.AuthProvider.Config["refresh-token"] = "other"
	cp.NextProtos[0] = "http/1.1"
	assert.Equal(t, byte('s'), c.CertData[0])
	assert.Equal(t, "g", c.Impersonate.Groups[0])
	assert.Equal(t, "v", c.Impersonate.Extra["k"][0])
	assert.Equal(t, "v1", c.GroupVersion.Version)
	assert.Equal(t, "plugin", c.ExecProvider.Command)
	assert.Equal(t, "s3cret-refresh", c.AuthProvider.Config["refresh-token"])
	assert.Equal(t, "h2", c.NextProtos[0])
	assert.Equal(t, c.Transport, cp.Transport, "interfaces are shared")
}

func TestAnonymousClientConfig(t *testing.T) {
	c := secretConfig()
	c.QPS, c.Burst, c.Timeout, c.UserAgent = 7, 8, time.Second, "ua"
	c.Insecure, c.ServerName = true, "sni"
	a := AnonymousClientConfig(c)
	assert.Empty(t, a.Username)
	assert.Empty(t, a.Password)
	assert.Empty(t, a.BearerToken)
	assert.Empty(t, a.BearerTokenFile)
	assert.Nil(t, a.CertData)
	assert.Nil(t, a.KeyData)
	assert.Nil(t, a.AuthProvider)
	assert.Nil(t, a.ExecProvider)
	assert.Nil(t, a.Transport)
	assert.Nil(t, a.WrapTransport)
	assert.Equal(t, []byte("ca"), a.CAData)
	assert.Equal(t, "https://example.com", a.Host)
	assert.Equal(t, float32(7), a.QPS)
	assert.Equal(t, 8, a.Burst)
	assert.Equal(t, time.Second, a.Timeout)
	assert.Equal(t, "ua", a.UserAgent)
	assert.True(t, a.Insecure)
	assert.Equal(t, "sni", a.ServerName)
	assert.NotNil(t, a.Dial)
	assert.Equal(t, "s3cret-token", c.BearerToken, "the original is untouched")
}

func TestDefaultServerURL(t *testing.T) {
	tests := []struct {
		host, apiPath string
		gv            schema.GroupVersion
		tls           bool
		wantURL       string
		wantPath      string
		wantErr       bool
	}{
		{host: "127.0.0.1", apiPath: "/api", gv: schema.GroupVersion{Version: "v1"}, wantURL: "http://127.0.0.1", wantPath: "/api/v1"},
		{host: "127.0.0.1:8443", apiPath: "/api", gv: schema.GroupVersion{Version: "v1"}, tls: true, wantURL: "https://127.0.0.1:8443", wantPath: "/api/v1"},
		{host: "http://host/prefix", apiPath: "/apis", gv: schema.GroupVersion{Group: "apps", Version: "v1"}, wantURL: "http://host/prefix", wantPath: "/apis/apps/v1"},
		{host: "https://host", apiPath: "", gv: schema.GroupVersion{}, wantURL: "https://host", wantPath: "/"},
		{host: "host/server", wantErr: true},
		{host: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			u, p, err := DefaultServerURL(tt.host, tt.apiPath, tt.gv, tt.tls)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantURL, u.String())
			assert.Equal(t, tt.wantPath, p)
		})
	}
}

func TestIsConfigTransportTLS(t *testing.T) {
	assert.False(t, IsConfigTransportTLS(Config{Host: "example.com"}))
	assert.True(t, IsConfigTransportTLS(Config{Host: "example.com", TLSClientConfig: TLSClientConfig{CAData: []byte("x")}}))
	assert.True(t, IsConfigTransportTLS(Config{Host: "example.com", TLSClientConfig: TLSClientConfig{Insecure: true}}))
	assert.True(t, IsConfigTransportTLS(Config{Host: "https://example.com"}))
	assert.True(t, IsConfigTransportTLS(Config{Host: "example.com", TLSClientConfig: TLSClientConfig{CertFile: "c"}}), "a certificate alone selects https")
	assert.False(t, IsConfigTransportTLS(Config{Host: "example.com/bad path"}))
}

func TestRESTClientForValidatesAndDefaults(t *testing.T) {
	_, err := RESTClientFor(&Config{Host: "localhost"})
	assert.ErrorContains(t, err, "GroupVersion is required")
	_, err = RESTClientFor(&Config{Host: "localhost", ContentConfig: ContentConfig{GroupVersion: &corev1.SchemeGroupVersion}})
	assert.ErrorContains(t, err, "NegotiatedSerializer is required")
	_, err = UnversionedRESTClientFor(&Config{Host: "localhost"})
	assert.ErrorContains(t, err, "NegotiatedSerializer is required")

	cfg := testConfig("localhost:8080")
	cfg.QPS = 0
	c, err := RESTClientFor(cfg)
	require.NoError(t, err)
	require.NotNil(t, c.GetRateLimiter())
	assert.Equal(t, DefaultQPS, c.GetRateLimiter().QPS())
	assert.Equal(t, corev1.SchemeGroupVersion, c.APIVersion())
	assert.Equal(t, "http://localhost:8080/api/v1/namespaces/ns/pods", c.Get().Namespace("ns").Resource("pods").URL().String())

	cfg.QPS = -1
	c, err = RESTClientFor(cfg)
	require.NoError(t, err)
	assert.Nil(t, c.GetRateLimiter(), "negative QPS disables rate limiting")

	limiter := flowcontrol.NewFakeAlwaysRateLimiter()
	cfg.RateLimiter = limiter
	c, err = RESTClientFor(cfg)
	require.NoError(t, err)
	assert.Equal(t, limiter, c.GetRateLimiter())
	assert.Nil(t, (*RESTClient)(nil).GetRateLimiter())

	uc, err := UnversionedRESTClientFor(&Config{Host: "localhost", APIPath: "/", ContentConfig: ContentConfig{NegotiatedSerializer: cfg.NegotiatedSerializer}})
	require.NoError(t, err)
	assert.Equal(t, "http://localhost/version", uc.Get().AbsPath("/version").URL().String())
}

func TestHTTPClientFor(t *testing.T) {
	c, err := HTTPClientFor(&Config{Host: "localhost"})
	require.NoError(t, err)
	assert.Zero(t, c.Timeout)
	c, err = HTTPClientFor(&Config{Host: "localhost", Timeout: 3 * time.Second})
	require.NoError(t, err)
	assert.Equal(t, 3*time.Second, c.Timeout)

	_, err = HTTPClientFor(&Config{Host: "localhost", ExecProvider: &clientcmdapi.ExecConfig{Command: "x"}, AuthProvider: &clientcmdapi.AuthProviderConfig{Name: "y"}})
	assert.ErrorContains(t, err, "execProvider and authProvider cannot be used in combination")
	_, err = HTTPClientFor(&Config{Host: "localhost", AuthProvider: &clientcmdapi.AuthProviderConfig{Name: "not-registered"}})
	assert.ErrorContains(t, err, `no Auth Provider found for name "not-registered"`)
}

type headerProvider struct{ header string }

func (p headerProvider) WrapTransport(rt http.RoundTripper) http.RoundTripper {
	return roundTripperFunc(func(req *http.Request) (*http.Response, error) {
		req = req.Clone(req.Context())
		req.Header.Set("X-Plugin", p.header)
		return rt.RoundTrip(req)
	})
}
func (p headerProvider) Login() error { return nil }

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestAuthProviderPlugin(t *testing.T) {
	var got map[string]string
	// the registry is process-wide: use a fresh name for every run (-count)
	name := fmt.Sprintf("test-plugin-%d", time.Now().UnixNano())
	require.NoError(t, RegisterAuthProviderPlugin(name, func(_ string, cfg map[string]string, p AuthProviderConfigPersister) (AuthProvider, error) {
		got = cfg
		require.NotNil(t, p)
		return headerProvider{cfg["value"]}, nil
	}))
	assert.Error(t, RegisterAuthProviderPlugin(name, nil), "double registration")

	s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"kind":"Status","apiVersion":"v1","status":"Success","message":"`+r.Header.Get("X-Plugin")+`"}`)
	})
	cfg := testConfig(s.URL)
	cfg.AuthProvider = &clientcmdapi.AuthProviderConfig{Name: name, Config: map[string]string{"value": "hello"}}
	c, err := RESTClientFor(cfg)
	require.NoError(t, err)
	body, err := c.Get().AbsPath("/x").DoRaw(context.Background())
	require.NoError(t, err)
	assert.Contains(t, string(body), "hello")
	assert.Equal(t, "hello", got["value"])
}

func TestUserAgent(t *testing.T) {
	ua := DefaultKubernetesUserAgent()
	assert.True(t, strings.HasPrefix(ua, filepath.Base(os.Args[0])+"/v0.0.0 ("), ua)
	assert.Contains(t, ua, ") kubernetes/$Format")
	cfg := &Config{}
	require.NoError(t, SetKubernetesDefaults(cfg))
	assert.Equal(t, ua, cfg.UserAgent)
	cfg.UserAgent = "mine"
	require.NoError(t, SetKubernetesDefaults(cfg))
	assert.Equal(t, "mine", cfg.UserAgent)
	assert.Equal(t, ua+"/extra", AddUserAgent(&Config{}, "extra").UserAgent)
	assert.Equal(t, "unknown", uaCommand(nil))
	assert.Equal(t, "v1.2.3", uaVersion("v1.2.3-dirty"))
	assert.Equal(t, "abcdef1", uaCommit("abcdef1234"))
}

func TestInClusterConfig(t *testing.T) {
	dir := t.TempDir()
	token := filepath.Join(dir, "token")
	ca := filepath.Join(dir, "ca.crt")
	require.NoError(t, os.WriteFile(token, []byte("tok"), 0o600))

	t.Setenv("KUBERNETES_SERVICE_HOST", "")
	t.Setenv("KUBERNETES_SERVICE_PORT", "")
	_, err := InClusterConfig()
	assert.ErrorIs(t, err, ErrNotInCluster)

	t.Setenv("KUBERNETES_SERVICE_HOST", "fd00::1")
	t.Setenv("KUBERNETES_SERVICE_PORT", "443")
	cfg, err := inClusterConfig(token, ca)
	require.NoError(t, err)
	assert.Equal(t, "https://[fd00::1]:443", cfg.Host)
	assert.Equal(t, "tok", cfg.BearerToken)
	assert.Equal(t, token, cfg.BearerTokenFile)
	assert.Empty(t, cfg.CAFile, "a missing CA file is not used")

	_, err = inClusterConfig(filepath.Join(dir, "missing"), ca)
	assert.Error(t, err)
}

func TestLoadTLSFiles(t *testing.T) {
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca")
	require.NoError(t, os.WriteFile(ca, []byte("ca-data"), 0o600))
	c := &Config{TLSClientConfig: TLSClientConfig{CAFile: ca, CertData: []byte("inline")}}
	require.NoError(t, LoadTLSFiles(c))
	assert.Equal(t, []byte("ca-data"), c.CAData)
	assert.Equal(t, []byte("inline"), c.CertData)
	assert.Nil(t, c.KeyData)
	c = &Config{TLSClientConfig: TLSClientConfig{KeyFile: filepath.Join(dir, "nope")}}
	assert.Error(t, LoadTLSFiles(c))
}

func TestExecClusterConversions(t *testing.T) {
	cfg := &Config{Host: "https://h", TLSClientConfig: TLSClientConfig{ServerName: "sni", CAData: []byte("ca"), Insecure: true}, DisableCompression: true,
		Proxy: func(*http.Request) (*url.URL, error) { return url.Parse("http://proxy:3128") }}
	cluster, err := ConfigToExecCluster(cfg)
	require.NoError(t, err)
	assert.Equal(t, "https://h", cluster.Server)
	assert.Equal(t, "sni", cluster.TLSServerName)
	assert.Equal(t, []byte("ca"), cluster.CertificateAuthorityData)
	assert.Equal(t, "http://proxy:3128", cluster.ProxyURL)
	assert.True(t, cluster.InsecureSkipTLSVerify)
	back, err := ExecClusterToConfig(cluster)
	require.NoError(t, err)
	assert.Equal(t, "https://h", back.Host)
	assert.Equal(t, "sni", back.ServerName)
	assert.True(t, back.DisableCompression)
	p, err := back.Proxy(&http.Request{})
	require.NoError(t, err)
	assert.Equal(t, "proxy:3128", p.Host)
	cluster.ProxyURL = "://bad"
	_, err = ExecClusterToConfig(cluster)
	assert.Error(t, err)
}

func TestPathSegmentValidation(t *testing.T) {
	assert.Empty(t, IsValidPathSegmentName("ok-name"))
	assert.Equal(t, []string{"may not be '..'"}, IsValidPathSegmentName(".."))
	assert.Len(t, IsValidPathSegmentName("a/b%c"), 2)
	assert.Empty(t, ValidatePathSegmentName("..", true), "prefixes may be dots")
	assert.NotEmpty(t, ValidatePathSegmentName("..", false))
}
