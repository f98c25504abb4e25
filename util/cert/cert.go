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

// Config is the subject and usage of a certificate to create.
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

// AltNames lists the subject alternative names of a certificate. They are
// copied unchanged into the DNSNames and IPAddresses of the x509 template.
type AltNames struct {
	// DNSNames are DNS subject alternative names.
	DNSNames []string
	// IPs are IP address subject alternative names.
	IPs []net.IP
}

// SelfSignedCertKeyOptions is the input of GenerateSelfSignedCertKeyWithOptions.
type SelfSignedCertKeyOptions struct {
	// Host (required) is the name the serving certificate is for: an IP
	// address becomes an IP SAN, anything else a DNS SAN.
	Host string
	// AlternateIPs are extra IP SANs; may be empty.
	AlternateIPs []net.IP
	// AlternateDNS are extra DNS SANs; may be empty.
	AlternateDNS []string

	// MaxAge is how long the certificates stay valid; zero means one year.
	// It has no effect when FixtureDirectory is set.
	MaxAge time.Duration

	// FixtureDirectory, for tests, caches the generated pair on disk. When
	// set, the certificate and key are read from (or, if missing, written to)
	// files in that directory named
	//
	//	<host>_<ip>-<ip>_<alternateDNS>-<alternateDNS>.crt and .key
	//
	// with the alternate IPs and names joined by "-". Pairs generated for
	// the directory are valid for 100 years.
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

// GenerateSelfSignedCertKey is GenerateSelfSignedCertKeyWithOptions for a
// host (IP address or DNS name) plus optional extra IP and DNS SANs, with the
// default lifetime and no fixture directory.
//
// The returned certificate PEM holds the serving certificate followed by the
// throw-away CA that signed it; the key is a PKCS#1 RSA key. Both are valid
// for one year.
func GenerateSelfSignedCertKey(host string, alternateIPs []net.IP, alternateDNS []string) ([]byte, []byte, error) {
	return GenerateSelfSignedCertKeyWithFixtures(host, alternateIPs, alternateDNS, "")
}

// GenerateSelfSignedCertKeyWithFixtures is GenerateSelfSignedCertKey with a
// fixture directory: a non-empty fixtureDirectory reuses (or stores) the pair
// there, as described for SelfSignedCertKeyOptions.FixtureDirectory.
func GenerateSelfSignedCertKeyWithFixtures(host string, alternateIPs []net.IP, alternateDNS []string, fixtureDirectory string) ([]byte, []byte, error) {
	opts := SelfSignedCertKeyOptions{Host: host, FixtureDirectory: fixtureDirectory}
	opts.AlternateIPs, opts.AlternateDNS = alternateIPs, alternateDNS
	return GenerateSelfSignedCertKeyWithOptions(opts)
}

// GenerateSelfSignedCertKeyWithOptions creates a throw-away CA and a serving
// certificate for opts.Host signed by it, plus the serving key. It returns the PEM-encoded certificate
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
	caTmpl, err := leafOrCATemplate(fmt.Sprintf("%s-ca@%d", opts.Host, time.Now().Unix()), validFrom, maxAge)
	if err != nil {
		return nil, nil, err
	}
	caTmpl.IsCA = true
	caTmpl.KeyUsage |= x509.KeyUsageCertSign
	caDER, ca, err := signTemplate(caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, nil, err
	}

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, nil, err
	}
	tmpl, err := leafOrCATemplate(fmt.Sprintf("%s@%d", opts.Host, time.Now().Unix()), validFrom, maxAge)
	if err != nil {
		return nil, nil, err
	}
	tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	// The host comes first among the SANs of its kind.
	if ip := netutils.ParseIPSloppy(opts.Host); ip != nil {
		tmpl.IPAddresses = append([]net.IP{ip}, opts.AlternateIPs...)
		tmpl.DNSNames = append([]string(nil), opts.AlternateDNS...)
	} else {
		tmpl.IPAddresses = append([]net.IP(nil), opts.AlternateIPs...)
		tmpl.DNSNames = append([]string{opts.Host}, opts.AlternateDNS...)
	}
	der, _, err := signTemplate(tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, nil, err
	}

	var chain []byte
	for _, block := range [][]byte{der, caDER} {
		chain = append(chain, pem.EncodeToMemory(&pem.Block{Type: CertificateBlockType, Bytes: block})...)
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: keyutil.RSAPrivateKeyBlockType, Bytes: x509.MarshalPKCS1PrivateKey(key)})
	return chain, keyPEM, nil
}

// leafOrCATemplate starts a certificate template shared by the generated CA
// and serving certificates: a fresh random serial, the given common name,
// validity [validFrom, validFrom+lifetime], and the digital signature and key
// encipherment usages. Callers add what distinguishes a CA from a leaf.
func leafOrCATemplate(commonName string, validFrom time.Time, lifetime time.Duration) (*x509.Certificate, error) {
	serial, err := randomSerial()
	if err != nil {
		return nil, err
	}
	return &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: commonName},
		NotBefore:             validFrom,
		NotAfter:              validFrom.Add(lifetime),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		BasicConstraintsValid: true,
	}, nil
}

// signTemplate issues tmpl for pub, signed by signer as parent, and returns
// both the DER bytes and the parsed certificate.
func signTemplate(tmpl, parent *x509.Certificate, pub any, signer crypto.Signer) ([]byte, *x509.Certificate, error) {
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
	if err != nil {
		return nil, nil, err
	}
	parsed, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	return der, parsed, nil
}
