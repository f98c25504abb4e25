package cert

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kclient/kclient/util/keyutil"
	netutils "k8s.io/utils/net"
)

const (
	// year is the validity unit used for generated certificates.
	year = 365 * 24 * time.Hour
	// caValidity is how long NewSelfSignedCACert certificates are valid.
	caValidity = 10 * year
	// fixtureValidity is the lifetime of certificates written as fixtures.
	fixtureValidity = 100 * year
	// clockSkew backdates generated serving certificates.
	clockSkew = time.Hour
)

// Config contains the basic fields required for creating a certificate.
type Config struct {
	// CommonName is the subject's CN; when set it is also the only DNS SAN
	// of a CA created by NewSelfSignedCACert.
	CommonName string
	// Organization is the subject's O.
	Organization []string
	// AltNames are subject alternative names for the certificate.
	AltNames AltNames
	// Usages are the extended key usages of the certificate.
	Usages []x509.ExtKeyUsage
	// NotBefore, if set, is the start of validity; the current time otherwise.
	NotBefore time.Time
}

// AltNames contains the domain names and IP addresses that will be added to
// the API Server's x509 certificate SubAltNames field. The values will be
// passed directly to the x509.Certificate object.
type AltNames struct {
	// DNSNames are DNS subject alternative names.
	DNSNames []string
	// IPs are IP address subject alternative names.
	IPs []net.IP
}

// SelfSignedCertKeyOptions contains configuration parameters for generating
// self-signed certificates.
type SelfSignedCertKeyOptions struct {
	// Host is required, and identifies the host of the serving certificate. Can be a DNS name or IP address.
	Host string
	// AlternateIPs is optional, and identifies additional IPs the serving certificate should be valid for.
	AlternateIPs []net.IP
	// AlternateDNS is optional, and identifies additional DNS names the serving certificate should be valid for.
	AlternateDNS []string

	// MaxAge controls the duration of the issued certificate.
	// Defaults to 1 year if unset.
	// Ignored if FixtureDirectory is set.
	MaxAge time.Duration

	// FixtureDirectory is intended for use in tests.
	// If non-empty, it is a directory path which can contain pre-generated certs. The format is:
	// <host>_<ip>-<ip>_<alternateDNS>-<alternateDNS>.crt
	// <host>_<ip>-<ip>_<alternateDNS>-<alternateDNS>.key
	// Certs/keys not existing in that directory are created with a duration of 100 years.
	FixtureDirectory string
}

// randomSerial returns a random certificate serial number in [1, MaxInt64).
func randomSerial() (*big.Int, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(math.MaxInt64-1))
	if err != nil {
		return nil, err
	}
	return n.Add(n, big.NewInt(1)), nil
}

// NewSelfSignedCACert creates a CA certificate signed by key, valid for ten
// years from now (starting at cfg.NotBefore when that is set), with subject
// CommonName and Organization from cfg and, when CommonName is set, that name
// as its only DNS SAN.
func NewSelfSignedCACert(cfg Config, key crypto.Signer) (*x509.Certificate, error) {
	serial, err := randomSerial()
	if err != nil {
		return nil, err
	}
	now := time.Now()
	notBefore := now.UTC()
	if !cfg.NotBefore.IsZero() {
		notBefore = cfg.NotBefore.UTC()
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: cfg.CommonName, Organization: cfg.Organization},
		NotBefore:             notBefore,
		NotAfter:              now.Add(caValidity).UTC(),
		KeyUsage:              x509.KeyUsageKeyEncipherment | x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	if cfg.CommonName != "" {
		tmpl.DNSNames = []string{cfg.CommonName}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}

// GenerateSelfSignedCertKey creates a self-signed certificate and key for the
// given host. Host may be an IP or a DNS name. You may also specify additional
// subject alt names (either ip or dns names) for the certificate.
//
// The returned certificate PEM holds the serving certificate followed by the
// throw-away CA that signed it; the key is a PKCS#1 RSA key. Both are valid
// for one year.
func GenerateSelfSignedCertKey(host string, alternateIPs []net.IP, alternateDNS []string) ([]byte, []byte, error) {
	return GenerateSelfSignedCertKeyWithOptions(SelfSignedCertKeyOptions{
		Host:         host,
		AlternateIPs: alternateIPs,
		AlternateDNS: alternateDNS,
	})
}

// GenerateSelfSignedCertKeyWithFixtures creates a self-signed certificate
// and key for the given host. Host may be an IP or a DNS name. You may also
// specify additional subject alt names (either ip or dns names) for the
// certificate.
//
// If fixtureDirectory is non-empty, it is a directory path
// which can contain pre-generated certs. The format is:
// <host>_<ip>-<ip>_<alternateDNS>-<alternateDNS>.crt
// <host>_<ip>-<ip>_<alternateDNS>-<alternateDNS>.key
// Certs/keys not existing in that directory are created.
func GenerateSelfSignedCertKeyWithFixtures(host string, alternateIPs []net.IP, alternateDNS []string, fixtureDirectory string) ([]byte, []byte, error) {
	return GenerateSelfSignedCertKeyWithOptions(SelfSignedCertKeyOptions{
		Host:             host,
		AlternateIPs:     alternateIPs,
		AlternateDNS:     alternateDNS,
		FixtureDirectory: fixtureDirectory,
	})
}

// GenerateSelfSignedCertKeyWithOptions generates a self-signed certificate and
// key based on the provided options. It returns the PEM-encoded certificate
// chain (serving certificate, then its CA) and the PEM-encoded RSA key.
func GenerateSelfSignedCertKeyWithOptions(opts SelfSignedCertKeyOptions) ([]byte, []byte, error) {
	maxAge := opts.MaxAge
	if maxAge == 0 {
		maxAge = year
	}

	var certPath, keyPath string
	if opts.FixtureDirectory != "" {
		ips := make([]string, len(opts.AlternateIPs))
		for i, ip := range opts.AlternateIPs {
			ips[i] = ip.String()
		}
		base := fmt.Sprintf("%s_%s_%s", opts.Host, strings.Join(ips, "-"), strings.Join(opts.AlternateDNS, "-"))
		certPath = filepath.Join(opts.FixtureDirectory, base+".crt")
		keyPath = filepath.Join(opts.FixtureDirectory, base+".key")
		if certPEM, err := os.ReadFile(certPath); err == nil {
			keyPEM, err := os.ReadFile(keyPath)
			if err != nil {
				return nil, nil, fmt.Errorf("cert %s can be read, but key %s cannot: %w", certPath, keyPath, err)
			}
			return certPEM, keyPEM, nil
		}
		maxAge = fixtureValidity
	}

	certPEM, keyPEM, err := newServingCertAndCA(opts, maxAge)
	if err != nil {
		return nil, nil, err
	}

	if opts.FixtureDirectory != "" {
		if err := os.WriteFile(certPath, certPEM, 0o644); err != nil {
			return nil, nil, fmt.Errorf("failed to write cert fixture to %s: %w", certPath, err)
		}
		if err := os.WriteFile(keyPath, keyPEM, 0o600); err != nil {
			return nil, nil, fmt.Errorf("failed to write key fixture to %s: %w", keyPath, err)
		}
	}
	return certPEM, keyPEM, nil
}

// newServingCertAndCA creates a CA and a serving certificate for opts.Host
// signed by it, both valid for maxAge from an hour ago.
func newServingCertAndCA(opts SelfSignedCertKeyOptions, maxAge time.Duration) ([]byte, []byte, error) {
	validFrom := time.Now().Add(-clockSkew)

	caKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, nil, err
	}
	caSerial, err := randomSerial()
	if err != nil {
		return nil, nil, err
	}
	caTmpl := &x509.Certificate{
		SerialNumber:          caSerial,
		Subject:               pkix.Name{CommonName: fmt.Sprintf("%s-ca@%d", opts.Host, time.Now().Unix())},
		NotBefore:             validFrom,
		NotAfter:              validFrom.Add(maxAge),
		KeyUsage:              x509.KeyUsageKeyEncipherment | x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, nil, err
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, nil, err
	}

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, nil, err
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: fmt.Sprintf("%s@%d", opts.Host, time.Now().Unix())},
		NotBefore:             validFrom,
		NotAfter:              validFrom.Add(maxAge),
		KeyUsage:              x509.KeyUsageKeyEncipherment | x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	if ip := netutils.ParseIPSloppy(opts.Host); ip != nil {
		tmpl.IPAddresses = []net.IP{ip}
	} else {
		tmpl.DNSNames = []string{opts.Host}
	}
	tmpl.IPAddresses = append(tmpl.IPAddresses, opts.AlternateIPs...)
	tmpl.DNSNames = append(tmpl.DNSNames, opts.AlternateDNS...)

	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, nil, err
	}

	certPEM := append(
		pem.EncodeToMemory(&pem.Block{Type: CertificateBlockType, Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: CertificateBlockType, Bytes: caDER})...)
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: keyutil.RSAPrivateKeyBlockType, Bytes: x509.MarshalPKCS1PrivateKey(key)})
	return certPEM, keyPEM, nil
}
