package transport_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/transport"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

// status sends GET host+path through rt and returns the status code.
func status(t *testing.T, rt http.RoundTripper, url string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	require.NoError(t, err)
	resp, err := rt.RoundTrip(req)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode
}

// whoAmI asks the apiserver who the caller is (SelfSubjectReview).
func whoAmI(t *testing.T, rt http.RoundTripper, host string) (user string, groups []string, extra map[string][]string) {
	t.Helper()
	body := `{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}`
	req, err := http.NewRequest(http.MethodPost, host+"/apis/authentication.k8s.io/v1/selfsubjectreviews", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := rt.RoundTrip(req)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	var review struct {
		Status struct {
			UserInfo struct {
				Username string              `json:"username"`
				Groups   []string            `json:"groups"`
				Extra    map[string][]string `json:"extra"`
			} `json:"userInfo"`
		} `json:"status"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&review))
	u := review.Status.UserInfo
	return u.Username, u.Groups, u.Extra
}

func TestIntegrationClientCertificate(t *testing.T) {
	c := testcluster.Get(t)
	t.Parallel()

	tests := []struct {
		name       string
		config     transport.Config
		wantStatus int
		wantErr    string
	}{
		{name: "cert and CA data", config: transport.Config{TLS: transport.TLSConfig{CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData}}, wantStatus: 200},
		{name: "cert and CA files", config: transport.Config{TLS: transport.TLSConfig{CAFile: c.CAFile, CertFile: c.ClientCertFile, KeyFile: c.ClientKeyFile}}, wantStatus: 200},
		// Without credentials the request is anonymous, and anonymous may not read namespaces.
		{name: "no client cert", config: transport.Config{TLS: transport.TLSConfig{CAData: c.CAData}}, wantStatus: 403},
		{name: "unverified server", config: transport.Config{TLS: transport.TLSConfig{CAData: otherCA(t), CertData: c.ClientCertData, KeyData: c.ClientKeyData}}, wantErr: "certificate signed by unknown authority"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.config
			rt, err := transport.New(&cfg)
			require.NoError(t, err)
			req, err := http.NewRequest(http.MethodGet, c.Host+"/api/v1/namespaces/default", nil)
			require.NoError(t, err)
			resp, err := rt.RoundTrip(req)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			_ = resp.Body.Close()
			assert.Equal(t, tc.wantStatus, resp.StatusCode)
			assert.Equal(t, 2, resp.ProtoMajor, "HTTP/2 is negotiated with the apiserver")
			if tc.wantStatus == 200 {
				user, groups, _ := whoAmI(t, rt, c.Host)
				assert.Equal(t, "kclient-admin", user)
				assert.Contains(t, groups, "system:masters")
			}
		})
	}
}

// otherCA returns a self-signed CA certificate that did not sign the
// apiserver's serving certificate.
func otherCA(t *testing.T) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "unrelated-ca"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func TestIntegrationImpersonation(t *testing.T) {
	c := testcluster.Get(t)
	t.Parallel()

	rt, err := transport.New(&transport.Config{
		TLS:         transport.TLSConfig{CAData: c.CAData},
		BearerToken: c.Token,
		Impersonate: transport.ImpersonationConfig{
			UserName: "jane",
			Groups:   []string{"devs", "system:authenticated"},
			Extra:    map[string][]string{"example.com/team": {"blue", "green"}, "scopes": {"view"}},
		},
		UserAgent: "kclient-transport-test",
	})
	require.NoError(t, err)
	user, groups, extra := whoAmI(t, rt, c.Host)
	assert.Equal(t, "jane", user)
	assert.Contains(t, groups, "devs")
	assert.Equal(t, map[string][]string{"example.com/team": {"blue", "green"}, "scopes": {"view"}}, extra,
		"extra keys are percent-encoded in headers and decoded by the apiserver")
}

func TestIntegrationBearerTokenFileRotation(t *testing.T) {
	c := testcluster.Get(t)
	t.Parallel()

	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	write := func(tok string) {
		tmp := tokenFile + ".tmp"
		require.NoError(t, os.WriteFile(tmp, []byte(tok+"\n"), 0o600))
		require.NoError(t, os.Rename(tmp, tokenFile))
	}
	write(c.Token)

	rt, err := transport.New(&transport.Config{TLS: transport.TLSConfig{CAData: c.CAData}, BearerTokenFile: tokenFile})
	require.NoError(t, err)
	url := c.Host + "/api/v1/namespaces/default"
	require.Equal(t, http.StatusOK, status(t, rt, url))

	// The file is re-read once its cached token is a minute old (less a 10s
	// leeway); until then the old token keeps being used.
	const cachePeriod = time.Minute
	waitFor := func(want int) time.Duration {
		start := time.Now()
		require.Eventually(t, func() bool { return status(t, rt, url) == want }, cachePeriod+10*time.Second, time.Second,
			"status %d not seen within the token file cache period", want)
		return time.Since(start)
	}

	write("not-a-valid-token")
	took := waitFor(http.StatusUnauthorized)
	t.Logf("bad token picked up after %v", took)

	write(c.Token)
	took = waitFor(http.StatusOK)
	t.Logf("good token picked up after %v", took)
}

func TestIntegrationResettableTokenSource(t *testing.T) {
	c := testcluster.Get(t)
	t.Parallel()

	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	require.NoError(t, os.WriteFile(tokenFile, []byte("bad-token"), 0o600))

	// With a resettable source a 401 drops the cached token, so a fixed file
	// is used by the very next request instead of after the cache period.
	ts := transport.NewCachedFileTokenSource(tokenFile)
	rt, err := transport.New(&transport.Config{
		TLS:           transport.TLSConfig{CAData: c.CAData},
		WrapTransport: transport.ResettableTokenSourceWrapTransport(ts),
	})
	require.NoError(t, err)
	url := c.Host + "/api/v1/namespaces/default"
	assert.Equal(t, http.StatusUnauthorized, status(t, rt, url))
	require.NoError(t, os.WriteFile(tokenFile, []byte(c.Token), 0o600))
	// The first 401 happened with a token fetched during that request; one
	// more 401 (with a token fetched before it) triggers the reset.
	assert.Equal(t, http.StatusUnauthorized, status(t, rt, url))
	assert.Equal(t, http.StatusOK, status(t, rt, url))
}
