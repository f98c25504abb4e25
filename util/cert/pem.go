package cert

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
)

const (
	// CertificateBlockType is the pem.Block type of an X.509 certificate.
	CertificateBlockType = "CERTIFICATE"
	// CertificateRequestBlockType is the pem.Block type of a PKCS#10
	// certificate signing request.
	CertificateRequestBlockType = "CERTIFICATE REQUEST"
)

// ParseCertsPEM parses the certificates of a PEM bundle, in order. It fails
// when a certificate does not parse or when the bundle holds none.
//
// Only "CERTIFICATE" blocks without PEM headers are considered; other blocks
// are skipped. On a parse error the certificates read so far are returned
// together with the error.
func ParseCertsPEM(pemCerts []byte) ([]*x509.Certificate, error) {
	certs := []*x509.Certificate{}
	for rest := pemCerts; len(rest) > 0; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != CertificateBlockType || len(block.Headers) > 0 {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return certs, err
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return certs, errors.New("data does not contain any valid RSA or ECDSA certificates")
	}
	return certs, nil
}

// EncodeCertificates is the inverse of ParseCertsPEM: one "CERTIFICATE" PEM
// block per certificate, in order, concatenated.
func EncodeCertificates(certs ...*x509.Certificate) ([]byte, error) {
	var buf bytes.Buffer
	for _, c := range certs {
		if err := pem.Encode(&buf, &pem.Block{Type: CertificateBlockType, Bytes: c.Raw}); err != nil {
			return []byte{}, err
		}
	}
	return buf.Bytes(), nil
}
