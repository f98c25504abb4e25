package rest

import (
	"errors"
	"net/http"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/util/flowcontrol"
)

// RESTClientFor builds a RESTClient for config's host, API path and group
// version, with its own http.Client from HTTPClientFor(config); it is
// RESTClientForConfigAndClient with that client. The server may be any API
// speaking the Kubernetes URL and object conventions, not only Kubernetes.
//
// Unlike the typed clientsets, which fill them in, it requires
// config.GroupVersion and config.NegotiatedSerializer to be set.
func RESTClientFor(config *Config) (*RESTClient, error) {
	if err := checkVersioned(config); err != nil {
		return nil, err
	}
	httpClient, err := HTTPClientFor(config)
	if err != nil {
		return nil, err
	}
	return RESTClientForConfigAndClient(config, httpClient)
}

// RESTClientForConfigAndClient is RESTClientFor sending through httpClient,
// which lets many group-version clients share one connection pool. The
// transport settings of config (TLS, credentials, wrappers) are then not
// applied: httpClient is used as given, or http.DefaultClient when nil.
func RESTClientForConfigAndClient(config *Config, httpClient *http.Client) (*RESTClient, error) {
	if err := checkVersioned(config); err != nil {
		return nil, err
	}
	return restClientFor(config, httpClient)
}

// UnversionedRESTClientFor is RESTClientFor without the need for a
// GroupVersion, for clients of unversioned endpoints such as discovery.
func UnversionedRESTClientFor(config *Config) (*RESTClient, error) {
	if config == nil {
		return nil, errNilConfig
	}
	if config.NegotiatedSerializer == nil {
		return nil, errNoSerializer
	}
	httpClient, err := HTTPClientFor(config)
	if err != nil {
		return nil, err
	}
	return UnversionedRESTClientForConfigAndClient(config, httpClient)
}

// UnversionedRESTClientForConfigAndClient is RESTClientForConfigAndClient
// without the need for a GroupVersion.
func UnversionedRESTClientForConfigAndClient(config *Config, httpClient *http.Client) (*RESTClient, error) {
	if config == nil {
		return nil, errNilConfig
	}
	if config.NegotiatedSerializer == nil {
		return nil, errNoSerializer
	}
	return restClientFor(config, httpClient)
}

var errNoSerializer = errors.New("NegotiatedSerializer is required when initializing a RESTClient")

var errNilConfig = errors.New("a nil *rest.Config was given")

func checkVersioned(config *Config) error {
	if config == nil {
		return errNilConfig
	}
	if config.GroupVersion == nil {
		return errors.New("GroupVersion is required when initializing a RESTClient")
	}
	if config.NegotiatedSerializer == nil {
		return errNoSerializer
	}
	return nil
}

// restClientFor builds the client once the config was validated.
func restClientFor(config *Config, httpClient *http.Client) (*RESTClient, error) {
	baseURL, versionedAPIPath, err := DefaultServerUrlFor(config)
	if err != nil {
		return nil, err
	}
	var gv schema.GroupVersion
	if config.GroupVersion != nil {
		gv = *config.GroupVersion
	}
	content := ClientContentConfig{GroupVersion: gv, Negotiator: runtime.NewClientNegotiator(config.NegotiatedSerializer, gv)}
	content.ContentType, content.AcceptContentTypes = config.ContentType, config.AcceptContentTypes
	c, err := NewRESTClient(baseURL, versionedAPIPath, content, rateLimiterFor(config), httpClient)
	if err != nil {
		return nil, err
	}
	switch {
	case config.WarningHandlerWithContext != nil:
		c.warningHandler = config.WarningHandlerWithContext
	case config.WarningHandler != nil:
		c.warningHandler = contextHandler(config.WarningHandler)
	}
	return c, nil
}

// rateLimiterFor applies the QPS/Burst defaults: an explicit RateLimiter
// wins; zero QPS or Burst take DefaultQPS and DefaultBurst; a negative QPS
// disables client-side rate limiting.
func rateLimiterFor(config *Config) flowcontrol.RateLimiter {
	if config.RateLimiter != nil {
		return config.RateLimiter
	}
	qps, burst := config.QPS, config.Burst
	if qps == 0 {
		qps = DefaultQPS
	}
	if burst == 0 {
		burst = DefaultBurst
	}
	if qps <= 0 {
		return nil
	}
	return flowcontrol.NewTokenBucketRateLimiter(qps, burst)
}
