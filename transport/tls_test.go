package transport

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTLSConfigFor(t *testing.T) {
	ca := newTestCA(t, "ca")
	certPEM, keyPEM := ca.issue(t, "client", false)
	dir := t.TempDir()
	caFile := writeFile(t, dir, "ca.crt", ca.certPEM)
	certFile := writeFile(t, dir, "client.crt", certPEM)
	keyFile := writeFile(t, dir, "client.key", keyPEM)
	garbage := []byte("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n")

	tests := []struct {
		name    string
		config  Config
		wantNil bool
		wantErr string
		check   func(t *testing.T, c *Config, tc *tls.Config)
	}{
		{name: "no TLS requested", config: Config{BearerToken: "x"}, wantNil: true},
		{name: "insecure with CA", config: Config{TLS: TLSConfig{Insecure: true, CAData: ca.certPEM}}, wantErr: "specifying a root certificates file with the insecure flag is not allowed"},
		{name: "CA not PEM", config: Config{TLS: TLSConfig{CAData: []byte("nope")}}, wantErr: "unable to load root certificates: unable to parse bytes as PEM block"},
		{name: "CA PEM but not a certificate", config: Config{TLS: TLSConfig{CAData: garbage}}, wantErr: "unable to load root certificates: failed to parse certificate"},
		{name: "CA PEM without certificates", config: Config{TLS: TLSConfig{CAData: keyPEM}}, wantErr: "no valid certificate authority data seen"},
		{name: "CA file missing", config: Config{TLS: TLSConfig{CAFile: filepath.Join(dir, "missing.crt")}}, wantErr: "missing.crt"},
		{name: "cert and key mismatch", config: Config{TLS: TLSConfig{CertData: certPEM, KeyData: []byte("bad key")}}, wantErr: "unable to load client certificate and key"},
		{
			name:   "insecure",
			config: Config{TLS: TLSConfig{Insecure: true}},
			check: func(t *testing.T, _ *Config, tc *tls.Config) {
				assert.True(t, tc.InsecureSkipVerify)
				assert.Nil(t, tc.RootCAs)
				assert.Nil(t, tc.GetClientCertificate)
				assert.Equal(t, uint16(tls.VersionTLS12), tc.MinVersion)
			},
		},
		{
			name:   "server name and protocols",
			config: Config{TLS: TLSConfig{ServerName: "api.test", NextProtos: []string{"http/1.1"}}},
			check: func(t *testing.T, _ *Config, tc *tls.Config) {
				assert.Equal(t, "api.test", tc.ServerName)
				assert.Equal(t, []string{"http/1.1"}, tc.NextProtos)
			},
		},
		{
			name:   "files are loaded and marked for reload",
			config: Config{TLS: TLSConfig{CAFile: caFile, CertFile: certFile, KeyFile: keyFile}},
			check: func(t *testing.T, c *Config, tc *tls.Config) {
				assert.Equal(t, ca.certPEM, c.TLS.CAData)
				assert.Equal(t, certPEM, c.TLS.CertData)
				assert.Equal(t, keyPEM, c.TLS.KeyData)
				assert.True(t, c.TLS.ReloadTLSFiles)
				assert.True(t, c.TLS.ReloadCAFiles)
				require.NotNil(t, tc.RootCAs)
				cert, err := tc.GetClientCertificate(nil)
				require.NoError(t, err)
				leaf, err := x509.ParseCertificate(cert.Certificate[0])
				require.NoError(t, err)
				assert.Equal(t, "client", leaf.Subject.CommonName)
			},
		},
		{
			name:   "data is not marked for reload",
			config: Config{TLS: TLSConfig{CAData: ca.certPEM, CertData: certPEM, KeyData: keyPEM}},
			check: func(t *testing.T, c *Config, tc *tls.Config) {
				assert.False(t, c.TLS.ReloadTLSFiles)
				assert.False(t, c.TLS.ReloadCAFiles)
				cert, err := tc.GetClientCertificate(nil)
				require.NoError(t, err)
				assert.NotEmpty(t, cert.Certificate)
			},
		},
		{
			name:   "callback returning nil gives an empty certificate",
			config: Config{TLS: TLSConfig{GetCertHolder: &GetCertHolder{GetCert: func() (*tls.Certificate, error) { return nil, nil }}}},
			check: func(t *testing.T, _ *Config, tc *tls.Config) {
				cert, err := tc.GetClientCertificate(nil)
				require.NoError(t, err)
				assert.Empty(t, cert.Certificate)
			},
		},
		{
			name:   "callback error is returned",
			config: Config{TLS: TLSConfig{GetCertHolder: &GetCertHolder{GetCert: func() (*tls.Certificate, error) { return nil, errors.New("plugin failed") }}}},
			check: func(t *testing.T, _ *Config, tc *tls.Config) {
				_, err := tc.GetClientCertificate(nil)
				assert.EqualError(t, err, "plugin failed")
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.config
			got, err := TLSConfigFor(&c)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				assert.NotContains(t, err.Error(), "BEGIN", "errors must not quote PEM material")
				return
			}
			require.NoError(t, err)
			if tc.wantNil {
				assert.Nil(t, got)
				return
			}
			require.NotNil(t, got)
			tc.check(t, &c, got)
		})
	}

	_, err := TLSConfigFor(nil)
	assert.Error(t, err)
}

// get sends a GET through rt and returns the body.
func get(t *testing.T, rt http.RoundTripper, url string) (string, *http.Response, error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	resp, err := rt.RoundTrip(req)
	if err != nil {
		return "", nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(body), resp, nil
}

func TestNewTLSAgainstServer(t *testing.T) {
	serverCA := newTestCA(t, "server-ca")
	otherCA := newTestCA(t, "other-ca")
	clientCA := newTestCA(t, "client-ca")
	srv := newTLSServer(t, serverCA, clientCA)
	certPEM, keyPEM := clientCA.issue(t, "alice", false)
	strangerCert, strangerKey := otherCA.issue(t, "mallory", false)
	alice, err := tls.X509KeyPair(certPEM, keyPEM)
	require.NoError(t, err)

	tests := []struct {
		name    string
		config  Config
		url     string
		want    string // body: CN of the presented client cert
		wantErr string
		wantH2  bool
	}{
		{name: "right CA", config: Config{TLS: TLSConfig{CAData: serverCA.certPEM}}, want: "", wantH2: true},
		{name: "wrong CA", config: Config{TLS: TLSConfig{CAData: otherCA.certPEM}}, wantErr: "certificate signed by unknown authority"},
		{name: "insecure", config: Config{TLS: TLSConfig{Insecure: true}}, want: ""},
		{name: "client cert presented", config: Config{TLS: TLSConfig{CAData: serverCA.certPEM, CertData: certPEM, KeyData: keyPEM}}, want: "alice"},
		{name: "untrusted client cert rejected", config: Config{TLS: TLSConfig{CAData: serverCA.certPEM, CertData: strangerCert, KeyData: strangerKey}}, wantErr: "*"}, // TLS 1.3 reports the rejection in several ways
		{name: "client cert from callback", config: Config{TLS: TLSConfig{CAData: serverCA.certPEM, GetCertHolder: &GetCertHolder{GetCert: func() (*tls.Certificate, error) { return &alice, nil }}}}, want: "alice"},
		{name: "server name override", config: Config{TLS: TLSConfig{CAData: serverCA.certPEM, ServerName: "server.test"}}, want: ""},
		{name: "wrong server name", config: Config{TLS: TLSConfig{CAData: serverCA.certPEM, ServerName: "elsewhere.test"}}, wantErr: "elsewhere.test"},
		{name: "http/1.1 only", config: Config{TLS: TLSConfig{CAData: serverCA.certPEM, NextProtos: []string{"http/1.1"}}}, want: "", wantH2: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.config
			rt, err := New(&c)
			require.NoError(t, err)
			body, resp, err := get(t, rt, srv.URL)
			if tc.wantErr == "*" {
				require.Error(t, err)
				return
			}
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, body)
			if tc.wantH2 {
				assert.Equal(t, "HTTP/2.0", resp.Header.Get("X-Proto"))
			} else if tc.name == "http/1.1 only" {
				assert.Equal(t, "HTTP/1.1", resp.Header.Get("X-Proto"))
			}
		})
	}
}
