package transport

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHTTPWrappersForConfig(t *testing.T) {
	tokenFile := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(tokenFile, []byte(" from-file\n"), 0o600))

	tests := []struct {
		name    string
		config  Config
		want    http.Header
		absent  []string
		wantErr string
	}{
		{name: "nothing configured", config: Config{}, absent: []string{"Authorization", "User-Agent", "Impersonate-User"}},
		{name: "bearer token", config: Config{BearerToken: "tok"}, want: http.Header{"Authorization": {"Bearer tok"}}},
		{name: "bearer token file", config: Config{BearerTokenFile: tokenFile}, want: http.Header{"Authorization": {"Bearer from-file"}}},
		{name: "file wins over token", config: Config{BearerToken: "tok", BearerTokenFile: tokenFile}, want: http.Header{"Authorization": {"Bearer from-file"}}},
		{name: "basic auth", config: Config{Username: "u", Password: "p"}, want: http.Header{"Authorization": {"Basic dTpw"}}},
		{name: "basic and bearer conflict", config: Config{Username: "u", BearerToken: "t"}, wantErr: "username/password or bearer token may be set, but not both"},
		{name: "unreadable token file", config: Config{BearerTokenFile: filepath.Join(t.TempDir(), "missing")}, wantErr: "failed to read token file"},
		{name: "user agent", config: Config{UserAgent: "ua/1"}, want: http.Header{"User-Agent": {"ua/1"}}},
		{name: "impersonate groups only", config: Config{Impersonate: ImpersonationConfig{Groups: []string{"g"}}}, want: http.Header{"Impersonate-User": {""}, "Impersonate-Group": {"g"}}},
		{name: "impersonate uid only", config: Config{Impersonate: ImpersonationConfig{UID: "1"}}, want: http.Header{"Impersonate-Uid": {"1"}}},
		{
			name: "wrap transport innermost",
			config: Config{BearerToken: "tok", WrapTransport: func(rt http.RoundTripper) http.RoundTripper {
				return roundTripperFunc(func(req *http.Request) (*http.Response, error) {
					// Auth is applied outside WrapTransport, so it is visible here.
					req.Header.Set("X-Seen-Auth", req.Header.Get("Authorization"))
					return rt.RoundTrip(req)
				})
			}},
			want: http.Header{"X-Seen-Auth": {"Bearer tok"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			rt, err := HTTPWrappersForConfig(&tc.config, rec)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			_, err = rt.RoundTrip(newRequest(t, nil))
			require.NoError(t, err)
			for k, v := range tc.want {
				assert.Equal(t, v, rec.req.Header.Values(k), "header %s", k)
			}
			for _, k := range tc.absent {
				assert.Empty(t, rec.req.Header.Values(k), "header %s", k)
			}
		})
	}

	_, err := HTTPWrappersForConfig(nil, &recorder{})
	assert.Error(t, err)
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// tagWrapper appends tag to the X-Order header on the way in.
func tagWrapper(tag string) WrapperFunc {
	return func(rt http.RoundTripper) http.RoundTripper {
		return roundTripperFunc(func(req *http.Request) (*http.Response, error) {
			req.Header.Add("X-Order", tag)
			return rt.RoundTrip(req)
		})
	}
}

func TestWrappers(t *testing.T) {
	tests := []struct {
		name    string
		fns     []WrapperFunc
		wantNil bool
		want    []string // X-Order as seen by the innermost round tripper
	}{
		{name: "none", wantNil: true},
		{name: "nil then nil", fns: []WrapperFunc{nil, nil}, wantNil: true},
		{name: "single nil is identity", fns: []WrapperFunc{nil}},
		{name: "nil then one", fns: []WrapperFunc{nil, tagWrapper("a")}, want: []string{"a"}},
		// Each later wrapper wraps the earlier ones, so it runs first.
		{name: "order", fns: []WrapperFunc{tagWrapper("a"), nil, tagWrapper("b"), tagWrapper("c")}, want: []string{"c", "b", "a"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := Wrappers(tc.fns...)
			if tc.wantNil {
				assert.Nil(t, w)
				return
			}
			require.NotNil(t, w)
			rec := &recorder{}
			_, err := w(rec).RoundTrip(newRequest(t, nil))
			require.NoError(t, err)
			assert.Equal(t, tc.want, rec.req.Header.Values("X-Order"))
		})
	}
}

func TestConfigWrap(t *testing.T) {
	c := &Config{}
	c.Wrap(tagWrapper("first"))
	c.Wrap(nil)
	c.Wrap(tagWrapper("second"))
	rec := &recorder{}
	_, err := c.WrapTransport(rec).RoundTrip(newRequest(t, nil))
	require.NoError(t, err)
	assert.Equal(t, []string{"second", "first"}, rec.req.Header.Values("X-Order"))
}

func TestContextCanceller(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	stopped := errors.New("client stopped")
	rec := &recorder{}
	rt := ContextCanceller(ctx, stopped)(rec)

	_, err := rt.RoundTrip(newRequest(t, nil))
	require.NoError(t, err)
	assert.Equal(t, 1, rec.calls)

	cancel()
	_, err = rt.RoundTrip(newRequest(t, nil))
	assert.Same(t, stopped, err)
	assert.Equal(t, 1, rec.calls, "no request may reach the delegate after cancellation")
}

func TestConfigPredicates(t *testing.T) {
	tests := []struct {
		name                                 string
		c                                    Config
		ca, basic, token, cert, certCallback bool
	}{
		{name: "empty"},
		{name: "ca data", c: Config{TLS: TLSConfig{CAData: []byte("x")}}, ca: true},
		{name: "ca file", c: Config{TLS: TLSConfig{CAFile: "f"}}, ca: true},
		{name: "basic", c: Config{Username: "u"}, basic: true},
		{name: "password only", c: Config{Password: "p"}},
		{name: "token", c: Config{BearerToken: "t"}, token: true},
		{name: "token file", c: Config{BearerTokenFile: "f"}, token: true},
		{name: "cert data and key file", c: Config{TLS: TLSConfig{CertData: []byte("c"), KeyFile: "k"}}, cert: true},
		{name: "cert without key", c: Config{TLS: TLSConfig{CertFile: "c"}}},
		{name: "callback", c: Config{TLS: TLSConfig{GetCertHolder: &GetCertHolder{}}}, certCallback: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.ca, tc.c.HasCA(), "HasCA")
			assert.Equal(t, tc.basic, tc.c.HasBasicAuth(), "HasBasicAuth")
			assert.Equal(t, tc.token, tc.c.HasTokenAuth(), "HasTokenAuth")
			assert.Equal(t, tc.cert, tc.c.HasCertAuth(), "HasCertAuth")
			assert.Equal(t, tc.certCallback, tc.c.HasCertCallback(), "HasCertCallback")
		})
	}
}
