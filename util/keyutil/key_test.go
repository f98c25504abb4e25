package keyutil

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func pemOf(t *testing.T, typ string, der []byte) []byte {
	t.Helper()
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

func TestMarshalPrivateKeyToPEM(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	_, edKey, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)

	tests := []struct {
		name      string
		key       any
		wantBlock string
		wantErr   string
	}{
		{name: "rsa", key: rsaKey, wantBlock: RSAPrivateKeyBlockType},
		{name: "ecdsa", key: ecKey, wantBlock: ECPrivateKeyBlockType},
		{name: "ed25519 unsupported", key: edKey, wantErr: "private key is not a recognized type: ed25519.PrivateKey"},
		{name: "nil", key: nil, wantErr: "private key is not a recognized type: <nil>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := MarshalPrivateKeyToPEM(tt.key)
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			block, _ := pem.Decode(data)
			require.NotNil(t, block)
			assert.Equal(t, tt.wantBlock, block.Type)
			parsed, err := ParsePrivateKeyPEM(data)
			require.NoError(t, err)
			assert.Equal(t, tt.key, parsed)
		})
	}
}

func TestParsePrivateKeyPEM(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	pkcs8, err := x509.MarshalPKCS8PrivateKey(ecKey)
	require.NoError(t, err)
	ecDER, err := x509.MarshalECPrivateKey(ecKey)
	require.NoError(t, err)
	pubDER, err := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	require.NoError(t, err)

	tests := []struct {
		name string
		data []byte
		want any
	}{
		{name: "pkcs1 rsa", data: pemOf(t, RSAPrivateKeyBlockType, x509.MarshalPKCS1PrivateKey(rsaKey)), want: rsaKey},
		{name: "sec1 ec", data: pemOf(t, ECPrivateKeyBlockType, ecDER), want: ecKey},
		{name: "pkcs8 ec", data: pemOf(t, PrivateKeyBlockType, pkcs8), want: ecKey},
		{
			name: "skips public key and broken blocks before the key",
			data: append(append(pemOf(t, PublicKeyBlockType, pubDER), pemOf(t, RSAPrivateKeyBlockType, []byte("junk"))...), pemOf(t, ECPrivateKeyBlockType, ecDER)...),
			want: ecKey,
		},
		{name: "wrong block type for content", data: pemOf(t, RSAPrivateKeyBlockType, ecDER)},
		{name: "public key only", data: pemOf(t, PublicKeyBlockType, pubDER)},
		{name: "not pem", data: []byte("hello")},
		{name: "empty", data: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePrivateKeyPEM(tt.data)
			if tt.want == nil {
				require.EqualError(t, err, "data does not contain a valid RSA or ECDSA private key")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParsePublicKeysPEM(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	ecDER, err := x509.MarshalECPrivateKey(ecKey)
	require.NoError(t, err)
	rsaPub, err := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	require.NoError(t, err)
	ecPub, err := x509.MarshalPKIXPublicKey(&ecKey.PublicKey)
	require.NoError(t, err)
	rsaPKCS8, err := x509.MarshalPKCS8PrivateKey(rsaKey)
	require.NoError(t, err)

	tests := []struct {
		name string
		data []byte
		want []any
	}{
		{name: "rsa public", data: pemOf(t, PublicKeyBlockType, rsaPub), want: []any{&rsaKey.PublicKey}},
		{name: "ec public", data: pemOf(t, PublicKeyBlockType, ecPub), want: []any{&ecKey.PublicKey}},
		{name: "rsa private pkcs1", data: pemOf(t, RSAPrivateKeyBlockType, x509.MarshalPKCS1PrivateKey(rsaKey)), want: []any{&rsaKey.PublicKey}},
		{name: "rsa private pkcs8", data: pemOf(t, PrivateKeyBlockType, rsaPKCS8), want: []any{&rsaKey.PublicKey}},
		{name: "ec private", data: pemOf(t, ECPrivateKeyBlockType, ecDER), want: []any{&ecKey.PublicKey}},
		{
			name: "several, junk skipped",
			data: append(append(pemOf(t, PublicKeyBlockType, rsaPub), pemOf(t, "JUNK", []byte("x"))...), pemOf(t, PublicKeyBlockType, ecPub)...),
			want: []any{&rsaKey.PublicKey, &ecKey.PublicKey},
		},
		{name: "nothing", data: []byte("nope")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePublicKeysPEM(tt.data)
			if tt.want == nil {
				require.EqualError(t, err, "data does not contain any valid RSA or ECDSA public keys")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestMakeEllipticPrivateKeyPEM(t *testing.T) {
	data, err := MakeEllipticPrivateKeyPEM()
	require.NoError(t, err)
	block, rest := pem.Decode(data)
	require.NotNil(t, block)
	assert.Empty(t, rest)
	assert.Equal(t, ECPrivateKeyBlockType, block.Type)
	key, err := ParsePrivateKeyPEM(data)
	require.NoError(t, err)
	ec, ok := key.(*ecdsa.PrivateKey)
	require.True(t, ok)
	assert.Equal(t, elliptic.P256(), ec.Curve)

	other, err := MakeEllipticPrivateKeyPEM()
	require.NoError(t, err)
	assert.NotEqual(t, data, other, "each call makes a new key")
}
