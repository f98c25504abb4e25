package rest

import (
	"errors"
	"fmt"
	"net/url"
	"path"

	"k8s.io/apimachinery/pkg/runtime/schema"
)

// DefaultServerURL parses host (a URL, or a bare host or host:port) into
// the server's base URL and returns it with the versioned API path for
// apiPath and groupVersion (see DefaultVersionedAPIPath). A host without a scheme gets
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

// DefaultVersionedAPIPath appends the group version to apiPath the way the
// Kubernetes API lays out its URLs: apiPath + "/<version>" for the core
// group (giving "/api/v1"), apiPath + "/<group>/<version>" otherwise.
func DefaultVersionedAPIPath(apiPath string, groupVersion schema.GroupVersion) string {
	if groupVersion.Group != "" {
		return path.Join("/", apiPath, groupVersion.Group, groupVersion.Version)
	}
	return path.Join("/", apiPath, groupVersion.Version)
}

// DefaultServerUrlFor is DefaultServerURL for a Config: RESTClientFor and
// IsConfigTransportTLS resolve the server through it. An empty Host means
// "localhost"; a host without a scheme gets https when the config has a CA,
// a client certificate (even without its key) or Insecure set.
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

// IsConfigTransportTLS reports whether a client built from config talks to
// the server over TLS, which is what decides whether credentials may be
// sent. An unparseable host counts as no TLS.
//
// TLS is not the same as a verified server: with Insecure set the answer is
// still true, although a man in the middle could then read everything.
func IsConfigTransportTLS(config Config) bool {
	baseURL, _, err := DefaultServerUrlFor(&config)
	if err != nil {
		return false
	}
	return baseURL.Scheme == "https"
}
