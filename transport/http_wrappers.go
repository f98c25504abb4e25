package transport

import (
	"errors"
	"net/http"
)

// HTTPWrappersForConfig layers everything Config asks for except the base
// transport over rt, and returns the outermost RoundTripper. New uses it on
// the transport it builds; call it directly when you need the same request
// decoration over a connection you manage yourself (for example to hijack it
// for WebSocket or HTTP/2 streaming). Plain HTTP clients should just use New.
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
	if wrap := config.WrapTransport; wrap != nil {
		rt = wrap(rt)
	}
	rt, err := withCredentials(config, DebugWrappers(rt))
	if err != nil {
		return nil, err
	}
	if agent := config.UserAgent; agent != "" {
		rt = NewUserAgentRoundTripper(agent, rt)
	}
	if impersonates(config.Impersonate) {
		rt = NewImpersonatingRoundTripper(config.Impersonate, rt)
	}
	return rt, nil
}

// withCredentials puts the configured authentication over rt: a bearer token
// (static or read from a file) or basic auth. Having both is an error;
// having neither returns rt as it is.
func withCredentials(config *Config, rt http.RoundTripper) (http.RoundTripper, error) {
	basic, bearer := config.HasBasicAuth(), config.HasTokenAuth()
	switch {
	case basic && bearer:
		return nil, errors.New("username/password or bearer token may be set, but not both")
	case bearer:
		return NewBearerAuthWithRefreshRoundTripper(config.BearerToken, config.BearerTokenFile, rt)
	case basic:
		return NewBasicAuthRoundTripper(config.Username, config.Password, rt), nil
	default:
		return rt, nil
	}
}

// impersonates reports whether imp names any identity at all.
func impersonates(imp ImpersonationConfig) bool {
	return imp.UserName != "" || imp.UID != "" || len(imp.Groups) > 0 || len(imp.Extra) > 0
}
