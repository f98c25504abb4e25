package cert

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServerInspection(t *testing.T) {
	servingPEM, keyPEM, err := GenerateSelfSignedCertKey("127.0.0.1", nil, []string{"localhost"})
	require.NoError(t, err)
	pair, err := tls.X509KeyPair(servingPEM, keyPEM)
	require.NoError(t, err)
	chain, err := ParseCertsPEM(servingPEM)
	require.NoError(t, err)

	clientCAPEM, _, err := GenerateSelfSignedCertKey("client-ca", nil, nil)
	require.NoError(t, err)
	clientCAs, err := ParseCertsPEM(clientCAPEM)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(clientCAs[1])

	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{pair}, ClientAuth: tls.RequestClientCert, ClientCAs: pool}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)

	names, err := GetClientCANamesForURL(srv.URL)
	require.NoError(t, err)
	assert.Equal(t, []string{string(clientCAs[1].RawSubject)}, names)

	certs, pems, err := GetServingCertificatesForURL(srv.URL, "")
	require.NoError(t, err)
	require.Len(t, certs, 2)
	assert.Equal(t, chain[0].Raw, certs[0].Raw)
	require.Len(t, pems, 2)
	back, err := ParseCertsPEM(pems[0])
	require.NoError(t, err)
	assert.Equal(t, chain[0].Raw, back[0].Raw)
	assert.NotEqual(t, byte('\n'), pems[0][len(pems[0])-1], "trailing newline trimmed")

	_, _, err = GetServingCertificates(u.Host, "localhost")
	require.NoError(t, err)

	srv.Close()
	_, err = GetClientCANames(u.Host)
	require.Error(t, err)
	_, _, err = GetServingCertificates(u.Host, "")
	require.Error(t, err)
	_, err = GetClientCANamesForURL("://bad")
	require.Error(t, err)
	_, _, err = GetServingCertificatesForURL("://bad", "")
	require.Error(t, err)
}
