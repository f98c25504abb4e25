package scale

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"

	autoscalingapi "k8s.io/api/autoscaling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kclient/kclient/dynamic"
	restclient "github.com/kclient/kclient/rest"
)

// converter is shared by all clients; it is immutable.
var converter = NewScaleConverter()

// versionV1 is the version the option structs are encoded in.
var versionV1 = schema.GroupVersion{Version: "v1"}

// parameterCodec encodes the option structs as query parameters.
var parameterCodec = func() runtime.ParameterCodec {
	s := runtime.NewScheme()
	metav1.AddToGroupVersion(s, versionV1)
	return runtime.NewParameterCodec(s)
}()

// scaleClient implements ScalesGetter.
type scaleClient struct {
	base     restclient.Interface
	mapper   PreferredResourceMapper
	apiPath  dynamic.APIPathResolverFunc
	resolver ScaleKindResolver
}

// New returns a ScalesGetter that sends requests through baseClient (which
// must accept absolute paths and decode JSON), completes resources with
// mapper, finds their API root with resolver and the Scale kind of their
// endpoints with scaleKindResolver.
func New(baseClient restclient.Interface, mapper PreferredResourceMapper, resolver dynamic.APIPathResolverFunc, scaleKindResolver ScaleKindResolver) ScalesGetter {
	return &scaleClient{base: baseClient, mapper: mapper, apiPath: resolver, resolver: scaleKindResolver}
}

// NewForConfig is New with a REST client built from cfg. Note that, as in
// client-go, cfg's GroupVersion, NegotiatedSerializer and (if empty)
// UserAgent are set by this call.
func NewForConfig(cfg *restclient.Config, mapper PreferredResourceMapper, resolver dynamic.APIPathResolverFunc, scaleKindResolver ScaleKindResolver) (ScalesGetter, error) {
	cfg.GroupVersion = &schema.GroupVersion{}
	cfg.NegotiatedSerializer = converter.Codecs().WithoutConversion()
	cfg.UserAgent = cmp.Or(cfg.UserAgent, restclient.DefaultKubernetesUserAgent())
	client, err := restclient.RESTClientFor(cfg)
	if err != nil {
		return nil, err
	}
	return New(client, mapper, resolver, scaleKindResolver), nil
}

func (c *scaleClient) Scales(namespace string) ScaleInterface {
	return &namespacedClient{c: c, namespace: namespace}
}

// apiPathFor returns the versioned API root of gv, e.g. "/apis/apps/v1".
func (c *scaleClient) apiPathFor(gv schema.GroupVersion) string {
	root := c.apiPath(gv.WithKind(""))
	if root == "" {
		root = "/api"
	}
	return restclient.DefaultVersionedAPIPath(root, gv)
}

// pathAndVersionFor completes resource to its preferred version.
func (c *scaleClient) pathAndVersionFor(resource schema.GroupResource) (string, schema.GroupVersionResource, error) {
	gvr, err := c.mapper.ResourceFor(resource.WithVersion(""))
	if err != nil {
		return "", gvr, fmt.Errorf("unable to get full preferred group-version-resource for %s: %w", resource, err)
	}
	return c.apiPathFor(gvr.GroupVersion()), gvr, nil
}

type namespacedClient struct {
	c         *scaleClient
	namespace string
}

func (n *namespacedClient) request(req *restclient.Request, path, resource, name string) *restclient.Request {
	return req.AbsPath(path).NamespaceIfScoped(n.namespace, n.namespace != "").
		Resource(resource).Name(name).SubResource("scale")
}

func (n *namespacedClient) Get(ctx context.Context, resource schema.GroupResource, name string, opts metav1.GetOptions) (*autoscalingapi.Scale, error) {
	path, gvr, err := n.c.pathAndVersionFor(resource)
	if err != nil {
		return nil, fmt.Errorf("unable to get client for %s: %w", resource, err)
	}
	return decodeScale(ctx, n.request(n.c.base.Get(), path, gvr.Resource, name).
		SpecificallyVersionedParams(&opts, parameterCodec, versionV1))
}

func (n *namespacedClient) Update(ctx context.Context, resource schema.GroupResource, scale *autoscalingapi.Scale, opts metav1.UpdateOptions) (*autoscalingapi.Scale, error) {
	path, gvr, err := n.c.pathAndVersionFor(resource)
	if err != nil {
		return nil, fmt.Errorf("unable to get client for %s: %w", resource, err)
	}
	want, err := n.c.resolver.ScaleForResource(gvr)
	if err != nil {
		return nil, fmt.Errorf("could not find proper group-version for scale subresource of %s: %w", gvr, err)
	}
	update, err := converter.ConvertToVersion(scale, want.GroupVersion())
	if err != nil {
		return nil, fmt.Errorf("could not convert scale update to external Scale: %w", err)
	}
	body, err := json.Marshal(update)
	if err != nil {
		return nil, fmt.Errorf("could not encode scale update to external Scale: %w", err)
	}
	return decodeScale(ctx, n.request(n.c.base.Put(), path, gvr.Resource, scale.Name).
		SetHeader("Content-Type", runtime.ContentTypeJSON).
		SpecificallyVersionedParams(&opts, parameterCodec, versionV1).Body(body))
}

func (n *namespacedClient) Patch(ctx context.Context, gvr schema.GroupVersionResource, name string, pt types.PatchType, data []byte, opts metav1.PatchOptions) (*autoscalingapi.Scale, error) {
	return decodeScale(ctx, n.request(n.c.base.Patch(pt), n.c.apiPathFor(gvr.GroupVersion()), gvr.Resource, name).
		SpecificallyVersionedParams(&opts, parameterCodec, versionV1).Body(data))
}

// decodeScale sends req and turns the /scale response, of any supported
// version, into an autoscaling/v1 Scale. Server errors are returned as they
// are, so apierrors.IsConflict and friends work.
func decodeScale(ctx context.Context, req *restclient.Request) (*autoscalingapi.Scale, error) {
	body, err := req.Do(ctx).Raw()
	if err != nil {
		return nil, err
	}
	obj, _, err := converter.Codecs().UniversalDeserializer().Decode(body, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("decoding the response from %s: %w", req.URL().Redacted(), err)
	}
	out, err := converter.ConvertToVersion(obj, autoscalingapi.SchemeGroupVersion)
	if err != nil {
		return nil, fmt.Errorf("received an object from a /scale endpoint which was not convertible to autoscaling Scale: %w", err)
	}
	return out.(*autoscalingapi.Scale), nil
}
