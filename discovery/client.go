package discovery

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"time"

	openapi_v2 "github.com/google/gnostic-models/openapiv2"
	"google.golang.org/protobuf/proto"
	apidiscovery "k8s.io/api/apidiscovery/v2"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/version"
	"k8s.io/klog/v2"

	"github.com/kclient/kclient/openapi"
	restclient "github.com/kclient/kclient/rest"
)

const (
	// defaultTimeout bounds each discovery request when the config sets none.
	defaultTimeout = 32 * time.Second
	// defaultBurst lets a full legacy discovery (one request per
	// group-version) go out without client-side throttling.
	defaultBurst = 300
	// discoveryAttempts is how often the list methods try again while some
	// group-versions fail.
	discoveryAttempts = 2
	// openAPIV2Accept asks for the protobuf encoding of /openapi/v2.
	openAPIV2Accept = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"
)

// discoveryCodecs only needs to understand metav1.Status, for error bodies:
// discovery documents are decoded with encoding/json.
var discoveryCodecs = func() serializer.CodecFactory {
	s := runtime.NewScheme()
	metav1.AddToGroupVersion(s, schema.GroupVersion{Version: "v1"})
	return serializer.NewCodecFactory(s)
}()

// DiscoveryClient asks a live API server what it serves, over HTTP. It is safe for concurrent use; change its exported fields only
// before sharing it.
type DiscoveryClient struct {
	restClient restclient.Interface

	// LegacyPrefix is the path of the core ("legacy") API, "/api" by default.
	LegacyPrefix string
	// UseLegacyDiscovery forces the legacy (unaggregated) discovery format.
	UseLegacyDiscovery bool
	// NoPeerDiscovery limits aggregated discovery to what the apiserver
	// answering the request serves itself (the "nopeer" profile), leaving
	// out resources that only its peers serve.
	NoPeerDiscovery bool
}

var (
	_ DiscoveryInterfaces                     = &DiscoveryClient{}
	_ AggregatedDiscoveryInterface            = &DiscoveryClient{}
	_ AggregatedDiscoveryInterfaceWithContext = &DiscoveryClient{}
)

// NewDiscoveryClientForConfig creates a DiscoveryClient for c, with its own
// HTTP client from rest.HTTPClientFor (c plus the discovery defaults). c is
// not modified.
func NewDiscoveryClientForConfig(c *restclient.Config) (*DiscoveryClient, error) {
	// The defaults matter to the transport too (user agent); the REST client
	// gets them again from NewDiscoveryClientForConfigAndClient.
	hc, err := restclient.HTTPClientFor(discoveryConfig(c))
	if err != nil {
		return nil, err
	}
	return NewDiscoveryClientForConfigAndClient(c, hc)
}

// NewDiscoveryClientForConfigAndClient creates a DiscoveryClient for c that
// sends its requests through httpClient, whose transport takes precedence
// over the transport settings in c. c is copied, never modified. Unset
// Timeout and Burst default to 32s and 300.
func NewDiscoveryClientForConfigAndClient(c *restclient.Config, httpClient *http.Client) (*DiscoveryClient, error) {
	client, err := restclient.UnversionedRESTClientForConfigAndClient(discoveryConfig(c), httpClient)
	if err != nil {
		return nil, fmt.Errorf("creating the discovery REST client for %s: %w", c.Host, err)
	}
	return &DiscoveryClient{restClient: client, LegacyPrefix: "/api"}, nil
}

// NewDiscoveryClientForConfigOrDie is NewDiscoveryClientForConfig that panics
// on error; meant for program initialisation only.
func NewDiscoveryClientForConfigOrDie(c *restclient.Config) *DiscoveryClient {
	client, err := NewDiscoveryClientForConfig(c)
	if err != nil {
		panic(err)
	}
	return client
}

// NewDiscoveryClient returns a DiscoveryClient that sends its requests
// through c, using absolute paths.
func NewDiscoveryClient(c restclient.Interface) *DiscoveryClient {
	d := &DiscoveryClient{LegacyPrefix: "/api"}
	if c != nil {
		d.restClient = c
	}
	return d
}

// discoveryConfig returns a shallow copy of c prepared for discovery:
// absolute paths across every group, the discovery codecs, and our timeout,
// burst and user agent wherever c leaves them unset.
func discoveryConfig(c *restclient.Config) *restclient.Config {
	out := *c
	out.APIPath, out.GroupVersion = "", nil
	out.NegotiatedSerializer = discoveryCodecs.WithoutConversion()
	out.Timeout = cmp.Or(out.Timeout, defaultTimeout)
	out.Burst = cmp.Or(out.Burst, defaultBurst)
	out.UserAgent = cmp.Or(out.UserAgent, restclient.DefaultKubernetesUserAgent())
	return &out
}

// RESTClient returns the client used for requests; nil for a nil receiver.
func (d *DiscoveryClient) RESTClient() restclient.Interface {
	if d == nil {
		return nil
	}
	return d.restClient
}

// WithLegacy returns a copy of d that only uses legacy discovery.
func (d *DiscoveryClient) WithLegacy() DiscoveryInterface {
	c := *d
	c.UseLegacyDiscovery = true
	return &c
}

// WithLegacyWithContext returns a copy of d that only uses legacy discovery.
func (d *DiscoveryClient) WithLegacyWithContext(context.Context) DiscoveryInterfaceWithContext {
	c := *d
	c.UseLegacyDiscovery = true
	return &c
}

// document is one fetched discovery document.
type document struct {
	body        []byte
	contentType string
	url         string
}

// get fetches path with the given Accept header. Errors name the URL.
func (d *DiscoveryClient) get(ctx context.Context, path, accept string) (document, error) {
	req := d.restClient.Get().AbsPath(path).SetHeader("Accept", accept)
	doc := document{url: req.URL().String()}
	body, err := req.Do(ctx).ContentType(&doc.contentType).Raw()
	doc.body = body
	return doc, err
}

// decodeJSON decodes a JSON discovery document into out, refusing bodies
// that declare another media type (an HTML error page from a proxy, say).
func (doc document) decodeJSON(what string, out any) error {
	if doc.contentType != "" {
		mt, _, err := mime.ParseMediaType(doc.contentType)
		if err != nil {
			return fmt.Errorf("%s from %s has an invalid content type %q: %w", what, doc.url, doc.contentType, err)
		}
		if mt != runtime.ContentTypeJSON {
			return fmt.Errorf("%s from %s: expected JSON, got content type %q (is this a Kubernetes API server?)", what, doc.url, mt)
		}
	}
	if err := json.Unmarshal(doc.body, out); err != nil {
		return fmt.Errorf("%s from %s is not valid JSON: %w", what, doc.url, err)
	}
	return nil
}

// rootResult is what one of /api and /apis yielded.
type rootResult struct {
	groups    []metav1.APIGroup
	resources map[schema.GroupVersion]*metav1.APIResourceList // nil unless aggregated
	failed    map[schema.GroupVersion]error
	err       error
}

// fetchRoot downloads /api (legacy true) or /apis and decodes whichever
// format the server chose. 404 and 403 count as "no groups here".
func (d *DiscoveryClient) fetchRoot(ctx context.Context, path string, legacy bool) rootResult {
	accept := AcceptV1
	if !d.UseLegacyDiscovery {
		if d.NoPeerDiscovery {
			accept = AcceptV2NoPeer + "," + AcceptV1
		} else {
			accept = AcceptV2 + "," + AcceptV1
		}
	}
	doc, err := d.get(ctx, path, accept)
	if err != nil {
		if apierrors.IsNotFound(err) || apierrors.IsForbidden(err) {
			return rootResult{}
		}
		return rootResult{err: err}
	}
	aggregated := false
	if doc.contentType != "" {
		if aggregated, err = ContentTypeIsGVK(doc.contentType, aggregatedGVK); err != nil {
			return rootResult{err: fmt.Errorf("discovery document from %s: %w", doc.url, err)}
		}
	}
	if aggregated {
		var list apidiscovery.APIGroupDiscoveryList
		if err := doc.decodeJSON("aggregated discovery document", &list); err != nil {
			return rootResult{err: err}
		}
		groups, resources, failed := SplitGroupsAndResources(list)
		return rootResult{groups: groups.Groups, resources: resources, failed: failed}
	}
	if legacy {
		var versions metav1.APIVersions
		if err := doc.decodeJSON("API versions document", &versions); err != nil {
			return rootResult{err: err}
		}
		if len(versions.Versions) == 0 {
			return rootResult{}
		}
		group := metav1.APIGroup{}
		for _, v := range versions.Versions {
			group.Versions = append(group.Versions, metav1.GroupVersionForDiscovery{GroupVersion: v, Version: v})
		}
		group.PreferredVersion = group.Versions[0]
		return rootResult{groups: []metav1.APIGroup{group}}
	}
	var list metav1.APIGroupList
	if err := doc.decodeJSON("API group list", &list); err != nil {
		return rootResult{err: err}
	}
	return rootResult{groups: list.Groups}
}

// GroupsAndMaybeResources is GroupsAndMaybeResourcesWithContext without a
// context.
func (d *DiscoveryClient) GroupsAndMaybeResources() (*metav1.APIGroupList, map[schema.GroupVersion]*metav1.APIResourceList, map[schema.GroupVersion]error, error) {
	return d.GroupsAndMaybeResourcesWithContext(context.Background())
}

// GroupsAndMaybeResourcesWithContext fetches /api, then /apis, and returns
// the groups, legacy ones first. The two requests run one after the other on
// purpose: a fresh client has no connection yet, and two concurrent requests
// would each pay for a TLS handshake (measured in hack/bench/discovery) to
// save one round trip. When both answered in the
// aggregated format it also returns the resources per group-version;
// otherwise the resource map is nil. The failed map (stale group-versions) is
// non-nil unless an error is returned.
func (d *DiscoveryClient) GroupsAndMaybeResourcesWithContext(ctx context.Context) (*metav1.APIGroupList, map[schema.GroupVersion]*metav1.APIResourceList, map[schema.GroupVersion]error, error) {
	legacy := d.fetchRoot(ctx, d.LegacyPrefix, true)
	if legacy.err != nil {
		return nil, nil, nil, legacy.err
	}
	apis := d.fetchRoot(ctx, "/apis", false)
	if apis.err != nil {
		return nil, nil, nil, apis.err
	}
	list := &metav1.APIGroupList{Groups: make([]metav1.APIGroup, 0, len(legacy.groups)+len(apis.groups))}
	list.Groups = append(list.Groups, legacy.groups...)
	list.Groups = append(list.Groups, apis.groups...)

	failed := map[schema.GroupVersion]error{}
	for gv, err := range legacy.failed {
		failed[gv] = err
	}
	for gv, err := range apis.failed {
		failed[gv] = err
	}
	var resources map[schema.GroupVersion]*metav1.APIResourceList
	if len(legacy.resources) > 0 && len(apis.resources) > 0 {
		resources = make(map[schema.GroupVersion]*metav1.APIResourceList, len(legacy.resources)+len(apis.resources))
		for gv, r := range legacy.resources {
			resources[gv] = r
		}
		for gv, r := range apis.resources {
			resources[gv] = r
		}
	}
	return list, resources, failed, nil
}

// ServerGroups is ServerGroupsWithContext without a context.
func (d *DiscoveryClient) ServerGroups() (*metav1.APIGroupList, error) {
	return d.ServerGroupsWithContext(context.Background())
}

// ServerGroupsWithContext returns the groups the server serves, core group
// first, each with its versions and preferred version. Stale group-versions
// of aggregated discovery are left out.
func (d *DiscoveryClient) ServerGroupsWithContext(ctx context.Context) (*metav1.APIGroupList, error) {
	groups, _, _, err := d.GroupsAndMaybeResourcesWithContext(ctx)
	return groups, err
}

// ServerResourcesForGroupVersion is ServerResourcesForGroupVersionWithContext
// without a context.
func (d *DiscoveryClient) ServerResourcesForGroupVersion(groupVersion string) (*metav1.APIResourceList, error) {
	return d.ServerResourcesForGroupVersionWithContext(context.Background(), groupVersion)
}

// ServerResourcesForGroupVersionWithContext fetches the resource list of one
// group-version ("v1" for the core group, "apps/v1" otherwise) with one
// request. A 404 for core "v1" yields an empty list, not an error.
func (d *DiscoveryClient) ServerResourcesForGroupVersionWithContext(ctx context.Context, groupVersion string) (*metav1.APIResourceList, error) {
	if groupVersion == "" {
		return nil, fmt.Errorf("groupVersion shouldn't be empty")
	}
	path := "/apis/" + groupVersion
	if d.LegacyPrefix != "" && groupVersion == "v1" {
		path = d.LegacyPrefix + "/v1"
	}
	resources := &metav1.APIResourceList{GroupVersion: groupVersion}
	doc, err := d.get(ctx, path, AcceptV1)
	if err != nil {
		if groupVersion == "v1" && apierrors.IsNotFound(err) {
			return resources, nil
		}
		return nil, err
	}
	if err := doc.decodeJSON("API resource list", resources); err != nil {
		return nil, err
	}
	return resources, nil
}

// ServerGroupsAndResources is ServerGroupsAndResourcesWithContext without a
// context.
func (d *DiscoveryClient) ServerGroupsAndResources() ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	return d.ServerGroupsAndResourcesWithContext(context.Background())
}

// ServerGroupsAndResourcesWithContext returns every group and the resources
// of every group-version, in discovery order. If some group-versions fail
// (also on a second attempt) it returns the rest with an
// *ErrGroupDiscoveryFailed.
func (d *DiscoveryClient) ServerGroupsAndResourcesWithContext(ctx context.Context) ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	type pass struct {
		groups    []*metav1.APIGroup
		resources []*metav1.APIResourceList
	}
	got, err := retryPartial(ctx, func() (pass, error) {
		g, r, err := ServerGroupsAndResourcesWithContext(ctx, d)
		return pass{g, r}, err
	})
	return got.groups, got.resources, err
}

// ServerPreferredResources is ServerPreferredResourcesWithContext without a
// context.
func (d *DiscoveryClient) ServerPreferredResources() ([]*metav1.APIResourceList, error) {
	return d.ServerPreferredResourcesWithContext(context.Background())
}

// ServerPreferredResourcesWithContext returns every resource once, in its
// group's preferred version (or the first version serving it). Partial
// results come with an *ErrGroupDiscoveryFailed.
func (d *DiscoveryClient) ServerPreferredResourcesWithContext(ctx context.Context) ([]*metav1.APIResourceList, error) {
	return retryPartial(ctx, func() ([]*metav1.APIResourceList, error) {
		return ServerPreferredResourcesWithContext(ctx, d)
	})
}

// ServerPreferredNamespacedResources is
// ServerPreferredNamespacedResourcesWithContext without a context.
func (d *DiscoveryClient) ServerPreferredNamespacedResources() ([]*metav1.APIResourceList, error) {
	return d.ServerPreferredNamespacedResourcesWithContext(context.Background())
}

// ServerPreferredNamespacedResourcesWithContext is
// ServerPreferredResourcesWithContext limited to namespaced resources.
func (d *DiscoveryClient) ServerPreferredNamespacedResourcesWithContext(ctx context.Context) ([]*metav1.APIResourceList, error) {
	return ServerPreferredNamespacedResourcesWithContext(ctx, d)
}

// ServerVersion is ServerVersionWithContext without a context.
func (d *DiscoveryClient) ServerVersion() (*version.Info, error) {
	return d.ServerVersionWithContext(context.Background())
}

// ServerVersionWithContext fetches and decodes /version.
func (d *DiscoveryClient) ServerVersionWithContext(ctx context.Context) (*version.Info, error) {
	doc, err := d.get(ctx, "/version", AcceptV1)
	if err != nil {
		return nil, err
	}
	var info version.Info
	if err := doc.decodeJSON("server version", &info); err != nil {
		return nil, fmt.Errorf("unable to parse the server version: %w", err)
	}
	return &info, nil
}

// OpenAPISchema is OpenAPISchemaWithContext without a context.
func (d *DiscoveryClient) OpenAPISchema() (*openapi_v2.Document, error) {
	return d.OpenAPISchemaWithContext(context.Background())
}

// OpenAPISchemaWithContext fetches /openapi/v2 in protobuf and parses it.
// The document is large (megabytes); cache it if you need it repeatedly.
func (d *DiscoveryClient) OpenAPISchemaWithContext(ctx context.Context) (*openapi_v2.Document, error) {
	doc, err := d.get(ctx, "/openapi/v2", openAPIV2Accept)
	if err != nil {
		return nil, err
	}
	out := &openapi_v2.Document{}
	if err := proto.Unmarshal(doc.body, out); err != nil {
		return nil, fmt.Errorf("parsing the OpenAPI v2 document from %s: %w", doc.url, err)
	}
	return out, nil
}

// OpenAPIV3 returns a client for the server's OpenAPI v3 documents.
func (d *DiscoveryClient) OpenAPIV3() openapi.Client {
	return openapi.NewClient(d.restClient)
}

// OpenAPIV3WithContext returns a client for the server's OpenAPI v3 documents.
func (d *DiscoveryClient) OpenAPIV3WithContext(context.Context) openapi.ClientWithContext {
	return openapi.NewClientWithContext(d.restClient)
}

// retryPartial runs pass up to discoveryAttempts times while it keeps
// failing with an *ErrGroupDiscoveryFailed (an aggregated API that is briefly
// unavailable is the usual cause), stopping early once ctx is done; the last
// partial result is returned with its error. Any other error ends the loop
// at once and discards the result.
func retryPartial[T any](ctx context.Context, pass func() (T, error)) (T, error) {
	for attempt := 1; ; attempt++ {
		got, err := pass()
		if err != nil && !IsGroupDiscoveryFailedError(err) {
			var none T
			return none, err
		}
		if err == nil || attempt >= discoveryAttempts || ctx.Err() != nil {
			return got, err
		}
		klog.FromContext(ctx).V(4).Info("Discovery returned partial results, trying again", "attempt", attempt, "err", err)
	}
}
