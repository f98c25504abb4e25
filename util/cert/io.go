package cert

import (
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
)

// CanReadCertAndKey returns true if the certificate and key files already
// exists, otherwise returns false. If lost one of cert and key, returns error.
// Readable means the file can be opened by this process.
func CanReadCertAndKey(certPath, keyPath string) (bool, error) {
	certOK, keyOK := canOpen(certPath), canOpen(keyPath)
	switch {
	case certOK && keyOK:
		return true, nil
	case !certOK && !keyOK:
		return false, nil
	case !certOK:
		return false, fmt.Errorf("error reading %s, certificate and key must be supplied as a pair", certPath)
	default:
		return false, fmt.Errorf("error reading %s, certificate and key must be supplied as a pair", keyPath)
	}
}

// canOpen reports whether path can be opened for reading.
func canOpen(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	_ = f.Close()
	return true
}

// WriteCert writes the pem-encoded certificate data to certPath. The
// certificate file will be created with file mode 0644. If the certificate
// file already exists, it will be overwritten. The parent directory of the
// certPath will be created as needed with file mode 0755.
func WriteCert(certPath string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(certPath), 0o755); err != nil {
		return err
	}
	return os.WriteFile(certPath, data, 0o644)
}

// NewPool returns an x509.CertPool containing the certificates in the
// given PEM-encoded file. Returns an error if the file could not be read,
// a certificate could not be parsed, or if the file does not contain any
// certificates.
func NewPool(filename string) (*x509.CertPool, error) {
	data, err := os.ReadFile(filename)
	if err != nil {
		return nil, err
	}
	pool, err := NewPoolFromBytes(data)
	if err != nil {
		return nil, fmt.Errorf("error creating pool from %s: %w", filename, err)
	}
	return pool, nil
}

// NewPoolFromBytes returns an x509.CertPool containing the certificates in the
// given PEM-encoded bytes. Returns an error if a certificate could not be
// parsed, or if the data does not contain any certificates.
func NewPoolFromBytes(pemBlock []byte) (*x509.CertPool, error) {
	certs, err := ParseCertsPEM(pemBlock)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	for _, c := range certs {
		pool.AddCert(c)
	}
	return pool, nil
}

// CertsFromFile returns the x509.Certificates contained in the given
// PEM-encoded file. Returns an error if the file could not be read,
// a certificate could not be parsed, or if the file does not contain any
// certificates.
func CertsFromFile(file string) ([]*x509.Certificate, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	certs, err := ParseCertsPEM(data)
	if err != nil {
		return nil, fmt.Errorf("error reading %s: %w", file, err)
	}
	return certs, nil
}
