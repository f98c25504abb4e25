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
	// Host locates the API server: "host", "host:port" or a full URL. A
	// URL's path, if any, is put in front of every request path, which lets
	// a reverse proxy serve the API under a sub-path.
	Host string
	// APIPath is the root the group versions hang under: "/api" for the
	// legacy core group, "/apis" for the named groups.
	APIPath string

	// ContentConfig chooses the media types and serializer used to encode
	// request bodies and decode responses.
	ContentConfig

	// Username and Password, when set, are sent as HTTP basic credentials.
	Username string
	Password string `datapolicy:"password"`

	// BearerToken, when set, goes into an "Authorization: Bearer" header.
	// It is used as given: no OAuth2 refresh happens here.
	BearerToken string `datapolicy:"token"`

	// BearerTokenFile names a file holding the bearer token. The file is
	// re-read from time to time, so rotated tokens are picked up, and what
	// was read from it last wins over BearerToken.
	BearerTokenFile string

	// Impersonate makes every request act as another user (through the
	// Impersonate-* headers); the zero value impersonates nobody.
	Impersonate ImpersonationConfig

	// AuthProvider names a registered plugin (see RegisterAuthProviderPlugin)
	// that authenticates requests.
	AuthProvider *clientcmdapi.AuthProviderConfig

	// AuthConfigPersister is the callback used by AuthProvider to persist its config.
	AuthConfigPersister AuthProviderConfigPersister

	// ExecProvider configures an exec-based credential plugin.
	ExecProvider *clientcmdapi.ExecConfig

	// TLSClientConfig holds the CA to trust, the client certificate to
	// present and related TLS options.
	TLSClientConfig

	// UserAgent is sent as the User-Agent header. SetKubernetesDefaults
	// (used by the typed clients) fills an empty one in with
	// DefaultKubernetesUserAgent().
	UserAgent string

	// DisableCompression stops the transport from asking the server for
	// gzip-compressed responses.
	DisableCompression bool

	// Transport, when set, is the base round tripper instead of one built
	// from TLSClientConfig, so combining it with a CA, a client certificate
	// or Insecure is an error. To add behaviour around the built transport,
	// use WrapTransport instead.
	Transport http.RoundTripper
	// WrapTransport receives the base round tripper (built from
	// TLSClientConfig, or Transport, or http.DefaultTransport) and returns
	// the one to use, so callers can add their own layers. Prefer the Wrap
	// method, which chains with wrappers already set.
	WrapTransport transport.WrapperFunc

	// QPS is the sustained request rate the client allows itself; zero
	// means DefaultQPS (5). A negative value turns client-side throttling
	// off unless RateLimiter is set.
	QPS float32

	// Burst is how many requests may go out at once above the QPS rate;
	// zero means DefaultBurst (10).
	Burst int

	// RateLimiter, when set, throttles the client's requests; QPS and Burst
	// are then ignored. It may be shared by several clients.
	RateLimiter flowcontrol.RateLimiter

	// WarningHandler receives the "Warning" headers of responses. When
	// WarningHandlerWithContext is also set, that one is used instead; when
	// neither is set, the process-wide default applies (see
	// [SetDefaultWarningHandler]).
	WarningHandler WarningHandler

	// WarningHandlerWithContext is WarningHandler for a handler that gets
	// the request's context; it takes precedence over WarningHandler. With
	// neither set, the process-wide default applies (see
	// [SetDefaultWarningHandler]).
	WarningHandlerWithContext WarningHandlerWithContext

	// Timeout bounds each request, from sending to reading the whole
	// response (it becomes http.Client.Timeout); zero means no limit.
	Timeout time.Duration

	// Dial, when set, opens the TCP connections to the server instead of
	// the default dialer.
	Dial func(ctx context.Context, network, address string) (net.Conn, error)

	// Proxy picks the proxy for each request, like http.Transport.Proxy:
	// nil means http.ProxyFromEnvironment, and a nil URL result means a
	// direct connection.
	//
	// Through a socks5 proxy, the SPDY-based streaming calls (exec,
	// attach, port-forward) cannot be made.
	Proxy func(*http.Request) (*url.URL, error)
}

// ImpersonationConfig names the identity requests should act as. Each set
// field becomes Impersonate-* headers; the server checks that the real
// caller may impersonate it.
type ImpersonationConfig struct {
	// UserName is the user to act as.
	UserName string
	// UID is the UID of the user to act as.
	UID string
	// Groups lists the groups to act as a member of.
	Groups []string
	// Extra holds further user attributes (scopes and the like) to claim,
	// keyed by attribute name.
	Extra map[string][]string
}

// TLSClientConfig is the TLS part of a Config: what server certificates to
// trust and which client certificate to present.
//
// +k8s:deepcopy-gen=true
type TLSClientConfig struct {
	// Insecure skips verification of the server certificate. For testing only.
	Insecure bool
	// ServerName, when set, is sent for SNI and is the name the server's
	// certificate must match, instead of the host being dialled.
	ServerName string

	// CertFile is the client certificate file for TLS client authentication.
	CertFile string
	// KeyFile is the client key file for TLS client authentication.
	KeyFile string
	// CAFile names a PEM file of CA certificates the server's certificate
	// must chain to.
	CAFile string

	// CertData is the PEM client certificate itself; when set, CertFile is
	// ignored.
	CertData []byte
	// KeyData is the PEM private key of the client certificate; when set,
	// KeyFile is ignored.
	KeyData []byte `datapolicy:"security-key"`
	// CAData is the PEM bundle of trusted CA certificates; when set, CAFile
	// is ignored.
	CAData []byte

	// NextProtos lists the ALPN protocols to offer, most preferred first
	// (tls.Config.NextProtos). ["http/1.1", "h2"] asks for HTTP/1.1 while
	// still allowing HTTP/2; ["http/1.1"] rules HTTP/2 out.
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
	var out TLSClientConfig
	in.DeepCopyInto(&out)
	return &out
}

// ContentConfig controls how objects are encoded for and decoded from the
// server.
type ContentConfig struct {
	// AcceptContentTypes is the Accept header to send, possibly a
	// comma-separated list; when empty, ContentType is accepted.
	AcceptContentTypes string
	// ContentType is the media type request bodies are encoded as, and the
	// type accepted when AcceptContentTypes is empty. Empty means
	// "application/json".
	ContentType string
	// GroupVersion is the API group version requests address and objects
	// are converted to. RESTClientFor requires it; the typed clientsets set
	// it for you.
	GroupVersion *schema.GroupVersion
	// NegotiatedSerializer supplies the encoders and decoders for the
	// supported media types.
	NegotiatedSerializer runtime.NegotiatedSerializer
}

// Wrap appends fn to the WrapTransport chain: when a transport is built
// from c, fn receives the round tripper produced by the wrappers set before
// it and may return a replacement. It only affects transports built after
// the call.
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

// AnonymousClientConfig derives a config that reaches the same server the
// same way but proves no identity: a deep copy without basic-auth
// credentials, bearer token (and token file), client certificate and key,
// impersonation, auth and exec plugins, and without the custom Transport
// and WrapTransport, which may carry credentials of their own.
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
