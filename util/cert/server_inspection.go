package cert

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/url"
)

// GetClientCANames connects to the TLS server at apiHost ("host:port") and
// returns the distinguished names of the CAs it accepts client certificates
// from, as announced in its handshake; handy for diagnosing a server. The server's own certificate is not verified.
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

// GetClientCANamesForURL is GetClientCANames for a server URL as written in a
// kubeconfig; only its host:port part is used.
func GetClientCANamesForURL(kubeConfigURL string) ([]string, error) {
	u, err := url.Parse(kubeConfigURL)
	if err != nil {
		return nil, err
	}
	return GetClientCANames(u.Host)
}

// GetServingCertificates connects to the TLS server at apiHost ("host:port")
// and returns the certificate chain it presents, both parsed and as PEM.
// A non-empty serverName is sent as SNI, to see the certificates served for
// that name.
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

// GetServingCertificatesForURL is GetServingCertificates for a server URL as
// written in a kubeconfig.
func GetServingCertificatesForURL(kubeConfigURL, serverName string) ([]*x509.Certificate, [][]byte, error) {
	u, err := url.Parse(kubeConfigURL)
	if err != nil {
		return nil, nil, err
	}
	return GetServingCertificates(u.Host, serverName)
}
