package typedclient

import (
	"fmt"
	"net/http"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/rest"
)

// Defaults fills a copy of config with what a typed client of gv needs:
// group-version, API path ("/api" or "/apis"), the package's serializer and,
// when unset, the default user agent. The content type is left alone: empty
// means protobuf for built-in types (see gentype.PrefersProtobuf), anything
// else is honoured.
func Defaults(config *rest.Config, gv schema.GroupVersion, apiPath string, codecs *Codecs) *rest.Config {
	out := *config
	out.GroupVersion = &gv
	out.APIPath = apiPath
	out.NegotiatedSerializer = codecs.NegotiatedSerializer()
	if out.UserAgent == "" {
		out.UserAgent = rest.DefaultKubernetesUserAgent()
	}
	return &out
}

// NewRESTClient builds the rest client of a typed group-version client.
// A nil httpClient means one built from config (rest.HTTPClientFor).
func NewRESTClient(config *rest.Config, httpClient *http.Client, gv schema.GroupVersion, apiPath string, codecs *Codecs) (*rest.RESTClient, error) {
	if config == nil {
		return nil, fmt.Errorf("%s client: nil *rest.Config", gvString(gv))
	}
	cfg := Defaults(config, gv, apiPath, codecs)
	if httpClient == nil {
		var err error
		if httpClient, err = rest.HTTPClientFor(cfg); err != nil {
			return nil, fmt.Errorf("%s client: %w", gvString(gv), err)
		}
	}
	rc, err := rest.RESTClientForConfigAndClient(cfg, httpClient)
	if err != nil {
		return nil, fmt.Errorf("%s client: %w", gvString(gv), err)
	}
	return rc, nil
}

func gvString(gv schema.GroupVersion) string {
	if gv.Group == "" {
		return "core/" + gv.Version
	}
	return gv.String()
}
