package cert

import (
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
)

// CanReadCertAndKey reports whether both files can be opened by this
// process. Neither readable is (false, nil); exactly one readable is an error
// naming the missing file, since certificate and key only work as a pair.
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

// WriteCert stores PEM certificate data at certPath with mode 0644,
// replacing any existing file and creating missing parent directories with
// mode 0755.
func WriteCert(certPath string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(certPath), 0o755); err != nil {
		return err
	}
	return os.WriteFile(certPath, data, 0o644)
}

// NewPool loads the PEM certificates in filename into a new x509.CertPool.
// An unreadable file, an unparsable certificate or a file without any
// certificate is an error.
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

// NewPoolFromBytes is NewPool for PEM data already in memory: an unparsable
// certificate or data without any certificate is an error.
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

// CertsFromFile parses every PEM certificate in file, in order. An
// unreadable file, an unparsable certificate or a file without any
// certificate is an error.
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
