package cert

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/url"
)

// GetClientCANames gets the CA names for client certs that a server accepts.
// This is useful when inspecting the state of particular servers. apiHost is
// "host:port". The server's own certificate is not verified.
func GetClientCANames(apiHost string) ([]string, error) {
	names := []string{}
	conf := &tls.Config{
		// Verification is skipped on purpose: we only want to see what the
		// server asks of clients.
		InsecureSkipVerify: true, //nolint:gosec
		GetClientCertificate: func(info *tls.CertificateRequestInfo) (*tls.Certificate, error) {
			names = make([]string, 0, len(info.AcceptableCAs))
			for _, ca := range info.AcceptableCAs {
				names = append(names, string(ca))
			}
			return &tls.Certificate{}, nil
		},
	}
	conn, err := tls.Dial("tcp", apiHost, conf)
	if err != nil {
		return nil, err
	}
	if err := conn.Close(); err != nil {
		return nil, err
	}
	return names, nil
}

// GetClientCANamesForURL is GetClientCANames against a URL string like we use
// in kubeconfigs.
func GetClientCANamesForURL(kubeConfigURL string) ([]string, error) {
	u, err := url.Parse(kubeConfigURL)
	if err != nil {
		return nil, err
	}
	return GetClientCANames(u.Host)
}

// GetServingCertificates returns the x509 certs used by a server as
// certificates and pem encoded bytes. The serverName is optional for
// specifying a different name to get SNI certificates. apiHost is "host:port".
// The server's certificate is not verified. Each PEM entry holds one
// certificate without a trailing newline.
func GetServingCertificates(apiHost, serverName string) ([]*x509.Certificate, [][]byte, error) {
	conf := &tls.Config{
		InsecureSkipVerify: true, //nolint:gosec // we want whatever the server presents
		ServerName:         serverName,
	}
	conn, err := tls.Dial("tcp", apiHost, conf)
	if err != nil {
		return nil, nil, err
	}
	if err := conn.Close(); err != nil {
		return nil, nil, fmt.Errorf("failed to close connection : %w", err)
	}
	peers := conn.ConnectionState().PeerCertificates
	encoded := [][]byte{}
	for _, c := range peers {
		b, err := EncodeCertificates(c)
		if err != nil {
			return nil, nil, err
		}
		encoded = append(encoded, bytes.TrimSpace(b))
	}
	return peers, encoded, nil
}

// GetServingCertificatesForURL is GetServingCertificates against a URL string
// like we use in kubeconfigs.
func GetServingCertificatesForURL(kubeConfigURL, serverName string) ([]*x509.Certificate, [][]byte, error) {
	u, err := url.Parse(kubeConfigURL)
	if err != nil {
		return nil, nil, err
	}
	return GetServingCertificates(u.Host, serverName)
}
