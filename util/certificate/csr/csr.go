// Package csr requests X.509 certificates from a cluster through the
// certificates.k8s.io API: it submits a CertificateSigningRequest and waits
// until a signer has approved it and issued the certificate. It uses
// certificates.k8s.io/v1 and falls back to v1beta1 for servers older than
// Kubernetes 1.19.
package csr

import (
	"context"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"reflect"
	"time"

	certificatesv1 "k8s.io/api/certificates/v1"
	certificatesv1beta1 "k8s.io/api/certificates/v1beta1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/klog/v2"

	clientset "github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/tools/cache"
	watchtools "github.com/kclient/kclient/tools/watch"
	certutil "github.com/kclient/kclient/util/cert"
)

// legacyUnknownSigner is the signer v1 does not accept; requests for it go
// to v1beta1.
const legacyUnknownSigner = "kubernetes.io/legacy-unknown"

// RequestCertificate is RequestCertificateWithContext without a context.
//
// Deprecated: call RequestCertificateWithContext, which takes a context.
func RequestCertificate(client clientset.Interface, csrData []byte, name, signerName string, requestedDuration *time.Duration, usages []certificatesv1.KeyUsage, privateKey interface{}) (reqName string, reqUID types.UID, err error) {
	return RequestCertificateWithContext(context.Background(), client, csrData, name, signerName, requestedDuration, usages, privateKey)
}

// RequestCertificateWithContext submits csrData (a PEM "CERTIFICATE
// REQUEST") for signerName with the given key usages and returns the name
// and UID to pass to WaitForCertificate. An empty name lets the server pick
// one with the prefix "csr-". requestedDuration, if set, becomes
// spec.expirationSeconds; signers may ignore it.
//
// If a request with the given name already exists (a previous run of the
// process did not finish), it is reused provided it asks for the same
// subject and signer, was signed by privateKey (a crypto.Signer), and any
// certificate already issued for it has not expired; otherwise an error
// explains the mismatch. API errors keep their type, so apierrors.IsX works
// on the result.
func RequestCertificateWithContext(ctx context.Context, client clientset.Interface, csrData []byte, name, signerName string, requestedDuration *time.Duration, usages []certificatesv1.KeyUsage, privateKey interface{}) (reqName string, reqUID types.UID, err error) {
	logger := klog.FromContext(ctx)
	spec := certificatesv1.CertificateSigningRequestSpec{SignerName: signerName, Request: csrData, Usages: usages}
	want := &certificatesv1.CertificateSigningRequest{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: spec}
	want.Kind = "CertificateSigningRequest"
	if name == "" {
		want.GenerateName = "csr-"
	}
	if requestedDuration != nil {
		want.Spec.ExpirationSeconds = DurationToExpirationSeconds(*requestedDuration)
	}

	created, err := create(ctx, client, want)
	if err == nil {
		logger.V(2).Info("Certificate signing request created", "csr", created.Name)
		return created.Name, created.UID, nil
	}
	if name == "" || !apierrors.IsAlreadyExists(err) {
		return "", "", withMessage(err, "cannot create certificate signing request")
	}

	logger.Info("Certificate signing request already exists, checking whether it can be reused", "csr", name)
	existing, err := get(ctx, client, name)
	if err != nil {
		return "", "", withMessage(err, "cannot retrieve certificate signing request")
	}
	if err := ensureCompatible(existing, want, privateKey); err != nil {
		return "", "", fmt.Errorf("retrieved csr is not compatible: %w", err)
	}
	logger.Info("Reusing the existing certificate signing request", "csr", name)
	return existing.Name, existing.UID, nil
}

// DurationToExpirationSeconds converts a certificate lifetime to the value
// of spec.expirationSeconds, truncating to whole seconds.
func DurationToExpirationSeconds(duration time.Duration) *int32 {
	s := int32(duration / time.Second)
	return &s
}

// ExpirationSecondsToDuration converts spec.expirationSeconds to a duration.
func ExpirationSecondsToDuration(expirationSeconds int32) time.Duration {
	return time.Duration(expirationSeconds) * time.Second
}

// create submits the request through v1 when v1 can express it, otherwise
// (or when the server does not serve v1) through v1beta1. The result is
// always returned in its v1 form.
func create(ctx context.Context, client clientset.Interface, req *certificatesv1.CertificateSigningRequest) (*certificatesv1.CertificateSigningRequest, error) {
	if len(req.Spec.Usages) > 0 && req.Spec.SignerName != "" && req.Spec.SignerName != legacyUnknownSigner {
		out, err := client.CertificatesV1().CertificateSigningRequests().Create(ctx, req, metav1.CreateOptions{})
		if err == nil || !apierrors.IsNotFound(err) {
			return out, err
		}
	}
	out, err := client.CertificatesV1beta1().CertificateSigningRequests().Create(ctx, toV1beta1(req), metav1.CreateOptions{})
	if err != nil {
		return nil, err
	}
	return fromV1beta1(out), nil
}

// get reads the request through v1, or v1beta1 when v1 is not served.
func get(ctx context.Context, client clientset.Interface, name string) (*certificatesv1.CertificateSigningRequest, error) {
	out, err := client.CertificatesV1().CertificateSigningRequests().Get(ctx, name, metav1.GetOptions{})
	if err == nil || !apierrors.IsNotFound(err) {
		return out, err
	}
	old, err := client.CertificatesV1beta1().CertificateSigningRequests().Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	return fromV1beta1(old), nil
}

func toV1beta1(in *certificatesv1.CertificateSigningRequest) *certificatesv1beta1.CertificateSigningRequest {
	signer := in.Spec.SignerName
	out := &certificatesv1beta1.CertificateSigningRequest{
		ObjectMeta: in.ObjectMeta,
		Spec: certificatesv1beta1.CertificateSigningRequestSpec{
			SignerName: &signer,
			Request:    in.Spec.Request,
		},
	}
	for _, u := range in.Spec.Usages {
		out.Spec.Usages = append(out.Spec.Usages, certificatesv1beta1.KeyUsage(u))
	}
	return out
}

// fromV1beta1 converts the fields this package reads: metadata, request,
// signer, usages, conditions and the issued certificate.
func fromV1beta1(in *certificatesv1beta1.CertificateSigningRequest) *certificatesv1.CertificateSigningRequest {
	out := &certificatesv1.CertificateSigningRequest{
		ObjectMeta: in.ObjectMeta,
		Spec:       certificatesv1.CertificateSigningRequestSpec{Request: in.Spec.Request},
		Status:     certificatesv1.CertificateSigningRequestStatus{Certificate: in.Status.Certificate},
	}
	if in.Spec.SignerName != nil {
		out.Spec.SignerName = *in.Spec.SignerName
	}
	for _, u := range in.Spec.Usages {
		out.Spec.Usages = append(out.Spec.Usages, certificatesv1.KeyUsage(u))
	}
	for _, c := range in.Status.Conditions {
		out.Status.Conditions = append(out.Status.Conditions, certificatesv1.CertificateSigningRequestCondition{
			Type: certificatesv1.RequestConditionType(c.Type), Reason: c.Reason, Message: c.Message,
		})
	}
	return out
}

// WaitForCertificate watches the request reqName until a signer has
// approved it and issued a certificate, and returns the PEM certificate
// chain. It fails when the request is denied, fails, is deleted, or is
// replaced by one with another UID. When ctx ends first it returns the
// wait package's interrupted error (wait.Interrupted reports true).
func WaitForCertificate(ctx context.Context, client clientset.Interface, reqName string, reqUID types.UID) (certData []byte, err error) {
	logger := klog.FromContext(ctx)
	lw, objType, err := chooseVersion(ctx, client, reqName)
	if err != nil {
		return nil, err
	}

	var issued []byte
	_, err = watchtools.UntilWithSync(ctx, lw, objType, nil, func(e watch.Event) (bool, error) {
		switch e.Type {
		case watch.Deleted:
			return false, fmt.Errorf("csr %q was deleted", reqName)
		case watch.Added, watch.Modified:
		default:
			return false, nil
		}
		var req *certificatesv1.CertificateSigningRequest
		switch obj := e.Object.(type) {
		case *certificatesv1.CertificateSigningRequest:
			req = obj
		case *certificatesv1beta1.CertificateSigningRequest:
			req = fromV1beta1(obj)
		default:
			return false, fmt.Errorf("unexpected type received: %T", e.Object)
		}
		if req.UID != reqUID {
			return false, fmt.Errorf("csr %q changed UIDs", req.Name)
		}
		cert, err := issuedCertificate(req)
		if err != nil || cert == nil {
			return false, err
		}
		logger.V(2).Info("Certificate signing request is issued", "csr", klog.KObj(req))
		issued = cert
		return true, nil
	})
	if wait.Interrupted(err) {
		return nil, wait.ErrorInterrupted(nil)
	}
	if err != nil {
		return nil, withMessage(err, "cannot watch on the certificate signing request")
	}
	return issued, nil
}

// issuedCertificate returns the certificate once req is approved and
// signed, nil while it is pending, and an error if it was denied or failed.
func issuedCertificate(req *certificatesv1.CertificateSigningRequest) ([]byte, error) {
	approved := false
	for _, c := range req.Status.Conditions {
		switch c.Type {
		case certificatesv1.CertificateDenied:
			return nil, fmt.Errorf("certificate signing request is denied, reason: %v, message: %v", c.Reason, c.Message)
		case certificatesv1.CertificateFailed:
			return nil, fmt.Errorf("certificate signing request failed, reason: %v, message: %v", c.Reason, c.Message)
		case certificatesv1.CertificateApproved:
			approved = true
		}
	}
	if !approved || len(req.Status.Certificate) == 0 {
		return nil, nil
	}
	return req.Status.Certificate, nil
}

// chooseVersion finds which API version serves the request, retrying every
// second until one answers a LIST or ctx ends, and returns a ListerWatcher
// restricted to reqName.
func chooseVersion(ctx context.Context, client clientset.Interface, reqName string) (cache.ListerWatcher, runtime.Object, error) {
	logger := klog.FromContext(ctx)
	selector := fields.OneTermEqualSelector("metadata.name", reqName).String()
	narrow := func(o metav1.ListOptions) metav1.ListOptions {
		o.FieldSelector = selector
		return o
	}
	v1 := client.CertificatesV1().CertificateSigningRequests()
	v1beta1 := client.CertificatesV1beta1().CertificateSigningRequests()
	candidates := []struct {
		version string
		objType runtime.Object
		lw      *cache.ListWatch
	}{
		{"v1", &certificatesv1.CertificateSigningRequest{}, &cache.ListWatch{
			ListFunc:  func(o metav1.ListOptions) (runtime.Object, error) { return v1.List(ctx, narrow(o)) },
			WatchFunc: func(o metav1.ListOptions) (watch.Interface, error) { return v1.Watch(ctx, narrow(o)) },
		}},
		{"v1beta1", &certificatesv1beta1.CertificateSigningRequest{}, &cache.ListWatch{
			ListFunc:  func(o metav1.ListOptions) (runtime.Object, error) { return v1beta1.List(ctx, narrow(o)) },
			WatchFunc: func(o metav1.ListOptions) (watch.Interface, error) { return v1beta1.Watch(ctx, narrow(o)) },
		}},
	}
	for {
		for _, c := range candidates {
			if _, err := c.lw.ListFunc(metav1.ListOptions{}); err == nil {
				return cache.ToListWatcherWithWatchListSemantics(c.lw, client), c.objType, nil
			} else {
				logger.V(2).Info("Cannot list certificate signing requests", "version", c.version, "err", err)
			}
			if ctx.Err() != nil {
				return nil, nil, wait.ErrorInterrupted(nil)
			}
		}
		select {
		case <-ctx.Done():
			return nil, nil, wait.ErrorInterrupted(nil)
		case <-time.After(time.Second):
		}
	}
}

// ensureCompatible checks that an existing request can stand in for the one
// we wanted to create.
func ensureCompatible(existing, want *certificatesv1.CertificateSigningRequest, privateKey interface{}) error {
	got, err := parseCSR(existing.Spec.Request)
	if err != nil {
		return fmt.Errorf("unable to parse new csr: %w", err)
	}
	wanted, err := parseCSR(want.Spec.Request)
	if err != nil {
		return fmt.Errorf("unable to parse original csr: %w", err)
	}
	if !reflect.DeepEqual(got.Subject, wanted.Subject) {
		return fmt.Errorf("csr subjects differ: new: %q, orig: %q", got.Subject.String(), wanted.Subject.String())
	}
	if existing.Spec.SignerName != "" && want.Spec.SignerName != "" && existing.Spec.SignerName != want.Spec.SignerName {
		return fmt.Errorf("csr signerNames differ: new %q, orig: %q", existing.Spec.SignerName, want.Spec.SignerName)
	}
	signer, ok := privateKey.(crypto.Signer)
	if !ok {
		return errors.New("privateKey is not a signer")
	}
	// The existing request must have been signed with our key.
	got.PublicKey = signer.Public()
	if err := got.CheckSignature(); err != nil {
		return fmt.Errorf("error validating signature new CSR against old key: %w", err)
	}
	if len(existing.Status.Certificate) == 0 {
		return nil
	}
	certs, err := certutil.ParseCertsPEM(existing.Status.Certificate)
	if err != nil {
		return fmt.Errorf("error parsing signed certificate for CSR: %w", err)
	}
	now := time.Now()
	for _, c := range certs {
		if now.After(c.NotAfter) {
			return fmt.Errorf("one of the certificates for the CSR has expired: %s", c.NotAfter)
		}
	}
	return nil
}

// withMessage prefixes err's message with context. An API status error stays
// a *StatusError (with the prefixed message) so apierrors.IsX still works.
func withMessage(err error, context string) error {
	var status apierrors.APIStatus
	if errors.As(err, &status) {
		s := status.Status()
		s.Message = context + ": " + s.Message
		return &apierrors.StatusError{ErrStatus: s}
	}
	return fmt.Errorf("%s: %w", context, err)
}

func parseCSR(pemData []byte) (*x509.CertificateRequest, error) {
	block, _ := pem.Decode(pemData)
	if block == nil || block.Type != "CERTIFICATE REQUEST" {
		return nil, errors.New("PEM block type must be CERTIFICATE REQUEST")
	}
	return x509.ParseCertificateRequest(block.Bytes)
}
