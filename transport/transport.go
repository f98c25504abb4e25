package transport

import (
	"errors"
	"net/http"

	"github.com/kclient/kclient/tools/metrics"
)

// New builds the http.RoundTripper described by config: a base transport
// (TLS, proxy, dialer) with the request-level layers of HTTPWrappersForConfig
// on top.
//
// Unless config.Transport is set, the base is an *http.Transport built from
// TLSConfigFor and shared with every other Config that has the same TLS
// settings (see the package documentation); it has HTTP/2 enabled with
// connection health checks, uses config.Proxy or else the proxy environment
// variables, and reloads client certificate and CA files when they change on
// disk. The returned RoundTripper is safe for concurrent use.
//
// It is an error to combine config.Transport with TLS options, or to give a
// DialHolder or GetCertHolder without a function.
func New(config *Config) (http.RoundTripper, error) {
	metrics.EnsureRegistered()
	if config == nil {
		return nil, errors.New("transport config must not be nil")
	}
	if config.Transport != nil && (config.HasCA() || config.HasCertAuth() || config.HasCertCallback() || config.TLS.Insecure) {
		return nil, errors.New("using a custom transport with TLS certificate options or the insecure flag is not allowed")
	}
	if (config.TLS.GetCertHolder != nil && config.TLS.GetCertHolder.GetCert == nil) ||
		(config.DialHolder != nil && config.DialHolder.Dial == nil) {
		return nil, errors.New("misconfigured holder for dialer or cert callback")
	}

	rt := config.Transport
	if rt == nil {
		var err error
		if rt, err = tlsCache.get(config); err != nil {
			return nil, err
		}
	}
	return HTTPWrappersForConfig(config, rt)
}
