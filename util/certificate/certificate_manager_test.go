package certificate

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	certificates "k8s.io/api/certificates/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/klog/v2"
)

// memStore is a Store in memory.
type memStore struct {
	pair    *tls.Certificate
	err     error
	updates int
}

func (s *memStore) Current() (*tls.Certificate, error) {
	if s.err != nil {
		return nil, s.err
	}
	if s.pair == nil {
		e := NoCertKeyError("empty")
		return nil, &e
	}
	return s.pair, nil
}

func (s *memStore) Update(certPEM, keyPEM []byte) (*tls.Certificate, error) {
	p, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, err
	}
	p.Leaf, _ = x509.ParseCertificate(p.Certificate[0])
	s.pair, s.updates = &p, s.updates+1
	return s.pair, nil
}

func storeWith(t *testing.T, spec pairSpec) *memStore {
	s := &memStore{}
	c, k := makePair(t, spec)
	_, err := s.Update(c, k)
	require.NoError(t, err)
	s.updates = 0
	return s
}

func TestNewManagerValidation(t *testing.T) {
	usages := []certificates.KeyUsage{certificates.UsageClientAuth}
	tests := []struct {
		name    string
		cfg     *Config
		wantErr string
	}{
		{name: "nil config", cfg: nil, wantErr: "nil Config"},
		{name: "no store", cfg: &Config{Usages: usages}, wantErr: "CertificateStore is required"},
		{name: "both usages", cfg: &Config{CertificateStore: &memStore{}, Usages: usages, GetUsages: DefaultKubeletClientGetUsages}, wantErr: "cannot specify both"},
		{name: "no usages", cfg: &Config{CertificateStore: &memStore{}}, wantErr: "either GetUsages or Usages"},
		{name: "store failure", cfg: &Config{CertificateStore: &memStore{err: errors.New("disk on fire")}, Usages: usages}, wantErr: "disk on fire"},
		{name: "bad bootstrap", cfg: &Config{CertificateStore: &memStore{}, Usages: usages, BootstrapCertificatePEM: []byte("x"), BootstrapKeyPEM: []byte("y")}, wantErr: "failed to find any PEM data"},
		{name: "empty store is fine", cfg: &Config{CertificateStore: &memStore{}, Usages: usages}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := NewManager(tt.cfg)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Nil(t, m.Current())
			assert.False(t, m.ServerHealthy())
		})
	}
}

func TestNewManagerInitialCertificate(t *testing.T) {
	bootCert, bootKey := makePair(t, pairSpec{cn: "bootstrap"})
	usages := []certificates.KeyUsage{certificates.UsageClientAuth}

	t.Run("valid stored pair is used, no rotation forced", func(t *testing.T) {
		store := storeWith(t, pairSpec{cn: "stored"})
		m, err := NewManager(&Config{CertificateStore: store, Usages: usages, BootstrapCertificatePEM: bootCert, BootstrapKeyPEM: bootKey})
		require.NoError(t, err)
		assert.Equal(t, "stored", m.Current().Leaf.Subject.CommonName)
		assert.False(t, m.(*manager).forceRotation)
		assert.Zero(t, store.updates)
	})
	t.Run("expired stored pair is replaced by the bootstrap pair", func(t *testing.T) {
		store := storeWith(t, pairSpec{cn: "stale", notBefore: time.Now().Add(-2 * time.Hour), notAfter: time.Now().Add(-time.Hour)})
		m, err := NewManager(&Config{CertificateStore: store, Usages: usages, BootstrapCertificatePEM: bootCert, BootstrapKeyPEM: bootKey})
		require.NoError(t, err)
		assert.Equal(t, "bootstrap", m.Current().Leaf.Subject.CommonName)
		assert.True(t, m.(*manager).forceRotation)
		assert.Equal(t, 1, store.updates, "bootstrap pair written to the store")
	})
	t.Run("nothing at all forces a request", func(t *testing.T) {
		m, err := NewManager(&Config{CertificateStore: &memStore{}, Usages: usages})
		require.NoError(t, err)
		assert.Nil(t, m.Current())
		assert.True(t, m.(*manager).forceRotation)
	})
}

func TestCurrentHidesExpiredCertificate(t *testing.T) {
	store := storeWith(t, pairSpec{cn: "soon", notAfter: time.Now().Add(time.Minute)})
	m, err := NewManager(&Config{CertificateStore: store, Usages: []certificates.KeyUsage{certificates.UsageClientAuth}})
	require.NoError(t, err)
	require.NotNil(t, m.Current())
	m.(*manager).now = func() time.Time { return time.Now().Add(2 * time.Minute) }
	assert.Nil(t, m.Current())
}

func TestManagerName(t *testing.T) {
	tests := []struct {
		cfg  Config
		want string
	}{
		{Config{Name: "explicit", SignerName: "s", GetUsages: DefaultKubeletClientGetUsages}, "explicit"},
		{Config{SignerName: "example.com/signer", GetUsages: DefaultKubeletClientGetUsages}, "example.com/signer"},
		{Config{GetUsages: DefaultKubeletClientGetUsages}, "client auth"},
		{Config{GetUsages: DefaultKubeletServingGetUsages}, "certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			var seen string
			ctx := klog.NewContext(context.Background(), klog.New(&nameSink{seen: &seen}))
			cfg := tt.cfg
			cfg.CertificateStore, cfg.Ctx = &memStore{}, &ctx
			m, err := NewManager(&cfg)
			require.NoError(t, err)
			klog.FromContext(m.(*manager).ctx).Info("hello")
			assert.Equal(t, tt.want, seen)
		})
	}
}

func TestStopWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	m, err := NewManager(&Config{CertificateStore: &memStore{}, Usages: []certificates.KeyUsage{certificates.UsageClientAuth}, Ctx: &ctx})
	require.NoError(t, err)
	cancel()
	select {
	case <-m.(*manager).ctx.Done():
	case <-time.After(time.Second):
		t.Fatal("cancelling Config.Ctx did not stop the manager")
	}
}

func TestDefaultUsages(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	assert.Contains(t, DefaultKubeletServingGetUsages(rsaKey), certificates.UsageKeyEncipherment)
	assert.NotContains(t, DefaultKubeletServingGetUsages(ecKey), certificates.UsageKeyEncipherment)
	assert.Contains(t, DefaultKubeletServingGetUsages(ecKey), certificates.UsageServerAuth)
	assert.Contains(t, DefaultKubeletClientGetUsages(rsaKey), certificates.UsageKeyEncipherment)
	assert.Equal(t, []certificates.KeyUsage{certificates.UsageDigitalSignature, certificates.UsageClientAuth}, DefaultKubeletClientGetUsages(nil))
}

func TestCheckKeyStrength(t *testing.T) {
	weakRSA, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	weakEC, err := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	require.NoError(t, err)
	goodEC, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	require.NoError(t, err)
	tests := []struct {
		name    string
		key     crypto.Signer
		wantErr string
	}{
		{"weak RSA", weakRSA, "RSA key size 1024 bits is below the minimum of 2048"},
		{"weak ECDSA", weakEC, "ECDSA key curve P-224 (224 bits) is below the minimum of 256"},
		{"P-384", goodEC, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkKeyStrength(tt.key)
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.EqualError(t, err, tt.wantErr)
		})
	}

	m := &manager{getTemplate: func() *x509.CertificateRequest { return &x509.CertificateRequest{} },
		generateKey: func() (crypto.Signer, error) { return weakRSA, nil }}
	_, _, _, _, err = m.newRequest()
	require.ErrorContains(t, err, "the new key is insecure")
	m.generateKey = nil
	m.getTemplate = func() *x509.CertificateRequest { return nil }
	_, _, _, _, err = m.newRequest()
	require.ErrorContains(t, err, "no template available")
}

func TestCertSatisfiesTemplate(t *testing.T) {
	have := pairSpec{cn: "node", orgs: []string{"a", "b"}, dnsNames: []string{"x.test", "y.test"}, ips: []net.IP{net.ParseIP("10.0.0.1")}}
	tests := []struct {
		name string
		tmpl *x509.CertificateRequest
		want bool
	}{
		{"no template", nil, true},
		{"same", &x509.CertificateRequest{Subject: pkix.Name{CommonName: "node", Organization: []string{"a"}}, DNSNames: []string{"x.test"}, IPAddresses: []net.IP{net.ParseIP("10.0.0.1")}}, true},
		{"other CN", &x509.CertificateRequest{Subject: pkix.Name{CommonName: "other"}}, false},
		{"new DNS name", &x509.CertificateRequest{Subject: pkix.Name{CommonName: "node"}, DNSNames: []string{"z.test"}}, false},
		{"new IP", &x509.CertificateRequest{Subject: pkix.Name{CommonName: "node"}, IPAddresses: []net.IP{net.ParseIP("10.0.0.2")}}, false},
		{"new org", &x509.CertificateRequest{Subject: pkix.Name{CommonName: "node", Organization: []string{"c"}}}, false},
	}
	store := storeWith(t, have)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &manager{cert: store.pair, getTemplate: func() *x509.CertificateRequest { return tt.tmpl }, now: time.Now}
			assert.Equal(t, tt.want, m.certSatisfiesTemplate(klog.Background()))
			deadline := m.nextRotationDeadline(klog.Background())
			if tt.want {
				lifetime := store.pair.Leaf.NotAfter.Sub(store.pair.Leaf.NotBefore)
				assert.WithinRange(t, deadline, store.pair.Leaf.NotBefore.Add(lifetime*7/10), store.pair.Leaf.NotBefore.Add(lifetime*9/10))
			} else {
				assert.WithinDuration(t, time.Now(), deadline, time.Second, "a mismatch rotates at once")
			}
		})
	}
}

func TestRecordServerError(t *testing.T) {
	gr := schema.GroupResource{Group: "certificates.k8s.io", Resource: "certificatesigningrequests"}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"unauthorized", apierrors.NewUnauthorized("no"), true},
		{"forbidden", apierrors.NewForbidden(gr, "x", errors.New("no")), true},
		{"not found", apierrors.NewNotFound(gr, "x"), true},
		{"server error", apierrors.NewInternalError(errors.New("boom")), false},
		{"network", errors.New("connection refused"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &manager{healthy: !tt.want}
			m.recordServerError(tt.err)
			assert.Equal(t, tt.want, m.ServerHealthy())
		})
	}
}

// nameSink is a logr sink that reports the logger name of each Info call.
type nameSink struct {
	name string
	seen *string
}

func (s *nameSink) Init(klog.RuntimeInfo)                  {}
func (s *nameSink) Enabled(int) bool                       { return true }
func (s *nameSink) Info(int, string, ...interface{})       { *s.seen = s.name }
func (s *nameSink) Error(error, string, ...interface{})    {}
func (s *nameSink) WithValues(...interface{}) klog.LogSink { return s }
func (s *nameSink) WithName(name string) klog.LogSink {
	if s.name != "" {
		name = s.name + "/" + name
	}
	return &nameSink{name: name, seen: s.seen}
}
