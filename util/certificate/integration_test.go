package certificate

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	certificatesv1 "k8s.io/api/certificates/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/rest"
	certutil "github.com/kclient/kclient/util/cert"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

// clusterSigner approves and signs every request for its signer name, as a
// signing controller would (the test cluster runs none). Certificates live
// for lifetime and are issued from the signer's own CA.
type clusterSigner struct {
	t        *testing.T
	cs       kubernetes.Interface
	name     string
	lifetime atomic.Int64 // time.Duration
	caKey    *ecdsa.PrivateKey
	ca       *x509.Certificate
	issued   atomic.Int32
}

func startSigner(ctx context.Context, t *testing.T, cs kubernetes.Interface, name string, lifetime time.Duration) *clusterSigner {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	ca, err := certutil.NewSelfSignedCACert(certutil.Config{CommonName: "rotation-test-ca"}, key)
	require.NoError(t, err)
	s := &clusterSigner{t: t, cs: cs, name: name, caKey: key, ca: ca}
	s.lifetime.Store(int64(lifetime))
	var wg sync.WaitGroup
	wg.Go(func() {
		for ctx.Err() == nil {
			s.signPending(ctx)
			select {
			case <-ctx.Done():
			case <-time.After(100 * time.Millisecond):
			}
		}
	})
	t.Cleanup(wg.Wait)
	return s
}

func (s *clusterSigner) signPending(ctx context.Context) {
	list, err := s.cs.CertificatesV1().CertificateSigningRequests().List(ctx, metav1.ListOptions{})
	if err != nil {
		return // the test is ending or the server is busy; try again
	}
	for i := range list.Items {
		req := &list.Items[i]
		if req.Spec.SignerName != s.name || len(req.Status.Certificate) > 0 {
			continue
		}
		if err := s.sign(ctx, req); err != nil && ctx.Err() == nil {
			s.t.Errorf("signing %s: %v", req.Name, err)
		}
	}
}

func (s *clusterSigner) sign(ctx context.Context, req *certificatesv1.CertificateSigningRequest) error {
	req.Status.Conditions = append(req.Status.Conditions, certificatesv1.CertificateSigningRequestCondition{
		Type: certificatesv1.CertificateApproved, Status: corev1.ConditionTrue, Reason: "Test", Message: "approved by the test",
	})
	req, err := s.cs.CertificatesV1().CertificateSigningRequests().UpdateApproval(ctx, req.Name, req, metav1.UpdateOptions{})
	if err != nil {
		return err
	}
	block, _ := pem.Decode(req.Spec.Request)
	if block == nil {
		return fmt.Errorf("request is not PEM")
	}
	parsed, err := x509.ParseCertificateRequest(block.Bytes)
	if err != nil {
		return err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(now.UnixNano()),
		Subject:      parsed.Subject,
		DNSNames:     parsed.DNSNames,
		IPAddresses:  parsed.IPAddresses,
		NotBefore:    now.Add(-time.Second),
		NotAfter:     now.Add(time.Duration(s.lifetime.Load())),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, s.ca, parsed.PublicKey, s.caKey)
	if err != nil {
		return err
	}
	req.Status.Certificate = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	if _, err := s.cs.CertificatesV1().CertificateSigningRequests().UpdateStatus(ctx, req, metav1.UpdateOptions{}); err != nil {
		return err
	}
	s.issued.Add(1)
	return nil
}

type observations struct {
	mu     sync.Mutex
	values []float64
}

func (o *observations) Observe(v float64) { o.mu.Lock(); o.values = append(o.values, v); o.mu.Unlock() }

func (o *observations) count() int { o.mu.Lock(); defer o.mu.Unlock(); return len(o.values) }

type counter struct{ n atomic.Int32 }

func (c *counter) Inc() { c.n.Add(1) }

func adminClientset(t *testing.T) kubernetes.Interface {
	c := testcluster.Get(t)
	cs, err := kubernetes.NewForConfig(&rest.Config{
		Host:            c.Host,
		TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData},
	})
	require.NoError(t, err)
	return cs
}

// waitFor polls cond every 50ms for up to timeout.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	require.Eventually(t, cond, timeout, 50*time.Millisecond, what)
}

func cleanupCSRs(t *testing.T, cs kubernetes.Interface, signer string) {
	t.Cleanup(func() {
		list, err := cs.CertificatesV1().CertificateSigningRequests().List(context.Background(), metav1.ListOptions{})
		if err != nil {
			return
		}
		for _, r := range list.Items {
			if r.Spec.SignerName == signer {
				_ = cs.CertificatesV1().CertificateSigningRequests().Delete(context.Background(), r.Name, metav1.DeleteOptions{})
			}
		}
	})
}

// TestIntegrationRotation starts a manager with an empty store: it requests
// a certificate at once, then rotates it before it expires, persisting each
// pair in a FileStore.
func TestIntegrationRotation(t *testing.T) {
	cs := adminClientset(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	signerName := fmt.Sprintf("kclient.test/rotation-%d", time.Now().UnixNano()%1e6)
	cleanupCSRs(t, cs, signerName)
	signer := startSigner(ctx, t, cs, signerName, 4*time.Second)

	dir := t.TempDir()
	store, err := NewFileStore("client", dir, dir, "", "")
	require.NoError(t, err)
	rotations, failures := &observations{}, &counter{}
	var clientsetCalls atomic.Int32
	lifetime := time.Hour
	m, err := NewManager(&Config{
		ClientsetFn: func(*tls.Certificate) (kubernetes.Interface, error) {
			clientsetCalls.Add(1)
			return cs, nil
		},
		Template:                     &x509.CertificateRequest{Subject: pkix.Name{CommonName: "system:node:rotation-test", Organization: []string{"system:nodes"}}},
		SignerName:                   signerName,
		RequestedCertificateLifetime: &lifetime,
		GetUsages:                    DefaultKubeletClientGetUsages,
		CertificateStore:             store,
		CertificateRotation:          rotations,
		CertificateRenewFailure:      failures,
	})
	require.NoError(t, err)
	assert.Nil(t, m.Current())
	m.Start()
	defer m.Stop()

	waitFor(t, 20*time.Second, "first certificate", func() bool { return m.Current() != nil })
	first := m.Current()
	assert.Equal(t, "system:node:rotation-test", first.Leaf.Subject.CommonName)
	require.NoError(t, first.Leaf.CheckSignatureFrom(signer.ca))
	assert.True(t, m.ServerHealthy())
	onDisk, err := store.Current()
	require.NoError(t, err)
	assert.Equal(t, first.Leaf.SerialNumber, onDisk.Leaf.SerialNumber, "persisted")
	target, err := filepath.EvalSymlinks(store.CurrentPath())
	require.NoError(t, err)
	assert.Equal(t, dir, filepath.Dir(target))

	// The certificate lives 4s, so rotation is due after 2.8s to 3.6s.
	waitFor(t, 20*time.Second, "rotated certificate", func() bool {
		c := m.Current()
		return c != nil && c.Leaf.SerialNumber.Cmp(first.Leaf.SerialNumber) != 0
	})
	second := m.Current()
	assert.True(t, second.Leaf.NotBefore.After(first.Leaf.NotBefore) || second.Leaf.NotBefore.Equal(first.Leaf.NotBefore))
	waitFor(t, 5*time.Second, "rotation observed", func() bool { return rotations.count() >= 1 })
	assert.Zero(t, failures.n.Load())
	assert.GreaterOrEqual(t, clientsetCalls.Load(), int32(2))

	var sent certificatesv1.CertificateSigningRequest
	list, err := cs.CertificatesV1().CertificateSigningRequests().List(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	for _, r := range list.Items {
		if r.Spec.SignerName == signerName {
			sent = r
		}
	}
	require.NotNil(t, sent.Spec.ExpirationSeconds)
	assert.Equal(t, int32(3600), *sent.Spec.ExpirationSeconds)
	assert.ElementsMatch(t, []certificatesv1.KeyUsage{certificatesv1.UsageDigitalSignature, certificatesv1.UsageClientAuth}, sent.Spec.Usages)

	// After Stop no further requests are made.
	m.Stop()
	time.Sleep(200 * time.Millisecond)
	before := signer.issued.Load()
	time.Sleep(5 * time.Second)
	assert.Equal(t, before, signer.issued.Load(), "no rotation after Stop")
}

// TestIntegrationTemplateChange replaces a long-lived certificate as soon as
// GetTemplate asks for a different subject.
func TestIntegrationTemplateChange(t *testing.T) {
	cs := adminClientset(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	signerName := fmt.Sprintf("kclient.test/template-%d", time.Now().UnixNano()%1e6)
	cleanupCSRs(t, cs, signerName)
	startSigner(ctx, t, cs, signerName, time.Hour)

	var template atomic.Pointer[x509.CertificateRequest]
	template.Store(&x509.CertificateRequest{Subject: pkix.Name{CommonName: "before"}})
	m, err := NewManager(&Config{
		ClientsetFn:      func(*tls.Certificate) (kubernetes.Interface, error) { return cs, nil },
		GetTemplate:      template.Load,
		SignerName:       signerName,
		Usages:           []certificatesv1.KeyUsage{certificatesv1.UsageDigitalSignature, certificatesv1.UsageClientAuth},
		CertificateStore: &memStore{},
		Ctx:              &ctx,
	})
	require.NoError(t, err)
	m.Start()
	waitFor(t, 20*time.Second, "first certificate", func() bool { c := m.Current(); return c != nil })
	assert.Equal(t, "before", m.Current().Leaf.Subject.CommonName)

	template.Store(&x509.CertificateRequest{Subject: pkix.Name{CommonName: "after"}, DNSNames: []string{"after.test"}})
	waitFor(t, 20*time.Second, "certificate for the new template", func() bool {
		return m.Current().Leaf.Subject.CommonName == "after"
	})
	assert.Equal(t, []string{"after.test"}, m.Current().Leaf.DNSNames)
	cancel() // Config.Ctx stops the manager
}
