package csr

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	certificatesv1 "k8s.io/api/certificates/v1"
	certificatesv1beta1 "k8s.io/api/certificates/v1beta1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"

	certutil "github.com/kclient/kclient/util/cert"
)

func newKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	return k
}

func makeCSR(t *testing.T, key *ecdsa.PrivateKey, cn string) []byte {
	t.Helper()
	der, err := certutil.MakeCSR(key, &pkix.Name{CommonName: cn}, nil, nil)
	require.NoError(t, err)
	return der
}

// selfSigned returns a PEM certificate for key valid until notAfter.
func selfSigned(t *testing.T, key *ecdsa.PrivateKey, notAfter time.Time) []byte {
	t.Helper()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "x"}, NotBefore: notAfter.Add(-2 * time.Hour), NotAfter: notAfter}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	require.NoError(t, err)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func TestDurationConversions(t *testing.T) {
	tests := []struct {
		d    time.Duration
		secs int32
	}{
		{time.Hour, 3600},
		{90*time.Second + 999*time.Millisecond, 90},
		{0, 0},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.secs, *DurationToExpirationSeconds(tt.d))
		assert.Equal(t, time.Duration(tt.secs)*time.Second, ExpirationSecondsToDuration(tt.secs))
	}
}

func TestEnsureCompatible(t *testing.T) {
	key, otherKey := newKey(t), newKey(t)
	req := func(csr []byte, signer string, cert []byte) *certificatesv1.CertificateSigningRequest {
		return &certificatesv1.CertificateSigningRequest{
			Spec:   certificatesv1.CertificateSigningRequestSpec{Request: csr, SignerName: signer},
			Status: certificatesv1.CertificateSigningRequestStatus{Certificate: cert},
		}
	}
	mine := makeCSR(t, key, "node-a")
	tests := []struct {
		name     string
		existing *certificatesv1.CertificateSigningRequest
		key      interface{}
		wantErr  string
	}{
		{name: "same request", existing: req(mine, "example.com/s", nil), key: key},
		{name: "signer unknown on one side", existing: req(mine, "", nil), key: key},
		{name: "valid certificate issued", existing: req(mine, "example.com/s", selfSigned(t, key, time.Now().Add(time.Hour))), key: key},
		{name: "other subject", existing: req(makeCSR(t, key, "node-b"), "example.com/s", nil), key: key, wantErr: "csr subjects differ"},
		{name: "other signer", existing: req(mine, "example.com/other", nil), key: key, wantErr: "csr signerNames differ"},
		{name: "other key", existing: req(makeCSR(t, otherKey, "node-a"), "example.com/s", nil), key: key, wantErr: "against old key"},
		{name: "not a signer", existing: req(mine, "example.com/s", nil), key: "secret", wantErr: "privateKey is not a signer"},
		{name: "expired certificate", existing: req(mine, "example.com/s", selfSigned(t, key, time.Now().Add(-time.Hour))), key: key, wantErr: "has expired"},
		{name: "garbage certificate", existing: req(mine, "example.com/s", []byte("junk")), key: key, wantErr: "error parsing signed certificate"},
		{name: "garbage request", existing: req([]byte("junk"), "example.com/s", nil), key: key, wantErr: "unable to parse new csr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ensureCompatible(tt.existing, req(mine, "example.com/s", nil), tt.key)
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tt.wantErr)
			assert.NotContains(t, err.Error(), "secret", "the key never appears in errors")
		})
	}
}

func TestIssuedCertificate(t *testing.T) {
	cond := func(ty certificatesv1.RequestConditionType) certificatesv1.CertificateSigningRequestCondition {
		return certificatesv1.CertificateSigningRequestCondition{Type: ty, Reason: "R", Message: "M"}
	}
	tests := []struct {
		name    string
		conds   []certificatesv1.CertificateSigningRequestCondition
		cert    string
		want    string
		wantErr string
	}{
		{name: "pending"},
		{name: "approved, not signed", conds: []certificatesv1.CertificateSigningRequestCondition{cond(certificatesv1.CertificateApproved)}},
		{name: "signed but not approved", cert: "C"},
		{name: "issued", conds: []certificatesv1.CertificateSigningRequestCondition{cond(certificatesv1.CertificateApproved)}, cert: "C", want: "C"},
		{name: "denied", conds: []certificatesv1.CertificateSigningRequestCondition{cond(certificatesv1.CertificateDenied)}, wantErr: "denied, reason: R, message: M"},
		{name: "failed after approval", conds: []certificatesv1.CertificateSigningRequestCondition{cond(certificatesv1.CertificateApproved), cond(certificatesv1.CertificateFailed)}, cert: "C", wantErr: "failed, reason: R"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := issuedCertificate(&certificatesv1.CertificateSigningRequest{Status: certificatesv1.CertificateSigningRequestStatus{Conditions: tt.conds, Certificate: []byte(tt.cert)}})
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
		})
	}
}

func TestV1beta1RoundTrip(t *testing.T) {
	in := &certificatesv1.CertificateSigningRequest{Spec: certificatesv1.CertificateSigningRequestSpec{
		Request: []byte("r"), SignerName: "example.com/s", Usages: []certificatesv1.KeyUsage{certificatesv1.UsageClientAuth},
	}}
	in.Name = "n"
	old := toV1beta1(in)
	old.Status.Conditions = []certificatesv1beta1.CertificateSigningRequestCondition{{Type: certificatesv1beta1.CertificateApproved}}
	old.Status.Certificate = []byte("c")
	back := fromV1beta1(old)
	assert.Equal(t, in.Spec, back.Spec)
	assert.Equal(t, "n", back.Name)
	assert.Equal(t, certificatesv1.CertificateApproved, back.Status.Conditions[0].Type)
	assert.Equal(t, []byte("c"), back.Status.Certificate)
}

func TestWithMessage(t *testing.T) {
	nf := apierrors.NewNotFound(schema.GroupResource{Group: "certificates.k8s.io", Resource: "certificatesigningrequests"}, "x")
	err := withMessage(nf, "cannot retrieve certificate signing request")
	assert.True(t, apierrors.IsNotFound(err))
	assert.Equal(t, `cannot retrieve certificate signing request: certificatesigningrequests.certificates.k8s.io "x" not found`, err.Error())

	plain := errors.New("boom")
	err = withMessage(plain, "ctx")
	assert.ErrorIs(t, err, plain)
	assert.Equal(t, "ctx: boom", err.Error())
}
