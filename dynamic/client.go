package dynamic

import (
	"fmt"
	"net/http"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/rest"
)

// DynamicClient implements Interface over one REST client. It is safe for
// concurrent use.
type DynamicClient struct {
	client rest.Interface
}

var _ Interface = &DynamicClient{}

// ConfigFor returns a copy of inConfig set up for the dynamic client: JSON
// requests and responses decoded as unstructured objects, and the default
// user agent when none is set.
func ConfigFor(inConfig *rest.Config) *rest.Config {
	config := rest.CopyConfig(inConfig)
	config.ContentType = runtime.ContentTypeJSON
	config.AcceptContentTypes = runtime.ContentTypeJSON
	config.NegotiatedSerializer = jsonNegotiator{}
	if config.UserAgent == "" {
		config.UserAgent = rest.DefaultKubernetesUserAgent()
	}
	return config
}

// New returns a DynamicClient that sends its requests through c, which must
// decode JSON (see ConfigFor) and is addressed with absolute paths.
func New(c rest.Interface) *DynamicClient {
	return &DynamicClient{client: c}
}

// NewForConfig creates a DynamicClient for inConfig with an HTTP client from
// rest.HTTPClientFor. inConfig is not modified.
func NewForConfig(inConfig *rest.Config) (*DynamicClient, error) {
	config := ConfigFor(inConfig)
	httpClient, err := rest.HTTPClientFor(config)
	if err != nil {
		return nil, err
	}
	return NewForConfigAndClient(config, httpClient)
}

// NewForConfigAndClient creates a DynamicClient for inConfig that sends its
// requests through h, whose transport takes precedence over the transport
// settings of inConfig. inConfig is not modified.
func NewForConfigAndClient(inConfig *rest.Config, h *http.Client) (*DynamicClient, error) {
	config := ConfigFor(inConfig)
	config.GroupVersion = nil
	config.APIPath = "" // every request uses an absolute path
	client, err := rest.UnversionedRESTClientForConfigAndClient(config, h)
	if err != nil {
		return nil, fmt.Errorf("creating the dynamic client for %s: %w", inConfig.Host, err)
	}
	return &DynamicClient{client: client}, nil
}

// NewForConfigOrDie is NewForConfig that panics on error; meant for program
// initialisation only.
func NewForConfigOrDie(c *rest.Config) *DynamicClient {
	client, err := NewForConfig(c)
	if err != nil {
		panic(err)
	}
	return client
}

// Resource returns a client for resource. It is cheap and makes no request.
func (c *DynamicClient) Resource(resource schema.GroupVersionResource) NamespaceableResourceInterface {
	return &resourceClient{client: c.client, resource: resource}
}
