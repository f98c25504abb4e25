package dynamic

import (
	"cmp"
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
	cfg := rest.CopyConfig(inConfig)
	cfg.ContentType, cfg.AcceptContentTypes = runtime.ContentTypeJSON, runtime.ContentTypeJSON
	cfg.NegotiatedSerializer = jsonNegotiator{}
	cfg.UserAgent = cmp.Or(cfg.UserAgent, rest.DefaultKubernetesUserAgent())
	return cfg
}

// New returns a DynamicClient that sends its requests through c, which must
// decode JSON (see ConfigFor) and is addressed with absolute paths.
func New(c rest.Interface) *DynamicClient {
	return &DynamicClient{client: c}
}

// NewForConfig creates a DynamicClient for inConfig with an HTTP client from
// rest.HTTPClientFor. inConfig is not modified.
func NewForConfig(inConfig *rest.Config) (*DynamicClient, error) {
	// The HTTP client is built from the adjusted config (it carries the
	// user agent); NewForConfigAndClient adjusts inConfig again on its own.
	hc, err := rest.HTTPClientFor(ConfigFor(inConfig))
	if err != nil {
		return nil, err
	}
	return NewForConfigAndClient(inConfig, hc)
}

// NewForConfigAndClient creates a DynamicClient for inConfig that sends its
// requests through h, whose transport takes precedence over the transport
// settings of inConfig. inConfig is not modified.
func NewForConfigAndClient(inConfig *rest.Config, h *http.Client) (*DynamicClient, error) {
	cfg := ConfigFor(inConfig)
	// Requests carry absolute paths built per resource, so the base URL has
	// neither an API prefix nor a group version.
	cfg.APIPath, cfg.GroupVersion = "", nil
	client, err := rest.UnversionedRESTClientForConfigAndClient(cfg, h)
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
