package rest

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"

	"github.com/kclient/kclient/pkg/apis/clientauthentication"
	"github.com/kclient/kclient/plugin/pkg/client/auth/exec"
	"github.com/kclient/kclient/transport"
)

// HTTPClientFor builds the http.Client that clients made from config use:
// its transport is TransportFor(config) and its Timeout is config.Timeout.
// When that amounts to Go's defaults (no TLS, auth or wrappers, no
// timeout), http.DefaultClient itself is returned.
func HTTPClientFor(config *Config) (*http.Client, error) {
	rt, err := TransportFor(config)
	if err != nil {
		return nil, err
	}
	// TransportFor succeeded, so config is not nil
	if rt == http.DefaultTransport && config.Timeout <= 0 {
		return http.DefaultClient, nil
	}
	return &http.Client{Transport: rt, Timeout: config.Timeout}, nil
}

// TLSConfigFor returns the *tls.Config that config's TLS settings (CA,
// client certificate, server name, insecure mode, next protocols) describe,
// or nil when config asks for nothing TLS-specific.
func TLSConfigFor(config *Config) (*tls.Config, error) {
	return viaTransportConfig(config, transport.TLSConfigFor)
}

// TransportFor returns the complete round tripper for config: TLS,
// authentication, impersonation, user agent and any WrapTransport layers.
// It is http.DefaultTransport when none of these is configured, and
// transports with equal TLS settings are shared through the transport
// package's cache, so calling it repeatedly is cheap.
func TransportFor(config *Config) (http.RoundTripper, error) {
	return viaTransportConfig(config, transport.New)
}

// HTTPWrappersForConfig layers config's per-request behaviour (user agent,
// credentials, impersonation, ...) over rt, without touching TLS. It exists
// for callers that own the connection, such as WebSocket or SPDY dialers;
// ordinary HTTP clients want TransportFor or RESTClientFor.
func HTTPWrappersForConfig(config *Config, rt http.RoundTripper) (http.RoundTripper, error) {
	return viaTransportConfig(config, func(tc *transport.Config) (http.RoundTripper, error) {
		return transport.HTTPWrappersForConfig(tc, rt)
	})
}

// viaTransportConfig converts config with TransportConfig and passes the
// result to build.
func viaTransportConfig[T any](config *Config, build func(*transport.Config) (T, error)) (T, error) {
	tc, err := config.TransportConfig()
	if err != nil {
		var zero T
		return zero, err
	}
	return build(tc)
}

// TransportConfig translates c into the transport package's Config. An
// ExecProvider is resolved into credential
// callbacks by the exec plugin (receiving cluster information when it asks
// for it); an AuthProvider is looked up among the registered plugins and
// becomes a transport wrapper. Configuring both is an error.
func (c *Config) TransportConfig() (*transport.Config, error) {
	if c == nil {
		return nil, errNilConfig
	}
	if c.ExecProvider != nil && c.AuthProvider != nil {
		return nil, errors.New("execProvider and authProvider cannot be used in combination")
	}
	conf := &transport.Config{
		Transport:          c.Transport,
		WrapTransport:      c.WrapTransport,
		Proxy:              c.Proxy,
		UserAgent:          c.UserAgent,
		DisableCompression: c.DisableCompression,
		BearerTokenFile:    c.BearerTokenFile,
		BearerToken:        c.BearerToken,
		Password:           c.Password,
		Username:           c.Username,
		Impersonate:        transport.ImpersonationConfig(c.Impersonate),
		TLS:                c.TLSClientConfig.forTransport(),
	}
	if c.Dial != nil {
		conf.DialHolder = &transport.DialHolder{Dial: c.Dial}
	}
	var err error
	switch {
	case c.ExecProvider != nil:
		err = c.addExecCredentials(conf)
	case c.AuthProvider != nil:
		err = c.addAuthProvider(conf)
	}
	if err != nil {
		return nil, err
	}
	return conf, nil
}

// forTransport copies the TLS settings, in the transport package's terms.
func (t *TLSClientConfig) forTransport() transport.TLSConfig {
	var tc transport.TLSConfig
	tc.CAData, tc.CAFile = t.CAData, t.CAFile
	tc.CertData, tc.CertFile = t.CertData, t.CertFile
	tc.KeyData, tc.KeyFile = t.KeyData, t.KeyFile
	tc.ServerName, tc.Insecure = t.ServerName, t.Insecure
	tc.NextProtos = t.NextProtos
	return tc
}

// addExecCredentials lets the exec credential plugin of c.ExecProvider
// supply credentials to conf.
func (c *Config) addExecCredentials(conf *transport.Config) error {
	var cluster *clientauthentication.Cluster
	if c.ExecProvider.ProvideClusterInfo {
		info, err := ConfigToExecCluster(c)
		if err != nil {
			return err
		}
		cluster = info
	}
	authenticator, err := exec.GetAuthenticator(c.ExecProvider, cluster)
	if err == nil {
		err = authenticator.UpdateTransportConfig(conf)
	}
	if err != nil {
		return fmt.Errorf("exec credential plugin %q: %w", c.ExecProvider.Command, err)
	}
	return nil
}

// addAuthProvider wraps conf's transport with the registered plugin named
// by c.AuthProvider.
func (c *Config) addAuthProvider(conf *transport.Config) error {
	plugin, err := GetAuthProvider(c.Host, c.AuthProvider, c.AuthConfigPersister)
	if err != nil {
		return err
	}
	conf.Wrap(plugin.WrapTransport)
	return nil
}
