package oidc

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/rest"
	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
)

// jwt returns an unsigned token whose payload is claims.
func jwt(claims string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"none"}`)) + "." + enc([]byte(claims)) + ".sig"
}

func expiringIn(d time.Duration) string {
	return jwt(fmt.Sprintf(`{"sub":"alice","exp":%d}`, time.Now().Add(d).Unix()))
}

// fakeIDP is an identity provider with a discovery document and a token
// endpoint that answers refresh grants with the configured response.
type fakeIDP struct {
	*httptest.Server
	refreshes atomic.Int32
	mu        sync.Mutex
	response  map[string]interface{}
	lastForm  map[string]string
}

func newFakeIDP(t *testing.T) *fakeIDP {
	idp := &fakeIDP{}
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]string{"issuer": idp.URL, "token_endpoint": idp.URL + "/token"})
	})
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		idp.refreshes.Add(1)
		require.NoError(t, r.ParseForm())
		user, pass, _ := r.BasicAuth()
		idp.mu.Lock()
		idp.lastForm = map[string]string{"grant_type": r.Form.Get("grant_type"), "refresh_token": r.Form.Get("refresh_token"), "client": user + ":" + pass}
		resp := idp.response
		idp.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(resp)
	})
	idp.Server = httptest.NewServer(mux)
	t.Cleanup(idp.Close)
	return idp
}

func (i *fakeIDP) respond(resp map[string]interface{}) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.response = resp
}

type recordingPersister struct {
	saved []map[string]string
	err   error
}

func (p *recordingPersister) Persist(cfg map[string]string) error {
	p.saved = append(p.saved, cfg)
	return p.err
}

var clusterSeq atomic.Int32

// uniqueCluster avoids the process-wide provider cache between tests.
func uniqueCluster() string { return fmt.Sprintf("https://cluster-%d.test", clusterSeq.Add(1)) }

func TestNewProviderConfig(t *testing.T) {
	tests := []struct {
		name    string
		cfg     map[string]string
		wantErr string
	}{
		{"no issuer", map[string]string{keyClientID: "c"}, "Must provide idp-issuer-url"},
		{"no client", map[string]string{keyIssuerURL: "https://idp"}, "Must provide client-id"},
		{"bad CA data", map[string]string{keyIssuerURL: "https://idp", keyClientID: "c", keyCAData: "%%%"}, "not valid base64"},
		{"missing CA file", map[string]string{keyIssuerURL: "https://idp", keyClientID: "c", keyCAFile: "/nonexistent/ca.pem"}, "ca.pem"},
		{"minimal", map[string]string{keyIssuerURL: "https://idp", keyClientID: "c"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := newProvider(uniqueCluster(), tt.cfg, &recordingPersister{})
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.EqualError(t, p.Login(), "not yet implemented")
		})
	}
}

func TestProviderCache(t *testing.T) {
	cluster := uniqueCluster()
	cfg := map[string]string{keyIssuerURL: "https://idp", keyClientID: "c"}
	a, err := newProvider(cluster, cfg, nil)
	require.NoError(t, err)
	b, err := newProvider(cluster, cfg, nil)
	require.NoError(t, err)
	assert.Same(t, a, b, "same cluster, issuer and client share a provider")
	c, err := newProvider(uniqueCluster(), cfg, nil)
	require.NoError(t, err)
	assert.NotSame(t, a, c)
}

func TestIDToken(t *testing.T) {
	idp := newFakeIDP(t)
	valid := expiringIn(time.Hour)
	newID := expiringIn(2 * time.Hour)
	tests := []struct {
		name          string
		cfg           map[string]string
		idpResponse   map[string]interface{}
		persistErr    error
		want          string
		wantErr       string
		wantRefreshes int32
		wantSaved     map[string]string
	}{
		{name: "valid token used as is", cfg: map[string]string{keyIDToken: valid}, want: valid},
		{
			name:          "expired token refreshed, new refresh token kept",
			cfg:           map[string]string{keyIDToken: expiringIn(-time.Hour), keyRefresh: "r1", keySecret: "s3cret"},
			idpResponse:   map[string]interface{}{"access_token": "a", "token_type": "Bearer", "id_token": newID, "refresh_token": "r2"},
			want:          newID,
			wantRefreshes: 1,
			wantSaved:     map[string]string{keyIDToken: newID, keyRefresh: "r2", keySecret: "s3cret"},
		},
		{
			name:          "token within the expiry margin is refreshed",
			cfg:           map[string]string{keyIDToken: expiringIn(5 * time.Second), keyRefresh: "r1"},
			idpResponse:   map[string]interface{}{"access_token": "a", "token_type": "Bearer", "id_token": newID},
			want:          newID,
			wantRefreshes: 1,
			wantSaved:     map[string]string{keyIDToken: newID, keyRefresh: "r1"},
		},
		{name: "no refresh token", cfg: map[string]string{keyIDToken: expiringIn(-time.Hour)}, wantErr: "cannot refresh without refresh-token"},
		{name: "not a JWT", cfg: map[string]string{keyIDToken: "abc"}, wantErr: "ID Token is not a valid JWT"},
		{name: "bad claims", cfg: map[string]string{keyIDToken: jwt(`{"exp":"soon"}`)}, wantErr: "parsing claims"},
		{
			name:          "no id_token in the response",
			cfg:           map[string]string{keyRefresh: "r1"},
			idpResponse:   map[string]interface{}{"access_token": "a", "token_type": "Bearer"},
			wantErr:       "did not contain an id_token",
			wantRefreshes: 1,
		},
		{
			name:          "persist failure",
			cfg:           map[string]string{keyRefresh: "r1"},
			idpResponse:   map[string]interface{}{"access_token": "a", "token_type": "Bearer", "id_token": newID},
			persistErr:    errors.New("read-only kubeconfig"),
			wantErr:       "could not persist new tokens: read-only kubeconfig",
			wantRefreshes: 1,
			wantSaved:     map[string]string{keyIDToken: newID, keyRefresh: "r1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idp.refreshes.Store(0)
			idp.respond(tt.idpResponse)
			cfg := map[string]string{keyIssuerURL: idp.URL, keyClientID: "kubectl"}
			for k, v := range tt.cfg {
				cfg[k] = v
			}
			persister := &recordingPersister{err: tt.persistErr}
			ap, err := newProvider(uniqueCluster(), cfg, persister)
			require.NoError(t, err)
			got, err := ap.(*provider).idToken(context.Background())
			assert.Equal(t, tt.wantRefreshes, idp.refreshes.Load())
			if tt.wantSaved != nil {
				require.Len(t, persister.saved, 1)
				for k, v := range tt.wantSaved {
					assert.Equal(t, v, persister.saved[0][k], k)
				}
			} else {
				assert.Empty(t, persister.saved)
			}
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				for _, secret := range []string{"s3cret", "r1"} {
					assert.NotContains(t, err.Error(), secret)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	idp.mu.Lock()
	defer idp.mu.Unlock()
	assert.Equal(t, "refresh_token", idp.lastForm["grant_type"])
}

func TestDiscoveryErrors(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		wantErr string
	}{
		{"not found", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, strings.Repeat("x", 200), http.StatusNotFound)
		}, `failed to query metadata endpoint 404 Not Found: "xxxx`},
		{"not JSON", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("<html>")) }, "failed to decode provider discovery object"},
		{"no token endpoint", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(`{"issuer":"x"}`)) }, "doesn't contain a token_endpoint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			_, err := discoverTokenURL(context.Background(), srv.Client(), srv.URL+"/")
			require.ErrorContains(t, err, tt.wantErr)
			assert.LessOrEqual(t, len(err.Error()), 200, "long bodies are cut")
		})
	}
}

// TestThroughRestConfig wires the plugin the way a kubeconfig does and checks
// the header the apiserver would see; a request with its own Authorization
// header is left alone.
func TestThroughRestConfig(t *testing.T) {
	var seen atomic.Value
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Store(r.Header.Get("Authorization"))
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"major":"1","minor":"37","gitVersion":"v1.37.2"}`))
	}))
	defer api.Close()
	token := expiringIn(time.Hour)
	cfg := &rest.Config{
		Host: api.URL,
		AuthProvider: &clientcmdapi.AuthProviderConfig{Name: "oidc", Config: map[string]string{
			keyIssuerURL: "https://idp.invalid", keyClientID: "kubectl", keyIDToken: token,
		}},
	}
	hc, err := rest.HTTPClientFor(cfg)
	require.NoError(t, err)
	resp, err := hc.Get(api.URL + "/version")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, "Bearer "+token, seen.Load())

	req, err := http.NewRequest(http.MethodGet, api.URL+"/version", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer mine")
	resp, err = hc.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, "Bearer mine", seen.Load())
}
