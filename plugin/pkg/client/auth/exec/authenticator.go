package exec

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/util/sets"

	"github.com/kclient/kclient/pkg/apis/clientauthentication"
	clientauthenticationv1 "github.com/kclient/kclient/pkg/apis/clientauthentication/v1"
	clientauthenticationv1beta1 "github.com/kclient/kclient/pkg/apis/clientauthentication/v1beta1"
	"github.com/kclient/kclient/tools/clientcmd/api"
	"github.com/kclient/kclient/tools/metrics"
	"github.com/kclient/kclient/transport"
	"github.com/kclient/kclient/util/connrotation"
)

// supportedVersions are the ExecCredential API versions a plugin may speak.
var supportedVersions = sets.New(
	clientauthenticationv1.SchemeGroupVersion.String(),
	clientauthenticationv1beta1.SchemeGroupVersion.String(),
)

// Authenticator obtains client credentials by running an external command
// (the exec plugin) and runs it again when they expire or are rejected. The
// command reads and prints ExecCredential objects of the
// client.authentication.k8s.io API group.
//
// An Authenticator is safe for concurrent use. It is shared by every caller of
// GetAuthenticator with an equal configuration and lives for the rest of the
// process.
type Authenticator struct {
	// Fixed by the configuration.
	cmd                 string
	args                []string
	apiVersion          string
	env                 []string
	cluster             *clientauthentication.Cluster
	provideClusterInfo  bool
	installHint         string
	policy              api.PluginPolicy
	interactiveMode     api.ExecInteractiveMode
	stdinUnavailable    bool
	stdinUnavailableMsg string

	// hintLimiter keeps the verbose install hint from flooding logs.
	hintLimiter *rateLimiter

	// Hooks replaced by tests.
	stdin      io.Reader
	stderr     io.Writer
	isTerminal func() bool
	now        func() time.Time
	environ    func() []string

	// connTracker closes the connections that used an old client
	// certificate once the plugin returns a new one.
	connTracker *connrotation.ConnectionTracker
	// getCert and dial are stable pointers so that transport configs built
	// from equal kubeconfigs compare equal and share a TLS cache entry.
	getCert *transport.GetCertHolder
	dial    *transport.DialHolder

	// mu guards everything below.
	mu sync.Mutex
	// creds are the cached credentials; nil when none are usable.
	creds *credentials
	// exp is when creds expire; zero for never.
	exp time.Time
	// last are the most recently obtained credentials, kept after creds is
	// invalidated so a certificate change can be detected.
	last *credentials
	// running is the plugin invocation in progress, if any; concurrent
	// callers wait for it instead of starting another.
	running *invocation
	// allowed caches allowlist entries resolved to absolute paths.
	allowed sets.Set[string]
}

// credentials are what one plugin run produced. Neither field may be logged.
type credentials struct {
	token string           `datapolicy:"token"`
	cert  *tls.Certificate `datapolicy:"secret-key"`
}

// GetAuthenticator returns the Authenticator for an exec plugin configuration.
//
// config must name a supported apiVersion (client.authentication.k8s.io/v1 or
// v1beta1) and a valid plugin policy. cluster is handed to the plugin when
// config.ProvideClusterInfo is set and may be nil otherwise. Calls with equal
// config and cluster return the same *Authenticator, so credentials and
// connections are shared. The plugin is not run until credentials are needed.
func GetAuthenticator(config *api.ExecConfig, cluster *clientauthentication.Cluster) (*Authenticator, error) {
	metrics.EnsureRegistered()
	return newAuthenticator(globalCache, stdinIsTerminal, config, cluster)
}

// newAuthenticator returns the cached Authenticator for config and cluster,
// creating and caching one if needed.
func newAuthenticator(c *authenticatorCache, isTerminal func() bool, config *api.ExecConfig, cluster *clientauthentication.Cluster) (*Authenticator, error) {
	if config == nil {
		return nil, fmt.Errorf("exec plugin: no exec config given")
	}
	key := cacheKey(config, cluster)
	if a := c.get(key); a != nil {
		return a, nil
	}
	if !supportedVersions.Has(config.APIVersion) {
		return nil, fmt.Errorf("exec plugin: invalid apiVersion %q", config.APIVersion)
	}
	if err := ValidatePluginPolicy(config.PluginPolicy); err != nil {
		return nil, fmt.Errorf("invalid plugin policy: %w", err)
	}

	tracker := connrotation.NewConnectionTracker()
	netDialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	trackingDialer := connrotation.NewDialerWithTracker(netDialer.DialContext, tracker)

	a := &Authenticator{
		// Cleaned so the command compares equal to allowlist entries.
		cmd:                 filepath.Clean(config.Command),
		args:                config.Args,
		apiVersion:          config.APIVersion,
		cluster:             cluster,
		provideClusterInfo:  config.ProvideClusterInfo,
		installHint:         config.InstallHint,
		policy:              config.PluginPolicy,
		interactiveMode:     config.InteractiveMode,
		stdinUnavailable:    config.StdinUnavailable,
		stdinUnavailableMsg: config.StdinUnavailableMessage,
		hintLimiter:         &rateLimiter{limit: 10, window: time.Hour, now: time.Now},
		stdin:               os.Stdin,
		stderr:              os.Stderr,
		isTerminal:          isTerminal,
		now:                 time.Now,
		environ:             os.Environ,
		connTracker:         tracker,
		allowed:             sets.New[string](),
	}
	for _, e := range config.Env {
		a.env = append(a.env, e.Name+"="+e.Value)
	}
	for _, entry := range config.PluginPolicy.Allowlist {
		if entry.Command != "" {
			a.allowed.Insert(entry.Command)
		}
	}
	a.getCert = &transport.GetCertHolder{GetCert: a.cert}
	a.dial = &transport.DialHolder{Dial: trackingDialer.DialContext}
	return c.put(key, a), nil
}

// UpdateTransportConfig makes c authenticate with the plugin's credentials.
//
// It does nothing when c already carries a bearer token, basic auth or a
// client certificate: explicit credentials win over the plugin. Otherwise it
// adds a round tripper that sets the plugin's bearer token on every request
// lacking an Authorization header, a TLS client certificate callback, and a
// dialer whose connections are closed when the plugin's certificate changes.
// It fails if c already has a certificate callback or a DialHolder without a
// Dial function.
func (a *Authenticator) UpdateTransportConfig(c *transport.Config) error {
	if c.HasTokenAuth() || c.HasBasicAuth() || c.HasCertAuth() {
		return nil
	}
	c.Wrap(func(rt http.RoundTripper) http.RoundTripper {
		return &roundTripper{a: a, base: rt}
	})
	if c.HasCertCallback() {
		return fmt.Errorf("can't add TLS certificate callback: transport.Config.TLS.GetCert already set")
	}
	c.TLS.GetCertHolder = a.getCert

	switch {
	case c.DialHolder == nil:
		c.DialHolder = a.dial
	case c.DialHolder.Dial == nil:
		return fmt.Errorf("invalid transport.Config.DialHolder: wrapped Dial function is nil")
	default:
		// A caller-supplied dialer must be tracked too; such a config no
		// longer shares a TLS cache entry.
		d := connrotation.NewDialerWithTracker(c.DialHolder.Dial, a.connTracker)
		c.DialHolder = &transport.DialHolder{Dial: d.DialContext}
	}
	return nil
}

// cert is the TLS client certificate callback. It returns nil (no
// certificate) when the plugin only provides a token.
func (a *Authenticator) cert() (*tls.Certificate, error) {
	creds, err := a.getCreds(context.Background())
	if err != nil {
		return nil, err
	}
	return creds.cert, nil
}
