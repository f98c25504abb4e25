package transport

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// TLSConfigFor translates the TLS part of c into a *tls.Config. It returns
// nil, and no error, when c asks for nothing TLS-specific (no CA, client
// certificate, certificate callback, insecure flag, server name or
// NextProtos).
//
// As a side effect, CAData, CertData and KeyData of c are filled from CAFile,
// CertFile and KeyFile when empty, and ReloadTLSFiles (and, with CA rotation
// enabled, ReloadCAFiles) are set when the material came from files. When the
// client certificate comes from files it is re-read (at most once a second) on
// every TLS handshake, so rotated files are picked up by new connections.
//
// The returned tls.Config requires TLS 1.2 or later. Errors name the file or
// field at fault and never contain key or certificate material.
func TLSConfigFor(c *Config) (*tls.Config, error) {
	if c == nil {
		return nil, errors.New("transport config must not be nil")
	}
	if !(c.HasCA() || c.HasCertAuth() || c.HasCertCallback() || c.TLS.Insecure || c.TLS.ServerName != "" || len(c.TLS.NextProtos) > 0) {
		return nil, nil
	}
	if c.HasCA() && c.TLS.Insecure {
		return nil, errors.New("specifying a root certificates file with the insecure flag is not allowed")
	}
	if err := loadTLSFiles(c); err != nil {
		return nil, err
	}

	conf := &tls.Config{
		ServerName:         c.TLS.ServerName,
		NextProtos:         c.TLS.NextProtos,
		InsecureSkipVerify: c.TLS.Insecure,
		MinVersion:         tls.VersionTLS12, // nothing older is ever negotiated
	}

	if c.HasCA() {
		pool, err := rootCertPool(c.TLS.CAData)
		if err != nil {
			return nil, fmt.Errorf("unable to load root certificates: %w", err)
		}
		conf.RootCAs = pool
	}

	if !c.HasCertAuth() && !c.HasCertCallback() {
		return conf, nil
	}

	var getCert func() (*tls.Certificate, error)
	switch {
	case c.HasCertAuth() && c.TLS.ReloadTLSFiles:
		getCert = cachingCertificateLoader(c.TLS.CertFile, c.TLS.KeyFile)
	case c.HasCertAuth():
		cert, err := tls.X509KeyPair(c.TLS.CertData, c.TLS.KeyData)
		if err != nil {
			return nil, fmt.Errorf("unable to load client certificate and key: %w", err)
		}
		getCert = func() (*tls.Certificate, error) { return &cert, nil }
	default:
		callback := c.TLS.GetCertHolder.GetCert
		getCert = func() (*tls.Certificate, error) {
			cert, err := callback()
			if err != nil {
				return nil, err
			}
			if cert == nil {
				// No certificate: continue the handshake without one.
				return &tls.Certificate{}, nil
			}
			return cert, nil
		}
	}
	conf.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
		return getCert()
	}
	return conf, nil
}

// loadTLSFiles copies the content of CAFile, CertFile and KeyFile into the
// corresponding *Data fields of c where those are empty, and records in
// ReloadTLSFiles/ReloadCAFiles that the material came from files.
func loadTLSFiles(c *Config) error {
	if featureEnabled(featureCARotation) {
		if c.TLS.CAFile != "" && len(c.TLS.CAData) == 0 {
			c.TLS.ReloadCAFiles = true
		}
	} else if c.TLS.ReloadCAFiles {
		return fmt.Errorf("ReloadCAFiles=true requires %s to be enabled", featureCARotation)
	}

	if c.TLS.CertFile != "" && len(c.TLS.CertData) == 0 && c.TLS.KeyFile != "" && len(c.TLS.KeyData) == 0 {
		c.TLS.ReloadTLSFiles = true
	}

	var err error
	if c.TLS.CAData, err = dataFromSliceOrFile(c.TLS.CAData, c.TLS.CAFile); err != nil {
		return err
	}
	if c.TLS.CertData, err = dataFromSliceOrFile(c.TLS.CertData, c.TLS.CertFile); err != nil {
		return err
	}
	c.TLS.KeyData, err = dataFromSliceOrFile(c.TLS.KeyData, c.TLS.KeyFile)
	return err
}

// dataFromSliceOrFile returns data if non-empty, else the content of file if
// named, else nil.
func dataFromSliceOrFile(data []byte, file string) ([]byte, error) {
	if len(data) > 0 {
		return data, nil
	}
	if file == "" {
		return nil, nil
	}
	content, err := os.ReadFile(file)
	if err != nil {
		// *fs.PathError already names the file.
		return []byte{}, err
	}
	return content, nil
}

// rootCertPool parses PEM CA data into a pool. Empty data yields an empty pool
// (so that nothing verifies until a CA is loaded) when CA rotation is enabled,
// and nil (system roots) otherwise.
func rootCertPool(caData []byte) (*x509.CertPool, error) {
	if len(caData) == 0 {
		if featureEnabled(featureCARotation) {
			return x509.NewCertPool(), nil
		}
		return nil, nil
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caData) {
		return nil, explainBadCAData(caData)
	}
	return pool, nil
}

// explainBadCAData says why caData contains no usable certificate, without
// quoting it.
func explainBadCAData(caData []byte) error {
	rest := caData
	for len(rest) > 0 {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return errors.New("unable to parse bytes as PEM block")
		}
		if block.Type != "CERTIFICATE" || len(block.Headers) > 0 {
			continue
		}
		if _, err := x509.ParseCertificate(block.Bytes); err != nil {
			return fmt.Errorf("failed to parse certificate: %w", err)
		}
	}
	return errors.New("no valid certificate authority data seen")
}

// certReloadMinInterval is how long a certificate loaded from files is reused
// before the files are read again.
const certReloadMinInterval = time.Second

// cachingCertificateLoader returns a function that loads the key pair from
// certFile/keyFile, re-reading the files when the last read is older than
// certReloadMinInterval. Load errors are cached as well, for the same time.
func cachingCertificateLoader(certFile, keyFile string) func() (*tls.Certificate, error) {
	type entry struct {
		cert *tls.Certificate
		err  error
		at   time.Time
	}
	load := func() entry {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return entry{err: fmt.Errorf("unable to load client certificate %q and key %q: %w", certFile, keyFile, err), at: time.Now()}
		}
		return entry{cert: &cert, at: time.Now()}
	}
	var mu sync.Mutex
	current := load()
	return func() (*tls.Certificate, error) {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(current.at) > certReloadMinInterval {
			current = load()
		}
		return current.cert, current.err
	}
}
