package cert

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
)

const (
	// CertificateBlockType is a possible value for pem.Block.Type.
	CertificateBlockType = "CERTIFICATE"
	// CertificateRequestBlockType is a possible value for pem.Block.Type.
	CertificateRequestBlockType = "CERTIFICATE REQUEST"
)

// ParseCertsPEM returns the x509.Certificates contained in the given
// PEM-encoded byte array. Returns an error if a certificate could not be
// parsed, or if the data does not contain any certificates.
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

// EncodeCertificates returns the PEM-encoded byte array that represents by the
// specified certs, one "CERTIFICATE" block per certificate in order.
func EncodeCertificates(certs ...*x509.Certificate) ([]byte, error) {
	var buf bytes.Buffer
	for _, c := range certs {
		if err := pem.Encode(&buf, &pem.Block{Type: CertificateBlockType, Bytes: c.Raw}); err != nil {
			return []byte{}, err
		}
	}
	return buf.Bytes(), nil
}
