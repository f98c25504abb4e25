package cert

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/util/keyutil"
)

func TestNewSelfSignedCACert(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	notBefore := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)

	tests := []struct {
		name          string
		cfg           Config
		wantDNS       []string
		wantNotBefore time.Time
	}{
		{name: "with common name", cfg: Config{CommonName: "my-ca", Organization: []string{"org"}}, wantDNS: []string{"my-ca"}},
		{name: "without common name", cfg: Config{Organization: []string{"org"}}},
		{name: "explicit not before", cfg: Config{CommonName: "x", NotBefore: notBefore}, wantDNS: []string{"x"}, wantNotBefore: notBefore},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now().Truncate(time.Second)
			ca, err := NewSelfSignedCACert(tt.cfg, key)
			require.NoError(t, err)
			assert.True(t, ca.IsCA)
			assert.Equal(t, tt.cfg.CommonName, ca.Subject.CommonName)
			assert.Equal(t, tt.cfg.Organization, ca.Subject.Organization)
			assert.Equal(t, tt.wantDNS, ca.DNSNames)
			assert.NotZero(t, ca.KeyUsage&x509.KeyUsageCertSign)
			if tt.wantNotBefore.IsZero() {
				assert.False(t, ca.NotBefore.Before(start))
			} else {
				assert.Equal(t, tt.wantNotBefore, ca.NotBefore)
			}
			assert.WithinDuration(t, start.Add(10*365*24*time.Hour), ca.NotAfter, time.Minute)
			assert.Positive(t, ca.SerialNumber.Sign())
			require.NoError(t, ca.CheckSignatureFrom(ca), "self-signed")
		})
	}
}

func TestGenerateSelfSignedCertKey(t *testing.T) {
	tests := []struct {
		name    string
		opts    SelfSignedCertKeyOptions
		wantIPs []string
		wantDNS []string
		maxAge  time.Duration
	}{
		{
			name:    "dns host",
			opts:    SelfSignedCertKeyOptions{Host: "example.com", AlternateIPs: []net.IP{net.ParseIP("10.0.0.1")}, AlternateDNS: []string{"alt.example.com"}},
			wantIPs: []string{"10.0.0.1"},
			wantDNS: []string{"example.com", "alt.example.com"},
			maxAge:  365 * 24 * time.Hour,
		},
		{
			name:    "ip host",
			opts:    SelfSignedCertKeyOptions{Host: "127.0.0.1", AlternateDNS: []string{"localhost"}},
			wantIPs: []string{"127.0.0.1"},
			wantDNS: []string{"localhost"},
			maxAge:  365 * 24 * time.Hour,
		},
		{
			name:    "max age",
			opts:    SelfSignedCertKeyOptions{Host: "h", MaxAge: 2 * time.Hour},
			wantDNS: []string{"h"},
			maxAge:  2 * time.Hour,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			certPEM, keyPEM, err := GenerateSelfSignedCertKeyWithOptions(tt.opts)
			require.NoError(t, err)
			certs, err := ParseCertsPEM(certPEM)
			require.NoError(t, err)
			require.Len(t, certs, 2, "serving cert then CA")
			serving, ca := certs[0], certs[1]

			assert.True(t, ca.IsCA)
			assert.False(t, serving.IsCA)
			assert.Equal(t, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, serving.ExtKeyUsage)
			var ips []string
			for _, ip := range serving.IPAddresses {
				ips = append(ips, ip.String())
			}
			assert.Equal(t, tt.wantIPs, ips)
			assert.Equal(t, tt.wantDNS, serving.DNSNames)
			assert.Equal(t, tt.maxAge, serving.NotAfter.Sub(serving.NotBefore))
			assert.True(t, serving.NotBefore.Before(time.Now().Add(-59*time.Minute)), "backdated for clock skew")

			pool := x509.NewCertPool()
			pool.AddCert(ca)
			_, err = serving.Verify(x509.VerifyOptions{Roots: pool, DNSName: tt.opts.Host})
			require.NoError(t, err)

			key, err := keyutil.ParsePrivateKeyPEM(keyPEM)
			require.NoError(t, err)
			rsaKey, ok := key.(*rsa.PrivateKey)
			require.True(t, ok)
			assert.Equal(t, &rsaKey.PublicKey, serving.PublicKey)
		})
	}
}

func TestGenerateSelfSignedCertKeyWithFixtures(t *testing.T) {
	dir := t.TempDir()
	ips := []net.IP{net.ParseIP("1.2.3.4"), net.ParseIP("::1")}
	dns := []string{"a", "b"}

	cert1, key1, err := GenerateSelfSignedCertKeyWithFixtures("host", ips, dns, dir)
	require.NoError(t, err)
	base := filepath.Join(dir, "host_1.2.3.4-::1_a-b")
	onDisk, err := os.ReadFile(base + ".crt")
	require.NoError(t, err)
	assert.Equal(t, cert1, onDisk)
	fi, err := os.Stat(base + ".key")
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

	certs, err := ParseCertsPEM(cert1)
	require.NoError(t, err)
	assert.Greater(t, certs[0].NotAfter.Sub(certs[0].NotBefore), 99*365*24*time.Hour, "fixtures last 100 years")

	cert2, key2, err := GenerateSelfSignedCertKeyWithFixtures("host", ips, dns, dir)
	require.NoError(t, err)
	assert.Equal(t, cert1, cert2, "second call reads the fixture")
	assert.Equal(t, key1, key2)

	require.NoError(t, os.Remove(base+".key"))
	_, _, err = GenerateSelfSignedCertKeyWithFixtures("host", ips, dns, dir)
	require.ErrorContains(t, err, "cert "+base+".crt can be read, but key "+base+".key cannot")

	// Without fixtures every call makes a new pair.
	c1, _, err := GenerateSelfSignedCertKey("host", nil, nil)
	require.NoError(t, err)
	c2, _, err := GenerateSelfSignedCertKey("host", nil, nil)
	require.NoError(t, err)
	assert.NotEqual(t, c1, c2)
}
