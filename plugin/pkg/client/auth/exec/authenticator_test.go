package exec

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/pkg/apis/clientauthentication"
	"github.com/kclient/kclient/tools/clientcmd/api"
	"github.com/kclient/kclient/transport"
	"github.com/kclient/kclient/util/cert"
)

func TestGetAuthenticatorValidation(t *testing.T) {
	tests := []struct {
		name    string
		cfg     *api.ExecConfig
		wantErr string
	}{
		{name: "v1", cfg: &api.ExecConfig{Command: "x", APIVersion: v1}},
		{name: "v1beta1", cfg: &api.ExecConfig{Command: "x", APIVersion: v1beta1}},
		{name: "v1alpha1 rejected", cfg: &api.ExecConfig{Command: "x", APIVersion: v1alpha1}, wantErr: `exec plugin: invalid apiVersion "client.authentication.k8s.io/v1alpha1"`},
		{name: "empty apiVersion", cfg: &api.ExecConfig{Command: "x"}, wantErr: `exec plugin: invalid apiVersion ""`},
		{name: "nil config", wantErr: "exec plugin: no exec config given"},
		{
			name:    "bad policy",
			cfg:     &api.ExecConfig{Command: "x", APIVersion: v1, PluginPolicy: api.PluginPolicy{PolicyType: "Maybe"}},
			wantErr: `invalid plugin policy: unknown plugin policy: "Maybe"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := GetAuthenticator(tt.cfg, nil)
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
				assert.Nil(t, a)
				return
			}
			require.NoError(t, err)
			assert.NotNil(t, a)
		})
	}
}

func TestAuthenticatorsAreSharedByConfig(t *testing.T) {
	base := func() *api.ExecConfig {
		return &api.ExecConfig{
			Command: "/bin/plugin", Args: []string{"a"}, APIVersion: v1,
			Env: []api.ExecEnvVar{{Name: "K", Value: "V"}}, InteractiveMode: api.IfAvailableExecInteractiveMode,
		}
	}
	cluster := func() *clientauthentication.Cluster {
		return &clientauthentication.Cluster{Server: "https://a", Config: &runtime.Unknown{Raw: []byte(`{"x":1}`)}}
	}
	first, err := GetAuthenticator(base(), cluster())
	require.NoError(t, err)

	tests := []struct {
		name    string
		cfg     func() *api.ExecConfig
		cluster func() *clientauthentication.Cluster
		same    bool
	}{
		{name: "equal copies", cfg: base, cluster: cluster, same: true},
		{name: "different env value", cfg: func() *api.ExecConfig { c := base(); c.Env[0].Value = "W"; return c }, cluster: cluster},
		{name: "different args", cfg: func() *api.ExecConfig { c := base(); c.Args = []string{"b"}; return c }, cluster: cluster},
		{name: "different cluster server", cfg: base, cluster: func() *clientauthentication.Cluster { c := cluster(); c.Server = "https://b"; return c }},
		{name: "different cluster config", cfg: base, cluster: func() *clientauthentication.Cluster {
			c := cluster()
			c.Config = &runtime.Unknown{Raw: []byte(`{"x":2}`)}
			return c
		}},
		{name: "no cluster", cfg: base, cluster: func() *clientauthentication.Cluster { return nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := GetAuthenticator(tt.cfg(), tt.cluster())
			require.NoError(t, err)
			if tt.same {
				assert.Same(t, first, a)
			} else {
				assert.NotSame(t, first, a)
			}
		})
	}
}

func TestUpdateTransportConfig(t *testing.T) {
	customDial := func(ctx context.Context, network, addr string) (net.Conn, error) { return nil, io.EOF }
	tests := []struct {
		name     string
		config   transport.Config
		wantErr  string
		wantNoop bool
		wantDial string // "shared" or "wrapped"
	}{
		{name: "no credentials", config: transport.Config{}, wantDial: "shared"},
		{name: "bearer token wins", config: transport.Config{BearerToken: "t"}, wantNoop: true},
		{name: "bearer token file wins", config: transport.Config{BearerTokenFile: "/f"}, wantNoop: true},
		{name: "basic auth wins", config: transport.Config{Username: "u", Password: "p"}, wantNoop: true},
		{name: "client cert wins", config: transport.Config{TLS: transport.TLSConfig{CertData: []byte("c"), KeyData: []byte("k")}}, wantNoop: true},
		{name: "custom dialer is wrapped", config: transport.Config{DialHolder: &transport.DialHolder{Dial: customDial}}, wantDial: "wrapped"},
		{
			name:    "existing cert callback",
			config:  transport.Config{TLS: transport.TLSConfig{GetCertHolder: &transport.GetCertHolder{GetCert: func() (*tls.Certificate, error) { return nil, nil }}}},
			wantErr: "can't add TLS certificate callback: transport.Config.TLS.GetCert already set",
		},
		{name: "dial holder without dial", config: transport.Config{DialHolder: &transport.DialHolder{}}, wantErr: "invalid transport.Config.DialHolder: wrapped Dial function is nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := testAuthenticator(t, &api.ExecConfig{Command: "x", APIVersion: v1, InteractiveMode: api.NeverExecInteractiveMode}, nil, false)
			c := tt.config
			before := c
			err := a.UpdateTransportConfig(&c)
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			if tt.wantNoop {
				assert.Nil(t, c.WrapTransport)
				assert.Equal(t, before.TLS.GetCertHolder, c.TLS.GetCertHolder)
				assert.Equal(t, before.DialHolder, c.DialHolder)
				return
			}
			require.NotNil(t, c.WrapTransport)
			rt := c.WrapTransport(http.DefaultTransport)
			wrapped, ok := rt.(*roundTripper)
			require.True(t, ok, "got %T", rt)
			assert.Same(t, http.DefaultTransport, wrapped.WrappedRoundTripper())
			assert.Same(t, a.getCert, c.TLS.GetCertHolder, "stable holder keeps TLS caching working")
			switch tt.wantDial {
			case "shared":
				assert.Same(t, a.dial, c.DialHolder)
			case "wrapped":
				assert.NotSame(t, a.dial, c.DialHolder)
				assert.NotSame(t, before.DialHolder, c.DialHolder)
				_, err := c.DialHolder.Dial(context.Background(), "tcp", "x")
				assert.Equal(t, io.EOF, err, "wrapped dialer calls the custom one")
			}
		})
	}
}

// authServer is a TLS test server that accepts requests whose bearer token
// or client certificate common name is in accept, and answers 401 otherwise.
type authServer struct {
	*httptest.Server
	mu     sync.Mutex
	accept map[string]bool
	seen   []string
}

func newAuthServer(t *testing.T, accept ...string) *authServer {
	s := &authServer{accept: map[string]bool{}}
	for _, a := range accept {
		s.accept[a] = true
	}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := "none"
		if auth := r.Header.Get("Authorization"); auth != "" {
			id = auth
		} else if len(r.TLS.PeerCertificates) > 0 {
			cn := r.TLS.PeerCertificates[0].Subject.CommonName
			id = "cert:" + cn[:strings.IndexByte(cn, '@')]
		}
		s.mu.Lock()
		s.seen = append(s.seen, id)
		ok := s.accept[id]
		s.mu.Unlock()
		if !ok {
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		_, _ = io.WriteString(w, "hello")
	}))
	s.TLS = &tls.Config{ClientAuth: tls.RequestClientCert}
	s.StartTLS()
	t.Cleanup(s.Close)
	return s
}

func (s *authServer) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.seen...)
}

// clientFor builds an HTTP client from a transport config the way rest does.
func (s *authServer) clientFor(t *testing.T, a *Authenticator) *http.Client {
	t.Helper()
	caPEM, err := cert.EncodeCertificates(s.Certificate())
	require.NoError(t, err)
	cfg := &transport.Config{TLS: transport.TLSConfig{CAData: caPEM}}
	require.NoError(t, a.UpdateTransportConfig(cfg))
	rt, err := transport.New(cfg)
	require.NoError(t, err)
	return &http.Client{Transport: rt}
}

func get(t *testing.T, c *http.Client, url string) (int, error) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

func TestRoundTripperToken(t *testing.T) {
	srv := newAuthServer(t, "Bearer good", "Bearer explicit")
	p := newFakePlugin(t)
	p.outputFor(1, tokenCredential(v1, "stale"))
	p.output(tokenCredential(v1, "good"))
	a, _ := testAuthenticator(t, p.config(v1), nil, false)
	client := srv.clientFor(t, a)

	code, err := get(t, client, srv.URL)
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, code, "first token is rejected")
	code, err = get(t, client, srv.URL)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, code, "401 made the next request run the plugin again")
	code, err = get(t, client, srv.URL)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, 2, p.runs(), "good token is cached")

	// A request that carries its own Authorization header is left alone.
	req, err := http.NewRequest(http.MethodGet, srv.URL, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer explicit")
	resp, err := client.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	assert.Equal(t, []string{"Bearer stale", "Bearer good", "Bearer good", "Bearer explicit"}, srv.requests())
	assert.Equal(t, 2, p.runs())
}

func TestRoundTripperDoesNotMutateRequest(t *testing.T) {
	p := newFakePlugin(t)
	p.output(tokenCredential(v1, "tok"))
	a, _ := testAuthenticator(t, p.config(v1), nil, false)
	var got string
	rt := &roundTripper{a: a, base: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		got = r.Header.Get("Authorization")
		return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody}, nil
	})}
	req := httptest.NewRequest(http.MethodGet, "https://x/", nil)
	_, err := rt.RoundTrip(req)
	require.NoError(t, err)
	assert.Equal(t, "Bearer tok", got)
	assert.Empty(t, req.Header.Get("Authorization"))
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestRoundTripperPluginFailure(t *testing.T) {
	srv := newAuthServer(t)
	p := newFakePlugin(t)
	p.write("exit", "2")
	p.write("stderr", "please log in\n")
	a, stderr := testAuthenticator(t, p.config(v1), nil, false)
	client := srv.clientFor(t, a)

	_, err := get(t, client, srv.URL)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "getting credentials: exec: executable "+p.path+" failed with exit code 2")
	assert.Empty(t, srv.requests(), "nothing is sent without credentials")
	assert.Equal(t, "please log in\n", stderr.String())
}

func TestRoundTripperClientCertificate(t *testing.T) {
	srv := newAuthServer(t, "cert:good")
	badCert, badKey := must2(cert.GenerateSelfSignedCertKey("bad", nil, nil))
	goodCert, goodKey := must2(cert.GenerateSelfSignedCertKey("good", nil, nil))
	p := newFakePlugin(t)
	p.outputFor(1, certCredential(v1, badCert, badKey))
	p.output(certCredential(v1, goodCert, goodKey))
	a, _ := testAuthenticator(t, p.config(v1), nil, false)
	client := srv.clientFor(t, a)

	code, err := get(t, client, srv.URL)
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, code)
	// The next request reruns the plugin, gets a new certificate, closes the
	// connection made with the old one and handshakes again.
	code, err = get(t, client, srv.URL)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, code)
	code, err = get(t, client, srv.URL)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, code)

	assert.Equal(t, []string{"cert:bad", "cert:good", "cert:good"}, srv.requests())
	assert.Equal(t, 2, p.runs())
	leaf, err := x509.ParseCertificate(must(a.cert()).Certificate[0])
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(leaf.Subject.CommonName, "good@"))
}
