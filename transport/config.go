package transport

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/url"
)

// Config describes the HTTP transport New builds: TLS, credentials,
// impersonation and the wrappers layered over the base transport.
//
// A Config is plain data: the package never keeps a reference to it after New
// or TLSConfigFor return, except that New and TLSConfigFor fill in CAData,
// CertData and KeyData from the corresponding files (and set ReloadTLSFiles /
// ReloadCAFiles) on the Config they are given. A Config must not be modified
// concurrently with those calls.
type Config struct {
	// UserAgent, when non-empty, is sent as the User-Agent header of every
	// request.
	UserAgent string

	// TLS configures the TLS side of the base transport.
	TLS TLSConfig

	// Username and Password enable HTTP basic authentication (Username must
	// be non-empty). They cannot be combined with a bearer token.
	Username string
	Password string `datapolicy:"password"`

	// BearerToken is sent as "Authorization: Bearer <token>".
	BearerToken string `datapolicy:"token"`

	// BearerTokenFile names a file holding the bearer token. The file is
	// re-read periodically, and its most recent successful read wins over
	// BearerToken.
	BearerTokenFile string

	// Impersonate selects the identity requests act as (Impersonate-* headers).
	Impersonate ImpersonationConfig

	// DisableCompression stops the transport from asking the server for
	// gzip-compressed responses.
	DisableCompression bool

	// Transport, when set, replaces the base transport New would build. It
	// is an error to combine it with the TLS client certificate, CA or
	// insecure options; prefer WrapTransport for ordinary customisation.
	Transport http.RoundTripper

	// WrapTransport, when set, receives the base transport (built from TLS,
	// taken from Transport, or http.DefaultTransport) and returns the
	// RoundTripper to use in its place; the package adds its own wrappers
	// on top of the result.
	//
	// Set it through Config.Wrap rather than directly: the field is
	// expected to become a list of wrappers.
	WrapTransport WrapperFunc

	// DialHolder, when set, supplies the dialer for the underlying TCP
	// connections. It is a pointer to a holder, not a func, so that Configs
	// stay comparable and their transports can be cached.
	DialHolder *DialHolder

	// Proxy picks the proxy for each request. nil means
	// http.ProxyFromEnvironment; a nil *url.URL result means a direct
	// connection. A Config with a Proxy func never shares a cached transport.
	//
	// SPDY streaming endpoints do not work through a socks5 proxy.
	Proxy func(*http.Request) (*url.URL, error)
}

// DialHolder wraps a dial function so a Config can carry it and still be
// compared: the transport cache compares holders by pointer, so two Configs
// share a cached transport only if they point at the same *DialHolder.
type DialHolder struct {
	Dial func(ctx context.Context, network, address string) (net.Conn, error)
}

// ImpersonationConfig names the identity to act as. Empty fields are not
// sent; a config with every field empty impersonates nobody.
type ImpersonationConfig struct {
	// UserName is the user name to act as (Impersonate-User).
	UserName string
	// UID is the user UID to act as (Impersonate-Uid).
	UID string
	// Groups are the groups to act as, one Impersonate-Group header each.
	Groups []string
	// Extra holds additional user attributes (Impersonate-Extra-<key>).
	Extra map[string][]string
}

// HasCA reports whether a CA bundle is configured, as data or as a file.
func (c *Config) HasCA() bool {
	return len(c.TLS.CAData) > 0 || len(c.TLS.CAFile) > 0
}

// HasBasicAuth reports whether basic authentication is configured, which
// takes a non-empty Username.
func (c *Config) HasBasicAuth() bool {
	return len(c.Username) > 0
}

// HasTokenAuth reports whether a bearer token is configured, inline
// (BearerToken) or as a file (BearerTokenFile).
func (c *Config) HasTokenAuth() bool {
	return len(c.BearerToken) > 0 || len(c.BearerTokenFile) > 0
}

// HasCertAuth reports whether a client certificate and its key are both
// configured, each as data or as a file.
func (c *Config) HasCertAuth() bool {
	hasCert := len(c.TLS.CertData) > 0 || len(c.TLS.CertFile) > 0
	hasKey := len(c.TLS.KeyData) > 0 || len(c.TLS.KeyFile) > 0
	return hasCert && hasKey
}

// HasCertCallback reports whether a client certificate callback
// (TLS.GetCertHolder) is configured.
func (c *Config) HasCertCallback() bool {
	return c.TLS.GetCertHolder != nil
}

// Wrap appends fn to c.WrapTransport. When the transport is built, fn gets
// the RoundTripper produced by the wrappers added before it, so later calls
// wrap the result of earlier ones. A nil fn is ignored.
func (c *Config) Wrap(fn WrapperFunc) {
	c.WrapTransport = Wrappers(c.WrapTransport, fn)
}

// TLSConfig is the TLS part of a Config. For each of the CA, the client
// certificate and the client key, inline data wins over the file name.
type TLSConfig struct {
	CAFile         string // PEM file of the CA certificates that verify the server.
	CertFile       string // PEM file of the client certificate.
	KeyFile        string // PEM file of the client private key.
	ReloadTLSFiles bool   // The client cert and key came from files; re-read them when the files change. New sets it when it loads them.
	ReloadCAFiles  bool   // The CA came from CAFile; re-read it when the file changes.

	Insecure   bool   // Skip server certificate verification. Only for testing.
	ServerName string // Name sent for SNI and checked against the server certificate, instead of the host.

	CAData   []byte // PEM CA certificates; takes precedence over CAFile.
	CertData []byte // PEM client certificate; takes precedence over CertFile.
	KeyData  []byte // PEM client private key; takes precedence over KeyFile.

	// NextProtos becomes tls.Config.NextProtos: the ALPN protocols offered,
	// most preferred first. ["http/1.1", "h2"] states a preference for
	// HTTP/1.1 (which the server may ignore); ["http/1.1"] rules HTTP/2 out.
	NextProtos []string

	// GetCertHolder, when set, supplies the client certificate on demand.
	// Any of CertData, CertFile, KeyData or KeyFile take precedence over it.
	// It is a holder rather than a func so that Configs stay cacheable.
	GetCertHolder *GetCertHolder
}

// GetCertHolder wraps a client certificate callback so a Config can carry it
// and still be compared: the transport cache compares holders by pointer, so
// two Configs share a cached transport only if they point at the same
// *GetCertHolder.
type GetCertHolder struct {
	GetCert func() (*tls.Certificate, error)
}
