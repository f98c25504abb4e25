package transport

import (
	"errors"
	"net/http"
)

// HTTPWrappersForConfig wraps a round tripper with any relevant layered
// behavior from the config. Exposed to allow more clients that need HTTP-like
// behavior but then must hijack the underlying connection (like WebSocket or
// HTTP2 clients). Pure HTTP clients should use the RoundTripper returned from
// New.
//
// From the inside out the layers are: config.WrapTransport, debugging (when
// klog verbosity is at least 6), bearer token or basic auth, user agent,
// impersonation. It is an error to configure both basic auth and a bearer
// token, and to name a BearerTokenFile that cannot be read when BearerToken is
// empty.
func HTTPWrappersForConfig(config *Config, rt http.RoundTripper) (http.RoundTripper, error) {
	if config == nil {
		return nil, errors.New("transport config must not be nil")
	}
	if config.WrapTransport != nil {
		rt = config.WrapTransport(rt)
	}
	rt = DebugWrappers(rt)

	switch {
	case config.HasBasicAuth() && config.HasTokenAuth():
		return nil, errors.New("username/password or bearer token may be set, but not both")
	case config.HasTokenAuth():
		var err error
		rt, err = NewBearerAuthWithRefreshRoundTripper(config.BearerToken, config.BearerTokenFile, rt)
		if err != nil {
			return nil, err
		}
	case config.HasBasicAuth():
		rt = NewBasicAuthRoundTripper(config.Username, config.Password, rt)
	}

	if config.UserAgent != "" {
		rt = NewUserAgentRoundTripper(config.UserAgent, rt)
	}
	imp := config.Impersonate
	if imp.UserName != "" || imp.UID != "" || len(imp.Groups) > 0 || len(imp.Extra) > 0 {
		rt = NewImpersonatingRoundTripper(imp, rt)
	}
	return rt, nil
}
