package csr_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	certificatesv1 "k8s.io/api/certificates/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/rest"
	certutil "github.com/kclient/kclient/util/cert"
	"github.com/kclient/kclient/util/certificate/csr"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

const signerName = "kclient.test/csr-signer"

var clientUsages = []certificatesv1.KeyUsage{certificatesv1.UsageDigitalSignature, certificatesv1.UsageClientAuth}

// testSigner plays the part of a signing controller, which the test cluster
// does not run: it approves (or denies) requests and issues certificates
// from its own CA.
type testSigner struct {
	cs     kubernetes.Interface
	caKey  *ecdsa.PrivateKey
	caCert *x509.Certificate
}

func newTestSigner(t *testing.T, cs kubernetes.Interface) *testSigner {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	ca, err := certutil.NewSelfSignedCACert(certutil.Config{CommonName: "test-signer-ca"}, key)
	require.NoError(t, err)
	return &testSigner{cs: cs, caKey: key, caCert: ca}
}

func (s *testSigner) setCondition(ctx context.Context, t *testing.T, name string, cond certificatesv1.RequestConditionType) *certificatesv1.CertificateSigningRequest {
	t.Helper()
	req, err := s.cs.CertificatesV1().CertificateSigningRequests().Get(ctx, name, metav1.GetOptions{})
	require.NoError(t, err)
	req.Status.Conditions = append(req.Status.Conditions, certificatesv1.CertificateSigningRequestCondition{
		Type: cond, Status: corev1.ConditionTrue, Reason: "TestSigner", Message: "decided by the test",
	})
	req, err = s.cs.CertificatesV1().CertificateSigningRequests().UpdateApproval(ctx, name, req, metav1.UpdateOptions{})
	require.NoError(t, err)
	return req
}

// issue approves the request and writes a certificate for its key into the status.
func (s *testSigner) issue(ctx context.Context, t *testing.T, name string) {
	t.Helper()
	req := s.setCondition(ctx, t, name, certificatesv1.CertificateApproved)
	block, _ := pem.Decode(req.Spec.Request)
	require.NotNil(t, block)
	parsed, err := x509.ParseCertificateRequest(block.Bytes)
	require.NoError(t, err)
	lifetime := time.Hour
	if req.Spec.ExpirationSeconds != nil {
		lifetime = csr.ExpirationSecondsToDuration(*req.Spec.ExpirationSeconds)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      parsed.Subject,
		NotBefore:    time.Now().Add(-time.Minute),
		NotAfter:     time.Now().Add(lifetime),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, s.caCert, parsed.PublicKey, s.caKey)
	require.NoError(t, err)
	req.Status.Certificate = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	_, err = s.cs.CertificatesV1().CertificateSigningRequests().UpdateStatus(ctx, req, metav1.UpdateOptions{})
	require.NoError(t, err)
}

func TestIntegrationRequestAndWait(t *testing.T) {
	c := testcluster.Get(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cs, err := kubernetes.NewForConfig(&rest.Config{
		Host:            c.Host,
		TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData},
	})
	require.NoError(t, err)
	signer := newTestSigner(t, cs)
	suffix := fmt.Sprint(time.Now().UnixNano() % 1e6)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	request, err := certutil.MakeCSR(key, &pkix.Name{CommonName: "kclient-csr-test", Organization: []string{"kclient"}}, nil, nil)
	require.NoError(t, err)
	cleanup := func(name string) {
		t.Cleanup(func() {
			_ = cs.CertificatesV1().CertificateSigningRequests().Delete(context.Background(), name, metav1.DeleteOptions{})
		})
	}

	t.Run("issued", func(t *testing.T) {
		name := "kclient-issued-" + suffix
		cleanup(name)
		lifetime := 2 * time.Hour
		reqName, uid, err := csr.RequestCertificateWithContext(ctx, cs, request, name, signerName, &lifetime, clientUsages, key)
		require.NoError(t, err)
		assert.Equal(t, name, reqName)
		live, err := cs.CertificatesV1().CertificateSigningRequests().Get(ctx, name, metav1.GetOptions{})
		require.NoError(t, err)
		assert.Equal(t, int32(7200), *live.Spec.ExpirationSeconds)
		assert.Equal(t, signerName, live.Spec.SignerName)

		// A rerun with the same name and key reuses the request.
		again, againUID, err := csr.RequestCertificateWithContext(ctx, cs, request, name, signerName, &lifetime, clientUsages, key)
		require.NoError(t, err)
		assert.Equal(t, reqName, again)
		assert.Equal(t, uid, againUID)

		// Another key cannot take it over.
		otherKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		require.NoError(t, err)
		_, _, err = csr.RequestCertificateWithContext(ctx, cs, request, name, signerName, &lifetime, clientUsages, otherKey)
		require.ErrorContains(t, err, "retrieved csr is not compatible")

		type result struct {
			cert []byte
			err  error
		}
		waited := make(chan result, 1)
		go func() {
			cert, err := csr.WaitForCertificate(ctx, cs, reqName, uid)
			waited <- result{cert, err}
		}()
		time.Sleep(300 * time.Millisecond) // let the wait start watching first
		signer.issue(ctx, t, name)
		r := <-waited
		require.NoError(t, r.err)
		certPEM := r.cert
		certs, err := certutil.ParseCertsPEM(certPEM)
		require.NoError(t, err)
		require.Len(t, certs, 1)
		assert.True(t, key.PublicKey.Equal(certs[0].PublicKey), "issued for our key")
		assert.Equal(t, "kclient-csr-test", certs[0].Subject.CommonName)
		require.NoError(t, certs[0].CheckSignatureFrom(signer.caCert))

		// Once issued, waiting again returns at once from the initial list.
		again2, err := csr.WaitForCertificate(ctx, cs, reqName, uid)
		require.NoError(t, err)
		assert.Equal(t, certPEM, again2)
	})

	t.Run("generated name", func(t *testing.T) {
		reqName, _, err := csr.RequestCertificateWithContext(ctx, cs, request, "", signerName, nil, clientUsages, key)
		require.NoError(t, err)
		cleanup(reqName)
		assert.Regexp(t, `^csr-`, reqName)
	})

	t.Run("denied", func(t *testing.T) {
		name := "kclient-denied-" + suffix
		cleanup(name)
		reqName, uid, err := csr.RequestCertificateWithContext(ctx, cs, request, name, signerName, nil, clientUsages, key)
		require.NoError(t, err)
		signer.setCondition(ctx, t, name, certificatesv1.CertificateDenied)
		_, err = csr.WaitForCertificate(ctx, cs, reqName, uid)
		require.ErrorContains(t, err, "certificate signing request is denied, reason: TestSigner")
	})

	t.Run("wrong UID", func(t *testing.T) {
		name := "kclient-uid-" + suffix
		cleanup(name)
		reqName, _, err := csr.RequestCertificateWithContext(ctx, cs, request, name, signerName, nil, clientUsages, key)
		require.NoError(t, err)
		_, err = csr.WaitForCertificate(ctx, cs, reqName, "not-the-uid")
		require.ErrorContains(t, err, "changed UIDs")
	})

	t.Run("deleted while waiting", func(t *testing.T) {
		name := "kclient-deleted-" + suffix
		reqName, uid, err := csr.RequestCertificateWithContext(ctx, cs, request, name, signerName, nil, clientUsages, key)
		require.NoError(t, err)
		go func() {
			time.Sleep(300 * time.Millisecond)
			_ = cs.CertificatesV1().CertificateSigningRequests().Delete(ctx, name, metav1.DeleteOptions{})
		}()
		_, err = csr.WaitForCertificate(ctx, cs, reqName, uid)
		require.ErrorContains(t, err, "was deleted")
	})

	t.Run("context ends while pending", func(t *testing.T) {
		name := "kclient-pending-" + suffix
		cleanup(name)
		reqName, uid, err := csr.RequestCertificateWithContext(ctx, cs, request, name, signerName, nil, clientUsages, key)
		require.NoError(t, err)
		short, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
		defer cancel()
		_, err = csr.WaitForCertificate(short, cs, reqName, uid)
		require.Error(t, err)
		assert.True(t, wait.Interrupted(err), "got %v", err)
	})

	t.Run("invalid request is rejected by the server", func(t *testing.T) {
		_, _, err := csr.RequestCertificateWithContext(ctx, cs, []byte("not a csr"), "kclient-invalid-"+suffix, signerName, nil, clientUsages, key)
		require.ErrorContains(t, err, "cannot create certificate signing request")
	})
}
