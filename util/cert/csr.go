package cert

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"net"
)

// MakeCSR builds a certificate signing request for subject with the given
// DNS and IP SANs, signs it with privateKey and returns it PEM-encoded.
// privateKey may be any crypto.Signer, such as *rsa.PrivateKey or
// *ecdsa.PrivateKey.
func MakeCSR(privateKey interface{}, subject *pkix.Name, dnsSANs []string, ipSANs []net.IP) (csr []byte, err error) {
	return MakeCSRFromTemplate(privateKey, &x509.CertificateRequest{
		Subject:     *subject,
		DNSNames:    dnsSANs,
		IPAddresses: ipSANs,
	})
}

// MakeCSRFromTemplate signs a certificate request built from template with
// privateKey (any crypto.Signer) and returns it PEM-encoded. The template is
// not modified; the request's signature algorithm is chosen for the key
// (SHA-256/384/512 with RSA by key size, the crypto/x509 default otherwise).
func MakeCSRFromTemplate(privateKey interface{}, template *x509.CertificateRequest) ([]byte, error) {
	req := *template
	req.SignatureAlgorithm = signatureAlgorithmFor(privateKey)
	der, err := x509.CreateCertificateRequest(rand.Reader, &req, privateKey)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: CertificateRequestBlockType, Bytes: der}), nil
}

// signatureAlgorithmFor picks a hash strong enough for an RSA key's size and
// leaves the choice to crypto/x509 for other keys.
func signatureAlgorithmFor(key any) x509.SignatureAlgorithm {
	rk, ok := key.(*rsa.PrivateKey)
	if !ok {
		return x509.UnknownSignatureAlgorithm
	}
	switch bits := rk.N.BitLen(); {
	case bits >= 4096:
		return x509.SHA512WithRSA
	case bits >= 3072:
		return x509.SHA384WithRSA
	default:
		return x509.SHA256WithRSA
	}
}
