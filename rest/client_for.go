package rest

import (
	"errors"
	"net/http"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/util/flowcontrol"
)

// RESTClientFor returns a RESTClient that satisfies the requested attributes
// on a client Config object. Note that a RESTClient may require fields
// that are optional when initializing a Client. A RESTClient created by
// this method is generic - it expects to operate on an API that follows the
// Kubernetes conventions, but may not be the Kubernetes API. RESTClientFor
// is equivalent to calling RESTClientForConfigAndClient(config, httpClient),
// where httpClient was generated with HTTPClientFor(config).
//
// GroupVersion and NegotiatedSerializer must be set.
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

// RESTClientForConfigAndClient returns a RESTClient that satisfies the
// requested attributes on a client Config object. Unlike RESTClientFor,
// RESTClientForConfigAndClient allows to pass an http.Client that is shared
// between all the API Groups and Versions. Note that the http client takes
// precedence over the transport values configured. The http client defaults to
// the `http.DefaultClient` if nil.
func RESTClientForConfigAndClient(config *Config, httpClient *http.Client) (*RESTClient, error) {
	if err := checkVersioned(config); err != nil {
		return nil, err
	}
	return restClientFor(config, httpClient)
}

// UnversionedRESTClientFor is the same as RESTClientFor, except that it allows
// the config.Version to be empty.
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

// UnversionedRESTClientForConfigAndClient is the same as
// RESTClientForConfigAndClient, except that it allows the config.Version to be
// empty.
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
	content := ClientContentConfig{
		AcceptContentTypes: config.AcceptContentTypes,
		ContentType:        config.ContentType,
		GroupVersion:       gv,
		Negotiator:         runtime.NewClientNegotiator(config.NegotiatedSerializer, gv),
	}
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
