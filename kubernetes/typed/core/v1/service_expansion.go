package v1

import "github.com/kclient/kclient/rest"

// ServiceExpansion holds the hand-written methods of ServiceInterface.
type ServiceExpansion interface {
	// ProxyGet returns an unsent GET request proxied by the apiserver to
	// path on port of service name, with scheme ("" or "http"/"https") and
	// the given query parameters.
	ProxyGet(scheme, name, port, path string, params map[string]string) rest.ResponseWrapper
}

// ProxyGet implements ServiceExpansion.
func (c *services) ProxyGet(scheme, name, port, path string, params map[string]string) rest.ResponseWrapper {
	return proxyGet(c.GetClient(), c.GetNamespace(), "services", scheme, name, port, path, params)
}
