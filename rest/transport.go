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

// HTTPClientFor returns an http.Client that will provide the authentication
// or transport level security defined by the provided Config. Will return the
// default http.DefaultClient if no special case behavior is needed.
// Config.Timeout becomes the client's Timeout.
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

// TLSConfigFor returns a tls.Config that will provide the transport level
// security defined by the provided Config. Will return nil if no transport
// level security is requested.
func TLSConfigFor(config *Config) (*tls.Config, error) {
	cfg, err := config.TransportConfig()
	if err != nil {
		return nil, err
	}
	return transport.TLSConfigFor(cfg)
}

// TransportFor returns an http.RoundTripper that will provide the
// authentication or transport level security defined by the provided Config.
// Will return the default http.DefaultTransport if no special case behavior is
// needed. Transports for equal TLS settings are shared through the transport
// package's cache.
func TransportFor(config *Config) (http.RoundTripper, error) {
	cfg, err := config.TransportConfig()
	if err != nil {
		return nil, err
	}
	return transport.New(cfg)
}

// HTTPWrappersForConfig wraps a round tripper with any relevant layered
// behavior from the config (user agent, authentication, impersonation).
// Exposed to allow more clients that need HTTP-like behavior but then must
// hijack the underlying connection (like WebSocket or HTTP2 clients). Pure
// HTTP clients should use the higher level TransportFor or RESTClientFor
// methods.
func HTTPWrappersForConfig(config *Config, rt http.RoundTripper) (http.RoundTripper, error) {
	cfg, err := config.TransportConfig()
	if err != nil {
		return nil, err
	}
	return transport.HTTPWrappersForConfig(cfg, rt)
}

// TransportConfig converts a client config to an appropriate transport
// config. An ExecProvider is resolved into credentials callbacks through the
// exec plugin; an AuthProvider is looked up among the registered plugins and
// added as a transport wrapper. Setting both is an error.
func (c *Config) TransportConfig() (*transport.Config, error) {
	if c == nil {
		return nil, errNilConfig
	}
	conf := &transport.Config{
		UserAgent:          c.UserAgent,
		Transport:          c.Transport,
		WrapTransport:      c.WrapTransport,
		DisableCompression: c.DisableCompression,
		TLS: transport.TLSConfig{
			Insecure:   c.Insecure,
			ServerName: c.ServerName,
			CAFile:     c.CAFile,
			CAData:     c.CAData,
			CertFile:   c.CertFile,
			CertData:   c.CertData,
			KeyFile:    c.KeyFile,
			KeyData:    c.KeyData,
			NextProtos: c.NextProtos,
		},
		Username:        c.Username,
		Password:        c.Password,
		BearerToken:     c.BearerToken,
		BearerTokenFile: c.BearerTokenFile,
		Impersonate: transport.ImpersonationConfig{
			UserName: c.Impersonate.UserName,
			UID:      c.Impersonate.UID,
			Groups:   c.Impersonate.Groups,
			Extra:    c.Impersonate.Extra,
		},
		Proxy: c.Proxy,
	}
	if c.Dial != nil {
		conf.DialHolder = &transport.DialHolder{Dial: c.Dial}
	}
	if c.ExecProvider != nil && c.AuthProvider != nil {
		return nil, errors.New("execProvider and authProvider cannot be used in combination")
	}
	if c.ExecProvider != nil {
		var cluster *clientauthentication.Cluster
		if c.ExecProvider.ProvideClusterInfo {
			var err error
			if cluster, err = ConfigToExecCluster(c); err != nil {
				return nil, err
			}
		}
		provider, err := exec.GetAuthenticator(c.ExecProvider, cluster)
		if err != nil {
			return nil, fmt.Errorf("exec credential plugin %q: %w", c.ExecProvider.Command, err)
		}
		if err := provider.UpdateTransportConfig(conf); err != nil {
			return nil, fmt.Errorf("exec credential plugin %q: %w", c.ExecProvider.Command, err)
		}
	}
	if c.AuthProvider != nil {
		provider, err := GetAuthProvider(c.Host, c.AuthProvider, c.AuthConfigPersister)
		if err != nil {
			return nil, err
		}
		conf.Wrap(provider.WrapTransport)
	}
	return conf, nil
}
