package rest

import (
	"errors"
	"fmt"
	"net/url"
	"path"

	"k8s.io/apimachinery/pkg/runtime/schema"
)

// DefaultServerURL converts a host, host:port, or URL string to the default
// base server API path to use with a Client at a given API version following
// the standard conventions for a Kubernetes API. A host without a scheme gets
// "https://" when defaultTLS is true and "http://" otherwise; such a host must
// not carry a path. A full URL may carry a path, which becomes a prefix of
// every request.
func DefaultServerURL(host, apiPath string, groupVersion schema.GroupVersion, defaultTLS bool) (*url.URL, string, error) {
	if host == "" {
		return nil, "", errors.New("host must be a URL or a host:port pair")
	}
	versioned := DefaultVersionedAPIPath(apiPath, groupVersion)
	if u, err := url.Parse(host); err == nil && u.Scheme != "" && u.Host != "" {
		return u, versioned, nil
	}
	// a bare host or host:port: give it the default scheme
	withScheme := "http://" + host
	if defaultTLS {
		withScheme = "https://" + host
	}
	u, err := url.Parse(withScheme)
	switch {
	case err != nil:
		return nil, "", fmt.Errorf("host %q is not a URL or a host:port pair: %w", host, err)
	case u.Path != "" && u.Path != "/":
		return nil, "", fmt.Errorf("host must be a URL or a host:port pair: %q", host)
	}
	return u, versioned, nil
}

// DefaultVersionedAPIPath constructs the default path for the given group
// version, assuming the given API path, following the standard conventions of
// the Kubernetes API: "/api/v1" for the core group, "/apis/<group>/<version>"
// otherwise.
func DefaultVersionedAPIPath(apiPath string, groupVersion schema.GroupVersion) string {
	if groupVersion.Group != "" {
		return path.Join("/", apiPath, groupVersion.Group, groupVersion.Version)
	}
	return path.Join("/", apiPath, groupVersion.Version)
}

// DefaultServerUrlFor is shared between IsConfigTransportTLS and
// RESTClientFor. It requires Host and Version to be set prior to being called.
// An empty Host means "localhost"; TLS is the default scheme when the config
// has a CA, a client certificate (even without its key) or Insecure set.
func DefaultServerUrlFor(config *Config) (*url.URL, string, error) {
	host := config.Host
	if host == "" {
		host = "localhost"
	}
	hasCert := len(config.CertFile) != 0 || len(config.CertData) != 0
	defaultTLS := config.hasCA() || hasCert || config.Insecure
	var gv schema.GroupVersion
	if config.GroupVersion != nil {
		gv = *config.GroupVersion
	}
	return DefaultServerURL(host, config.APIPath, gv, defaultTLS)
}

// IsConfigTransportTLS returns true if and only if the provided config
// will result in a protected connection to the server when it is passed to
// RESTClientFor. Use to determine when to send credentials over the wire.
//
// Note: the Insecure flag is ignored when testing for this value, so MITM
// attacks are still possible.
func IsConfigTransportTLS(config Config) bool {
	baseURL, _, err := DefaultServerUrlFor(&config)
	if err != nil {
		return false
	}
	return baseURL.Scheme == "https"
}
