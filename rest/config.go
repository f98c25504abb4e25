package rest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
	"github.com/kclient/kclient/transport"
	"github.com/kclient/kclient/util/flowcontrol"
)

// Defaults used by RESTClientFor when Config.QPS or Config.Burst is zero.
const (
	DefaultQPS   float32 = 5.0
	DefaultBurst int     = 10
)

// ErrNotInCluster is returned by InClusterConfig when the process does not
// run inside a Kubernetes pod (the service environment variables are unset).
var ErrNotInCluster = errors.New("unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined")

// Config holds everything needed to build a client for one API server: where
// it is, how to authenticate, how to encode objects and how fast to talk.
// A Config is plain data; copy it with CopyConfig before mutating a shared
// one. It is not safe to mutate a Config while a client is being built from it.
type Config struct {
	// Host must be a host string, a host:port pair, or a URL to the base of the apiserver.
	// If a URL is given then the (optional) Path of that URL represents a prefix that must
	// be appended to all request URIs used to access the apiserver. This allows a frontend
	// proxy to easily relocate all of the apiserver endpoints.
	Host string
	// APIPath is a sub-path that points to an API root, e.g. "/api" or "/apis".
	APIPath string

	// ContentConfig contains settings that affect how objects are transformed when
	// sent to the server.
	ContentConfig

	// Username and Password are used for HTTP basic authentication.
	Username string
	Password string `datapolicy:"password"`

	// BearerToken is sent as "Authorization: Bearer <token>". This client
	// does not attempt to use refresh tokens for an OAuth2 flow.
	BearerToken string `datapolicy:"token"`

	// BearerTokenFile is the path to a file containing a BearerToken.
	// If set, the contents are periodically read.
	// The last successfully read value takes precedence over BearerToken.
	BearerTokenFile string

	// Impersonate is the configuration that RESTClient will use for impersonation.
	Impersonate ImpersonationConfig

	// AuthProvider names a registered plugin (see RegisterAuthProviderPlugin)
	// that authenticates requests.
	AuthProvider *clientcmdapi.AuthProviderConfig

	// AuthConfigPersister is the callback used by AuthProvider to persist its config.
	AuthConfigPersister AuthProviderConfigPersister

	// ExecProvider configures an exec-based credential plugin.
	ExecProvider *clientcmdapi.ExecConfig

	// TLSClientConfig contains settings to enable transport layer security
	TLSClientConfig

	// UserAgent is an optional field that specifies the caller of this request.
	UserAgent string

	// DisableCompression bypasses automatic GZip compression requests to the
	// server.
	DisableCompression bool

	// Transport may be used for custom HTTP behavior. This attribute may not
	// be specified with the TLS client certificate options. Use WrapTransport
	// to provide additional per-server middleware behavior.
	Transport http.RoundTripper
	// WrapTransport will be invoked for custom HTTP behavior after the underlying
	// transport is initialized (either the transport created from TLSClientConfig,
	// Transport, or http.DefaultTransport). The config may layer other RoundTrippers
	// on top of the returned RoundTripper.
	//
	// Use config.Wrap() instead of setting this value directly.
	WrapTransport transport.WrapperFunc

	// QPS indicates the maximum QPS to the master from this client.
	// If it's zero, the created RESTClient will use DefaultQPS: 5
	//
	// Setting this to a negative value will disable client-side ratelimiting
	// unless `Ratelimiter` is also set.
	QPS float32

	// Burst is the maximum burst for throttle.
	// If it's zero, the created RESTClient will use DefaultBurst: 10.
	Burst int

	// RateLimiter limits requests from this client. If present it overrides QPS/Burst.
	RateLimiter flowcontrol.RateLimiter

	// WarningHandler handles warnings in server responses.
	// If this and WarningHandlerWithContext are not set, the
	// default warning handler is used. If both are set,
	// WarningHandlerWithContext is used.
	//
	// See documentation for [SetDefaultWarningHandler] for details.
	WarningHandler WarningHandler

	// WarningHandlerWithContext handles warnings in server responses.
	// If this and WarningHandler are not set, the
	// default warning handler is used. If both are set,
	// WarningHandlerWithContext is used.
	//
	// See documentation for [SetDefaultWarningHandler] for details.
	WarningHandlerWithContext WarningHandlerWithContext

	// Timeout is the maximum length of time to wait before giving up on a
	// server request. A value of zero means no timeout.
	Timeout time.Duration

	// Dial specifies the dial function for creating unencrypted TCP connections.
	Dial func(ctx context.Context, network, address string) (net.Conn, error)

	// Proxy is the proxy func to be used for all requests made by this
	// transport. If Proxy is nil, http.ProxyFromEnvironment is used. If Proxy
	// returns a nil *URL, no proxy is used.
	//
	// socks5 proxying does not currently support spdy streaming endpoints.
	Proxy func(*http.Request) (*url.URL, error)
}

// ImpersonationConfig has all the available impersonation options.
type ImpersonationConfig struct {
	// UserName is the username to impersonate on each request.
	UserName string
	// UID is a unique value that identifies the user.
	UID string
	// Groups are the groups to impersonate on each request.
	Groups []string
	// Extra is a free-form field which can be used to link some authentication information
	// to authorization information.  This field allows you to impersonate it.
	Extra map[string][]string
}

// TLSClientConfig contains settings to enable transport layer security.
//
// +k8s:deepcopy-gen=true
type TLSClientConfig struct {
	// Insecure skips verification of the server certificate. For testing only.
	Insecure bool
	// ServerName is passed to the server for SNI and is used in the client to check server
	// certificates against. If ServerName is empty, the hostname used to contact the
	// server is used.
	ServerName string

	// CertFile is the client certificate file for TLS client authentication.
	CertFile string
	// KeyFile is the client key file for TLS client authentication.
	KeyFile string
	// CAFile holds the trusted root certificates for the server.
	CAFile string

	// CertData holds PEM-encoded bytes (typically read from a client certificate file).
	// CertData takes precedence over CertFile
	CertData []byte
	// KeyData holds PEM-encoded bytes (typically read from a client certificate key file).
	// KeyData takes precedence over KeyFile
	KeyData []byte `datapolicy:"security-key"`
	// CAData holds PEM-encoded bytes (typically read from a root certificates bundle).
	// CAData takes precedence over CAFile
	CAData []byte

	// NextProtos is a list of supported application level protocols, in order of preference.
	// Used to populate tls.Config.NextProtos.
	// To indicate to the server http/1.1 is preferred over http/2, set to ["http/1.1", "h2"] (though the server is free to ignore that preference).
	// To use only http/1.1, set to ["http/1.1"].
	NextProtos []string
}

// hasCA reports whether a CA bundle is configured.
func (c *TLSClientConfig) hasCA() bool { return len(c.CAData) > 0 || len(c.CAFile) > 0 }

// DeepCopyInto copies the receiver into out, duplicating every slice. in
// must be non-nil.
func (in *TLSClientConfig) DeepCopyInto(out *TLSClientConfig) {
	*out = *in
	out.CertData = cloneBytes(in.CertData)
	out.KeyData = cloneBytes(in.KeyData)
	out.CAData = cloneBytes(in.CAData)
	if in.NextProtos != nil {
		out.NextProtos = append([]string(nil), in.NextProtos...)
	}
}

// DeepCopy returns a new TLSClientConfig sharing no memory with the receiver.
func (in *TLSClientConfig) DeepCopy() *TLSClientConfig {
	if in == nil {
		return nil
	}
	out := new(TLSClientConfig)
	in.DeepCopyInto(out)
	return out
}

// ContentConfig controls how objects are encoded for and decoded from the
// server.
type ContentConfig struct {
	// AcceptContentTypes specifies the types the client will accept and is optional.
	// If not set, ContentType will be used to define the Accept header
	AcceptContentTypes string
	// ContentType specifies the wire format used to communicate with the server.
	// This value will be set as the Accept header on requests made to the server, and
	// as the default content type on any object sent to the server. If not set,
	// "application/json" is used.
	ContentType string
	// GroupVersion is the API version to talk to. Must be provided when initializing
	// a RESTClient directly. When initializing a Client, will be set with the default
	// code version.
	GroupVersion *schema.GroupVersion
	// NegotiatedSerializer is used for obtaining encoders and decoders for multiple
	// supported media types.
	NegotiatedSerializer runtime.NegotiatedSerializer
}

// Wrap adds a transport middleware function that will give the caller an
// opportunity to wrap the underlying http.RoundTripper prior to the first
// API call being made. The provided function is invoked after any existing
// transport wrappers are invoked.
func (c *Config) Wrap(fn transport.WrapperFunc) {
	c.WrapTransport = transport.Wrappers(c.WrapTransport, fn)
}

// CopyConfig returns a deep copy of config: slices, maps and the exec and
// auth-provider settings are duplicated, while interfaces and functions
// (Transport, RateLimiter, Dial, ...) are shared.
func CopyConfig(config *Config) *Config {
	c := *config
	if config.GroupVersion != nil {
		gv := *config.GroupVersion
		c.GroupVersion = &gv
	}
	c.Impersonate.Groups = cloneSlice(config.Impersonate.Groups)
	c.Impersonate.Extra = cloneExtra(config.Impersonate.Extra)
	c.AuthProvider = config.AuthProvider.DeepCopy()
	c.ExecProvider = config.ExecProvider.DeepCopy()
	config.TLSClientConfig.DeepCopyInto(&c.TLSClientConfig)
	return &c
}

// AnonymousClientConfig returns a copy of the given config with all user
// credentials (cert/key, bearer token, and username/password) and custom
// transports (WrapTransport, Transport) removed.
func AnonymousClientConfig(config *Config) *Config {
	c := CopyConfig(config)
	c.Username, c.Password = "", ""
	c.BearerToken, c.BearerTokenFile = "", ""
	c.Impersonate = ImpersonationConfig{}
	c.AuthProvider, c.AuthConfigPersister, c.ExecProvider = nil, nil, nil
	c.CertFile, c.KeyFile, c.CertData, c.KeyData = "", "", nil, nil
	c.Transport, c.WrapTransport = nil, nil
	return c
}

func cloneBytes(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}

func cloneSlice(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string{}, s...)
}

func cloneExtra(m map[string][]string) map[string][]string {
	if m == nil {
		return nil
	}
	out := make(map[string][]string, len(m))
	for k, v := range m {
		out[k] = cloneSlice(v)
	}
	return out
}
