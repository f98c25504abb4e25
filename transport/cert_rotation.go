package transport

import (
	"bytes"
	"context"
	"crypto"
	"crypto/tls"
	"net"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/kclient/kclient/util/connrotation"
	"k8s.io/klog/v2"
)

// CertCallbackRefreshDuration is how often a transport whose client certificate
// comes from files checks them for rotation in the background (they are also
// checked on every new TLS handshake). It is read when a transport is created;
// it is a variable only so that tests can shorten it.
var CertCallbackRefreshDuration = 5 * time.Minute

// rotatingClientCert serves the client certificate to TLS handshakes and,
// when the certificate changes, closes every connection dialed through its
// dialer so that they are re-established with the new certificate.
type rotatingClientCert struct {
	logger klog.Logger
	load   func(*tls.CertificateRequestInfo) (*tls.Certificate, error)
	dialer *connrotation.Dialer

	mu      sync.Mutex
	current *tls.Certificate
}

func newRotatingClientCert(logger klog.Logger, load func(*tls.CertificateRequestInfo) (*tls.Certificate, error), dial connrotation.DialFunc) *rotatingClientCert {
	return &rotatingClientCert{logger: logger, load: load, dialer: connrotation.NewDialer(dial)}
}

// DialContext dials a tracked connection.
func (r *rotatingClientCert) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	return r.dialer.DialContext(ctx, network, address)
}

// GetClientCertificate implements tls.Config.GetClientCertificate.
func (r *rotatingClientCert) GetClientCertificate(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
	return r.refresh()
}

// refresh loads the certificate and, if it differs from the previous one,
// drops all tracked connections.
func (r *rotatingClientCert) refresh() (*tls.Certificate, error) {
	cert, err := r.load(nil)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	if certsEqual(r.current, cert) {
		cert = r.current
		r.mu.Unlock()
		return cert, nil
	}
	rotated := r.current != nil
	r.current = cert
	r.mu.Unlock()

	if rotated {
		r.logger.V(1).Info("Certificate rotation detected, shutting down client connections to start using new credentials")
		r.dialer.CloseAll()
	}
	return cert, nil
}

// run checks for rotation every CertCallbackRefreshDuration until ctx is
// done, retrying failed loads with exponential backoff.
func (r *rotatingClientCert) run(ctx context.Context) {
	period := CertCallbackRefreshDuration
	r.logger.V(3).Info("Starting client certificate rotation controller")
	defer r.logger.V(3).Info("Shutting down client certificate rotation controller")

	const initialBackoff = 5 * time.Millisecond
	backoff := initialBackoff
	wait := time.Duration(0)
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		if _, err := r.refresh(); err != nil {
			r.logger.Error(err, "Loading client cert failed")
			wait = min(backoff, period)
			backoff *= 2
		} else {
			wait = period
			backoff = initialBackoff
		}
		timer.Reset(wait)
	}
}

// certsEqual reports whether two certificates (chain, key, SCTs, OCSP staple)
// are the same.
func certsEqual(a, b *tls.Certificate) bool {
	if a == nil || b == nil {
		return a == b
	}
	return slices.EqualFunc(a.Certificate, b.Certificate, bytes.Equal) &&
		privateKeysEqual(a.PrivateKey, b.PrivateKey) &&
		slices.EqualFunc(a.SignedCertificateTimestamps, b.SignedCertificateTimestamps, bytes.Equal) &&
		bytes.Equal(a.OCSPStaple, b.OCSPStaple)
}

func privateKeysEqual(a, b crypto.PrivateKey) bool {
	if k, ok := a.(interface{ Equal(crypto.PrivateKey) bool }); ok {
		return k.Equal(b)
	}
	return reflect.DeepEqual(a, b)
}
