package cert

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMakeCSR(t *testing.T) {
	rsa2048, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	rsa3072, err := rsa.GenerateKey(rand.Reader, 3072)
	require.NoError(t, err)
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)

	tests := []struct {
		name    string
		key     any
		wantAlg x509.SignatureAlgorithm
		wantErr bool
	}{
		{name: "rsa 2048", key: rsa2048, wantAlg: x509.SHA256WithRSA},
		{name: "rsa 3072", key: rsa3072, wantAlg: x509.SHA384WithRSA},
		{name: "ecdsa", key: ec, wantAlg: x509.ECDSAWithSHA256},
		{name: "not a signer", key: "nope", wantErr: true},
	}
	subject := &pkix.Name{CommonName: "system:node:n1", Organization: []string{"system:nodes"}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := MakeCSR(tt.key, subject, []string{"n1.example"}, []net.IP{net.ParseIP("10.1.2.3")})
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			block, _ := pem.Decode(data)
			require.NotNil(t, block)
			assert.Equal(t, CertificateRequestBlockType, block.Type)
			csr, err := x509.ParseCertificateRequest(block.Bytes)
			require.NoError(t, err)
			require.NoError(t, csr.CheckSignature())
			assert.Equal(t, tt.wantAlg, csr.SignatureAlgorithm)
			assert.Equal(t, "system:node:n1", csr.Subject.CommonName)
			assert.Equal(t, []string{"n1.example"}, csr.DNSNames)
			require.Len(t, csr.IPAddresses, 1)
			assert.Equal(t, "10.1.2.3", csr.IPAddresses[0].String())
		})
	}
}

func TestMakeCSRFromTemplateLeavesTemplateAlone(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	tmpl := &x509.CertificateRequest{Subject: pkix.Name{CommonName: "x"}, SignatureAlgorithm: x509.SHA512WithRSA}
	_, err = MakeCSRFromTemplate(key, tmpl)
	require.NoError(t, err)
	assert.Equal(t, x509.SHA512WithRSA, tmpl.SignatureAlgorithm)
}
