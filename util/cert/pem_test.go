package cert

import (
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newTestCerts(t *testing.T) []*x509.Certificate {
	t.Helper()
	certPEM, _, err := GenerateSelfSignedCertKey("pem.test", nil, nil)
	require.NoError(t, err)
	certs, err := ParseCertsPEM(certPEM)
	require.NoError(t, err)
	return certs
}

func TestParseCertsPEM(t *testing.T) {
	certs := newTestCerts(t)
	good, err := EncodeCertificates(certs...)
	require.NoError(t, err)
	withHeaders := pem.EncodeToMemory(&pem.Block{Type: CertificateBlockType, Headers: map[string]string{"a": "b"}, Bytes: certs[0].Raw})
	other := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: []byte("x")})
	broken := pem.EncodeToMemory(&pem.Block{Type: CertificateBlockType, Bytes: []byte("not der")})

	tests := []struct {
		name    string
		data    []byte
		want    int
		wantErr string
	}{
		{name: "chain", data: good, want: 2},
		{name: "other blocks skipped", data: append(append([]byte{}, other...), good...), want: 2},
		{name: "blocks with headers skipped", data: append(append([]byte{}, withHeaders...), good...), want: 2},
		{name: "only headers block", data: withHeaders, wantErr: "data does not contain any valid RSA or ECDSA certificates"},
		{name: "empty", data: nil, wantErr: "data does not contain any valid RSA or ECDSA certificates"},
		{name: "garbage", data: []byte("garbage"), wantErr: "data does not contain any valid RSA or ECDSA certificates"},
		{name: "broken certificate", data: append(append([]byte{}, good...), broken...), want: 2, wantErr: "x509"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCertsPEM(tt.data)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
			} else {
				require.NoError(t, err)
			}
			assert.Len(t, got, tt.want)
		})
	}
}

func TestEncodeCertificates(t *testing.T) {
	certs := newTestCerts(t)
	data, err := EncodeCertificates(certs...)
	require.NoError(t, err)
	back, err := ParseCertsPEM(data)
	require.NoError(t, err)
	require.Len(t, back, len(certs))
	for i := range certs {
		assert.Equal(t, certs[i].Raw, back[i].Raw)
	}
	empty, err := EncodeCertificates()
	require.NoError(t, err)
	assert.Empty(t, empty)
}

func TestPoolsAndFiles(t *testing.T) {
	certs := newTestCerts(t)
	data, err := EncodeCertificates(certs...)
	require.NoError(t, err)
	dir := t.TempDir()
	good := filepath.Join(dir, "nested", "ca.crt")
	require.NoError(t, WriteCert(good, data))
	fi, err := os.Stat(good)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), fi.Mode().Perm())
	junk := filepath.Join(dir, "junk.crt")
	require.NoError(t, WriteCert(junk, []byte("junk")))
	missing := filepath.Join(dir, "missing.crt")

	pool, err := NewPool(good)
	require.NoError(t, err)
	_, err = certs[0].Verify(x509.VerifyOptions{Roots: pool, DNSName: "pem.test"})
	require.NoError(t, err, "pool holds the CA")

	fromBytes, err := NewPoolFromBytes(data)
	require.NoError(t, err)
	assert.True(t, pool.Equal(fromBytes))

	fromFile, err := CertsFromFile(good)
	require.NoError(t, err)
	assert.Len(t, fromFile, 2)

	_, err = NewPool(junk)
	require.EqualError(t, err, "error creating pool from "+junk+": data does not contain any valid RSA or ECDSA certificates")
	_, err = CertsFromFile(junk)
	require.EqualError(t, err, "error reading "+junk+": data does not contain any valid RSA or ECDSA certificates")
	_, err = NewPoolFromBytes([]byte("junk"))
	require.Error(t, err)
	_, err = NewPool(missing)
	require.ErrorIs(t, err, os.ErrNotExist)
	_, err = CertsFromFile(missing)
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestCanReadCertAndKey(t *testing.T) {
	dir := t.TempDir()
	certPath := filepath.Join(dir, "c.crt")
	keyPath := filepath.Join(dir, "c.key")
	require.NoError(t, os.WriteFile(certPath, []byte("c"), 0o600))
	require.NoError(t, os.WriteFile(keyPath, []byte("k"), 0o600))
	none := filepath.Join(dir, "none")

	tests := []struct {
		name      string
		cert, key string
		want      bool
		wantErr   string
	}{
		{name: "both", cert: certPath, key: keyPath, want: true},
		{name: "neither", cert: none, key: none},
		{name: "no cert", cert: none, key: keyPath, wantErr: "error reading " + none + ", certificate and key must be supplied as a pair"},
		{name: "no key", cert: certPath, key: none, wantErr: "error reading " + none + ", certificate and key must be supplied as a pair"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CanReadCertAndKey(tt.cert, tt.key)
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
