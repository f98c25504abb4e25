// Package certificate keeps a client or serving certificate fresh: a Manager
// holds the current certificate and key, requests a new one from the
// cluster's certificates.k8s.io API well before the current one expires
// (or at once, when it starts from a bootstrap pair or nothing), and
// persists each new pair in a Store. It is the machinery behind kubelet
// certificate rotation.
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
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"time"

	certificates "k8s.io/api/certificates/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/klog/v2"

	clientset "github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/util/cert"
	"github.com/kclient/kclient/util/certificate/csr"
	"github.com/kclient/kclient/util/keyutil"
)

// Key usages requested by the kubelet helpers below. RSA keys also get key
// encipherment; other key types cannot use it.
var (
	servingUsagesRSA   = []certificates.KeyUsage{certificates.UsageDigitalSignature, certificates.UsageKeyEncipherment, certificates.UsageServerAuth}
	servingUsagesOther = []certificates.KeyUsage{certificates.UsageDigitalSignature, certificates.UsageServerAuth}
	clientUsagesRSA    = []certificates.KeyUsage{certificates.UsageDigitalSignature, certificates.UsageKeyEncipherment, certificates.UsageClientAuth}
	clientUsagesOther  = []certificates.KeyUsage{certificates.UsageDigitalSignature, certificates.UsageClientAuth}
)

var (
	// DefaultKubeletServingGetUsages returns the usages of a kubelet serving
	// certificate for privateKey: digital signature and server auth, plus
	// key encipherment for an *rsa.PrivateKey.
	DefaultKubeletServingGetUsages = func(privateKey interface{}) []certificates.KeyUsage {
		if _, isRSA := privateKey.(*rsa.PrivateKey); isRSA {
			return servingUsagesRSA
		}
		return servingUsagesOther
	}
	// DefaultKubeletClientGetUsages returns the usages of a kubelet client
	// certificate for privateKey: digital signature and client auth, plus key
	// encipherment for an *rsa.PrivateKey.
	DefaultKubeletClientGetUsages = func(privateKey interface{}) []certificates.KeyUsage {
		if _, isRSA := privateKey.(*rsa.PrivateKey); isRSA {
			return clientUsagesRSA
		}
		return clientUsagesOther
	}
)

// Timing of rotation; variables so tests can shorten them.
var (
	// certificateWaitTimeout bounds the wait for a signer to issue one request.
	certificateWaitTimeout = 15 * time.Minute
	// rotationBackoff paces the first retries of a failed rotation;
	// afterwards it is retried every rotationRetryInterval.
	rotationBackoff       = wait.Backoff{Duration: 2 * time.Second, Factor: 2, Jitter: 0.1, Steps: 5}
	rotationRetryInterval = 32 * time.Second
	// templateCheckInterval is how often a GetTemplate is polled for changes.
	templateCheckInterval = time.Second
)

// Manager holds the current certificate and, once started, replaces it
// before it expires. Its methods are safe for concurrent use.
type Manager interface {
	// Start begins rotating in the background; it returns at once. Without
	// a ClientsetFn nothing is started.
	Start()
	// Stop ends rotation, including a request that is being waited for.
	Stop()
	// Current returns the current certificate (with Leaf set and the key in
	// PrivateKey), or nil if there is none or it has expired. Callers must
	// not modify it.
	Current() *tls.Certificate
	// ServerHealthy reports whether the last exchange with the apiserver
	// suggests it is reachable: true after a certificate was issued or the
	// server refused a request (401, 403, 404), false after a server error.
	ServerHealthy() bool
}

// ClientsetFunc returns the clientset to request certificates with. It gets
// the current certificate, or nil when there is no valid one (then the
// clientset must authenticate some other way, for example with a bootstrap
// token). It is never called concurrently.
type ClientsetFunc func(current *tls.Certificate) (clientset.Interface, error)

// Gauge receives the remaining lifetime of the certificate.
type Gauge interface {
	Set(float64)
}

// Histogram receives how long, in seconds, each replaced certificate was in use.
type Histogram interface {
	Observe(float64)
}

// Counter counts failed renewals.
type Counter interface {
	Inc()
}

// Config configures NewManager.
type Config struct {
	// ClientsetFn supplies the clientset for certificate requests. Without
	// it the manager only serves what the store holds and never rotates.
	ClientsetFn ClientsetFunc
	// Template is the certificate request (subject, DNS names, IP
	// addresses...) for every new key, as for x509.CreateCertificateRequest.
	Template *x509.CertificateRequest
	// GetTemplate, if set, is used instead of Template and polled for
	// changes: when the current certificate no longer matches what it
	// returns, a new certificate is requested at once. Returning nil means
	// no certificate should be requested for now.
	GetTemplate func() *x509.CertificateRequest
	// SignerName is the signer asked to sign requests.
	SignerName string
	// RequestedCertificateLifetime, if set, is sent as spec.expirationSeconds;
	// the signer may ignore it.
	RequestedCertificateLifetime *time.Duration
	// Usages are the key usages to request. Exactly one of Usages and
	// GetUsages must be set.
	Usages []certificates.KeyUsage
	// GetUsages returns the key usages to request for a given private key.
	GetUsages func(privateKey interface{}) []certificates.KeyUsage
	// CertificateStore holds the current pair and receives each new one.
	CertificateStore Store
	// BootstrapCertificatePEM and BootstrapKeyPEM are used when the store
	// has no valid pair: they are written to the store, served by Current,
	// and replaced by a certificate of the manager's own as soon as it
	// starts. Ignored when the store has a valid pair.
	BootstrapCertificatePEM []byte
	// BootstrapKeyPEM is the private key belonging to BootstrapCertificatePEM.
	BootstrapKeyPEM []byte `datapolicy:"security-key"`
	// CertificateRotation, if set, observes the age in seconds of each
	// certificate when it is replaced.
	CertificateRotation Histogram
	// CertificateRenewFailure, if set, is incremented on every failed
	// rotation attempt.
	CertificateRenewFailure Counter
	// GenerateKey makes the private key for each request; the default is
	// ECDSA P-256. Only *ecdsa.PrivateKey (256 bits or more) and
	// *rsa.PrivateKey (2048 bits or more) are accepted.
	GenerateKey func() (crypto.Signer, error)
	// Name identifies the manager in logs and errors. The default is
	// SignerName, or "client auth" if the usages include client auth, or
	// "certificate".
	Name string
	// Ctx, if set, stops the manager when it is cancelled, and its logger
	// (klog.FromContext) is used instead of klog.Background().
	Ctx *context.Context
}

type manager struct {
	clientsetFn       ClientsetFunc
	getTemplate       func() *x509.CertificateRequest
	dynamicTemplate   bool
	signerName        string
	requestedLifetime *time.Duration
	getUsages         func(privateKey interface{}) []certificates.KeyUsage
	generateKey       func() (crypto.Signer, error)
	store             Store
	rotationMetric    Histogram
	failureMetric     Counter
	now               func() time.Time

	ctx    context.Context // carries the logger; cancelled by Stop
	cancel context.CancelCauseFunc

	mu            sync.RWMutex // guards cert, healthy, forceRotation
	cert          *tls.Certificate
	healthy       bool
	forceRotation bool

	clientMu sync.Mutex // serializes clientsetFn

	pendingMu       sync.Mutex // guards the request being waited for
	pendingCancel   context.CancelFunc
	pendingTemplate *x509.CertificateRequest
}

// NewManager validates config and loads the current pair from the store
// (or the bootstrap pair). It fails if the usages are set both or neither
// way, the store fails with anything but NoCertKeyError, or the bootstrap
// pair does not parse.
func NewManager(config *Config) (Manager, error) {
	if config == nil {
		return nil, errors.New("certificate manager: nil Config")
	}
	if config.CertificateStore == nil {
		return nil, errors.New("certificate manager: CertificateStore is required")
	}
	getUsages := config.GetUsages
	switch {
	case getUsages != nil && config.Usages != nil:
		return nil, errors.New("cannot specify both GetUsages and Usages")
	case getUsages == nil && config.Usages == nil:
		return nil, errors.New("either GetUsages or Usages should be specified")
	case getUsages == nil:
		usages := config.Usages
		getUsages = func(interface{}) []certificates.KeyUsage { return usages }
	}
	getTemplate := config.GetTemplate
	if getTemplate == nil {
		template := config.Template
		getTemplate = func() *x509.CertificateRequest { return template }
	}

	name := config.Name
	if name == "" {
		name = config.SignerName
	}
	if name == "" {
		name = "certificate"
		if slices.Contains(getUsages(nil), certificates.UsageClientAuth) {
			name = string(certificates.UsageClientAuth)
		}
	}
	parentCtx := context.Background()
	if config.Ctx != nil {
		parentCtx = *config.Ctx
	}
	logger := klog.LoggerWithName(klog.FromContext(parentCtx), name)

	current, force, err := loadOrBootstrap(logger, config.CertificateStore, config.BootstrapCertificatePEM, config.BootstrapKeyPEM)
	if err != nil {
		return nil, err
	}
	m := &manager{
		signerName:        config.SignerName,
		requestedLifetime: config.RequestedCertificateLifetime,
		clientsetFn:       config.ClientsetFn,
		dynamicTemplate:   config.GetTemplate != nil,
		getTemplate:       getTemplate,
		getUsages:         getUsages,
		generateKey:       config.GenerateKey,
		store:             config.CertificateStore,
		rotationMetric:    config.CertificateRotation,
		failureMetric:     config.CertificateRenewFailure,
		now:               time.Now,
		cert:              current,
		forceRotation:     force,
	}
	base, cancel := context.WithCancelCause(context.Background())
	m.ctx, m.cancel = klog.NewContext(base, logger), cancel
	if config.Ctx != nil {
		if parent := *config.Ctx; parent.Done() != nil {
			stop := context.AfterFunc(parent, m.Stop)
			context.AfterFunc(base, func() { stop() })
		}
	}
	return m, nil
}

// loadOrBootstrap returns the store's pair if it is still valid, else the
// bootstrap pair (also written to the store), else nothing. force says the
// manager must request a certificate as soon as it starts.
func loadOrBootstrap(logger klog.Logger, store Store, certPEM, keyPEM []byte) (pair *tls.Certificate, force bool, err error) {
	current, err := store.Current()
	var noPair *NoCertKeyError
	switch {
	case err == nil:
		if current.Leaf != nil && time.Now().Before(current.Leaf.NotAfter) {
			return current, false, nil
		}
	case !errors.As(err, &noPair):
		return nil, false, err
	}
	if certPEM == nil || keyPEM == nil {
		return nil, true, nil
	}
	boot, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, false, err
	}
	if len(boot.Certificate) == 0 {
		return nil, false, errors.New("no cert/key data found")
	}
	if boot.Leaf, err = x509.ParseCertificate(boot.Certificate[0]); err != nil {
		return nil, false, fmt.Errorf("unable to parse certificate data: %w", err)
	}
	if _, err := store.Update(certPEM, keyPEM); err != nil {
		utilruntime.HandleErrorWithLogger(logger, err, "Unable to set the cert/key pair to the bootstrap certificate")
	}
	return &boot, true, nil
}

func (m *manager) Current() *tls.Certificate {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.cert != nil && m.cert.Leaf != nil && m.now().After(m.cert.Leaf.NotAfter) {
		klog.FromContext(m.ctx).V(2).Info("Current certificate is expired")
		return nil
	}
	return m.cert
}

func (m *manager) ServerHealthy() bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.healthy
}

func (m *manager) Stop() { m.cancel(errors.New("asked to stop")) }

func (m *manager) Start() { go m.run() }

// run drives rotation until Stop: sleep until the rotation deadline (or a
// template change), rotate with retries, repeat.
func (m *manager) run() {
	if m.clientsetFn == nil {
		klog.FromContext(m.ctx).V(2).Info("No ClientsetFn: certificate rotation is disabled")
		return
	}
	klog.FromContext(m.ctx).V(2).Info("Certificate rotation enabled")

	templateChanged := make(chan struct{})
	var wg sync.WaitGroup
	defer wg.Wait()
	if m.dynamicTemplate {
		wg.Go(func() {
			wait.UntilWithContext(m.ctx, func(ctx context.Context) { m.watchTemplate(ctx, templateChanged) }, templateCheckInterval)
		})
	}
	wait.UntilWithContext(m.ctx, func(ctx context.Context) { m.rotateWhenDue(ctx, templateChanged) }, time.Second)
}

// rotateWhenDue waits for the next deadline and then rotates, retrying
// until it succeeds or ctx ends.
func (m *manager) rotateWhenDue(ctx context.Context, templateChanged <-chan struct{}) {
	logger := klog.FromContext(ctx)
	if sleep := m.nextRotationDeadline(logger).Sub(m.now()); sleep > 0 {
		logger.V(2).Info("Waiting for next certificate rotation", "sleep", sleep)
		timer := time.NewTimer(sleep)
		defer timer.Stop()
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-templateChanged:
			if _, last := m.pending(); reflect.DeepEqual(last, m.getTemplate()) {
				return
			}
			logger.V(2).Info("Certificate template changed, rotating")
		}
	}
	if m.getTemplate() == nil {
		return
	}
	if err := wait.ExponentialBackoffWithContext(ctx, rotationBackoff, m.rotateCerts); err != nil {
		utilruntime.HandleErrorWithContext(ctx, err, "Reached backoff limit, still unable to rotate certs")
		_ = wait.PollUntilContextCancel(ctx, rotationRetryInterval, false, m.rotateCerts)
	}
}

// watchTemplate signals templateChanged (abandoning a request in flight)
// when the current certificate no longer matches the template and no
// request for the new template is under way.
func (m *manager) watchTemplate(ctx context.Context, templateChanged chan<- struct{}) {
	cancelPending, last := m.pending()
	if m.certSatisfiesTemplate(klog.FromContext(ctx)) || reflect.DeepEqual(last, m.getTemplate()) {
		return
	}
	if cancelPending != nil {
		cancelPending()
	}
	select {
	case templateChanged <- struct{}{}:
	case <-ctx.Done():
	}
}

// nextRotationDeadline is now when rotation is forced or the certificate
// does not match the template, otherwise a random point between 70% and 90%
// of the certificate's lifetime.
func (m *manager) nextRotationDeadline(logger klog.Logger) time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.forceRotation {
		m.forceRotation = false
		return m.now()
	}
	if !m.satisfiesLocked(logger) {
		return m.now()
	}
	leaf := m.cert.Leaf
	deadline := leaf.NotBefore.Add(jitteryDuration(float64(leaf.NotAfter.Sub(leaf.NotBefore))))
	logger.V(2).Info("Certificate rotation deadline determined", "expiration", leaf.NotAfter, "deadline", deadline)
	return deadline
}

// jitteryDuration maps a lifetime to a rotation offset in [70%, 90%) of it.
var jitteryDuration = func(totalDuration float64) time.Duration {
	return wait.Jitter(time.Duration(totalDuration), 0.2) - time.Duration(totalDuration*0.3)
}

func (m *manager) certSatisfiesTemplate(logger klog.Logger) bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.satisfiesLocked(logger)
}

// satisfiesLocked reports whether the current certificate has the
// template's common name and at least its DNS names, IP addresses and
// organizations.
func (m *manager) satisfiesLocked(logger klog.Logger) bool {
	if m.cert == nil || m.cert.Leaf == nil {
		return false
	}
	tmpl := m.getTemplate()
	if tmpl == nil {
		return true
	}
	leaf := m.cert.Leaf
	if tmpl.Subject.CommonName != leaf.Subject.CommonName {
		logger.V(2).Info("Current certificate CN does not match requested CN", "currentName", leaf.Subject.CommonName, "requestedName", tmpl.Subject.CommonName)
		return false
	}
	if missing := missingFrom(leaf.DNSNames, tmpl.DNSNames); len(missing) > 0 {
		logger.V(2).Info("Current certificate is missing requested DNS names", "dnsNames", missing)
		return false
	}
	var have, want []string
	for _, ip := range leaf.IPAddresses {
		have = append(have, ip.String())
	}
	for _, ip := range tmpl.IPAddresses {
		want = append(want, ip.String())
	}
	if missing := missingFrom(have, want); len(missing) > 0 {
		logger.V(2).Info("Current certificate is missing requested IP addresses", "IPs", missing)
		return false
	}
	if missing := missingFrom(leaf.Subject.Organization, tmpl.Subject.Organization); len(missing) > 0 {
		logger.V(2).Info("Current certificate is missing requested orgs", "orgs", missing)
		return false
	}
	return true
}

// missingFrom returns the sorted, distinct elements of want not in have.
func missingFrom(have, want []string) []string {
	var missing []string
	for _, w := range want {
		if !slices.Contains(have, w) && !slices.Contains(missing, w) {
			missing = append(missing, w)
		}
	}
	slices.Sort(missing)
	return missing
}

// rotateCerts makes one attempt: new key, request, wait, store. It returns
// (true, nil) on success and (false, nil) to be retried; failures are
// logged and counted.
func (m *manager) rotateCerts(ctx context.Context) (bool, error) {
	logger := klog.FromContext(ctx)
	logger.V(2).Info("Rotating certificates")
	fail := func(err error, msg string) (bool, error) {
		utilruntime.HandleErrorWithContext(ctx, err, msg)
		if m.failureMetric != nil {
			m.failureMetric.Inc()
		}
		return false, nil
	}

	template, csrPEM, keyPEM, key, err := m.newRequest()
	if err != nil {
		return fail(err, "Unable to generate a certificate signing request")
	}
	client, err := m.clientset()
	if err != nil {
		return fail(err, "Unable to load a client to request certificates")
	}
	name, uid, err := csr.RequestCertificateWithContext(ctx, client, csrPEM, "", m.signerName, m.requestedLifetime, m.getUsages(key), key)
	if err != nil {
		m.recordServerError(err)
		return fail(err, "Failed while requesting a signed certificate from the control plane")
	}

	waitCtx, cancel := context.WithTimeout(ctx, certificateWaitTimeout)
	defer cancel()
	m.setPending(cancel, template)
	certPEM, err := csr.WaitForCertificate(waitCtx, client, name, uid)
	if err != nil {
		return fail(err, "Certificate request was not signed")
	}
	pair, err := m.store.Update(certPEM, keyPEM)
	if err != nil {
		return fail(err, "Unable to store the new cert/key pair")
	}

	m.mu.Lock()
	old := m.cert
	m.cert, m.healthy = pair, true
	m.mu.Unlock()
	if old != nil && old.Leaf != nil && m.rotationMetric != nil {
		m.rotationMetric.Observe(m.now().Sub(old.Leaf.NotBefore).Seconds())
	}
	return true, nil
}

func (m *manager) clientset() (clientset.Interface, error) {
	current := m.Current()
	m.clientMu.Lock()
	defer m.clientMu.Unlock()
	return m.clientsetFn(current)
}

// recordServerError updates ServerHealthy from a failed request.
func (m *manager) recordServerError(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case apierrors.IsUnauthorized(err):
		m.healthy = true
	case apierrors.IsUnexpectedServerError(err):
		m.healthy = false
	default:
		m.healthy = apierrors.IsNotFound(err) || apierrors.IsForbidden(err)
	}
}

// newRequest generates a key and a CSR for the current template.
func (m *manager) newRequest() (template *x509.CertificateRequest, csrPEM, keyPEM []byte, key crypto.Signer, err error) {
	gen := m.generateKey
	if gen == nil {
		gen = generateECDSAKey
	}
	if key, err = gen(); err != nil {
		return nil, nil, nil, nil, fmt.Errorf("unable to generate a new private key: %w", err)
	}
	if err := checkKeyStrength(key); err != nil {
		return nil, nil, nil, nil, fmt.Errorf("the new key is insecure: %w", err)
	}
	if keyPEM, err = keyutil.MarshalPrivateKeyToPEM(key); err != nil {
		return nil, nil, nil, nil, fmt.Errorf("unable to marshal the new key to PEM: %w", err)
	}
	if template = m.getTemplate(); template == nil {
		return nil, nil, nil, nil, errors.New("unable to create a csr, no template available")
	}
	if csrPEM, err = cert.MakeCSRFromTemplate(key, template); err != nil {
		return nil, nil, nil, nil, fmt.Errorf("unable to create a csr from the private key: %w", err)
	}
	return template, csrPEM, keyPEM, key, nil
}

func generateECDSAKey() (crypto.Signer, error) {
	return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
}

func (m *manager) pending() (context.CancelFunc, *x509.CertificateRequest) {
	m.pendingMu.Lock()
	defer m.pendingMu.Unlock()
	return m.pendingCancel, m.pendingTemplate
}

func (m *manager) setPending(cancel context.CancelFunc, template *x509.CertificateRequest) {
	m.pendingMu.Lock()
	defer m.pendingMu.Unlock()
	m.pendingCancel, m.pendingTemplate = cancel, template
}

// checkKeyStrength rejects RSA keys under 2048 bits and ECDSA curves under
// 256 bits.
func checkKeyStrength(key crypto.Signer) error {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		if bits := k.N.BitLen(); bits < 2048 {
			return fmt.Errorf("RSA key size %d bits is below the minimum of 2048", bits)
		}
	case *ecdsa.PrivateKey:
		if p := k.Curve.Params(); p.BitSize < 256 {
			return fmt.Errorf("ECDSA key curve %s (%d bits) is below the minimum of 256", p.Name, p.BitSize)
		}
	}
	return nil
}
