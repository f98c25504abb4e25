package metadata

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	metainternalversionscheme "k8s.io/apimachinery/pkg/apis/meta/internalversion/scheme"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/klog/v2"

	"github.com/kclient/kclient/rest"
)

// Accept headers asking for metadata only, protobuf preferred; the plain
// JSON fallback lets servers that cannot transform still answer.
const (
	acceptObject = "application/vnd.kubernetes.protobuf;as=PartialObjectMetadata;g=meta.k8s.io;v=v1," +
		"application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json"
	acceptList = "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1," +
		"application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"
)

// wireProtobuf is the preferred encoding on the wire.
const wireProtobuf = "application/vnd.kubernetes.protobuf"

// versionV1 is the version the option structs are encoded in.
var versionV1 = schema.GroupVersion{Version: "v1"}

// parameterCodec encodes the option structs as query parameters.
var parameterCodec = func() runtime.ParameterCodec {
	s := runtime.NewScheme()
	metav1.AddToGroupVersion(s, versionV1)
	return runtime.NewParameterCodec(s)
}()

var errNameRequired = errors.New("name is required")

// Interface reads the metadata of any resource as PartialObjectMetadata.
type Interface interface {
	// Resource returns a client for the resource; it makes no request.
	Resource(resource schema.GroupVersionResource) Getter
}

// Getter is a ResourceInterface for cluster-scoped access (or all
// namespaces, for List and Watch) that can be narrowed to one namespace.
type Getter interface {
	// Namespace returns a client for the resource in that namespace.
	Namespace(string) ResourceInterface
	ResourceInterface
}

// ResourceInterface operates on the metadata of one resource, optionally in
// one namespace. There is no Update: the server cannot update from partial
// objects, use Patch.
type ResourceInterface interface {
	// Delete deletes the named object.
	Delete(ctx context.Context, name string, options metav1.DeleteOptions, subresources ...string) error
	// DeleteCollection deletes every object listOptions selects.
	DeleteCollection(ctx context.Context, options metav1.DeleteOptions, listOptions metav1.ListOptions) error
	// Get returns the metadata of the named object.
	Get(ctx context.Context, name string, options metav1.GetOptions, subresources ...string) (*metav1.PartialObjectMetadata, error)
	// List returns the metadata of the objects opts selects.
	List(ctx context.Context, opts metav1.ListOptions) (*metav1.PartialObjectMetadataList, error)
	// Watch streams changes as PartialObjectMetadata events. Stop the
	// watch (or cancel ctx) to release the connection.
	Watch(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error)
	// Patch patches the named object and returns its metadata.
	Patch(ctx context.Context, name string, pt types.PatchType, data []byte, options metav1.PatchOptions, subresources ...string) (*metav1.PartialObjectMetadata, error)
}

// Client implements Interface. It is safe for concurrent use.
type Client struct {
	client rest.Interface
}

var _ Interface = &Client{}

// ConfigFor returns a copy of inConfig set up for metadata requests:
// protobuf preferred, JSON accepted, and the default user agent when none
// is set.
func ConfigFor(inConfig *rest.Config) *rest.Config {
	cfg := rest.CopyConfig(inConfig)
	cfg.ContentType, cfg.AcceptContentTypes = wireProtobuf, wireProtobuf+","+runtime.ContentTypeJSON
	cfg.NegotiatedSerializer = metainternalversionscheme.Codecs.WithoutConversion()
	cfg.UserAgent = cmp.Or(cfg.UserAgent, rest.DefaultKubernetesUserAgent())
	return cfg
}

// NewForConfig creates a metadata client for inConfig with an HTTP client
// from rest.HTTPClientFor. inConfig is not modified.
func NewForConfig(inConfig *rest.Config) (Interface, error) {
	// The HTTP client is built from the adjusted config (it carries the
	// user agent); NewForConfigAndClient adjusts inConfig again on its own.
	hc, err := rest.HTTPClientFor(ConfigFor(inConfig))
	if err != nil {
		return nil, err
	}
	return NewForConfigAndClient(inConfig, hc)
}

// NewForConfigAndClient creates a metadata client for inConfig that sends
// its requests through h, whose transport takes precedence over the
// transport settings of inConfig. inConfig is not modified.
func NewForConfigAndClient(inConfig *rest.Config, h *http.Client) (Interface, error) {
	cfg := ConfigFor(inConfig)
	// resourceClient.path builds absolute paths, so the base URL carries
	// neither an API prefix nor a group version.
	cfg.APIPath, cfg.GroupVersion = "", &schema.GroupVersion{}
	client, err := rest.RESTClientForConfigAndClient(cfg, h)
	if err != nil {
		return nil, fmt.Errorf("creating the metadata client for %s: %w", inConfig.Host, err)
	}
	return &Client{client: client}, nil
}

// NewForConfigOrDie is NewForConfig that panics on error; meant for program
// initialisation only.
func NewForConfigOrDie(c *rest.Config) Interface {
	client, err := NewForConfig(c)
	if err != nil {
		panic(err)
	}
	return client
}

// Resource returns a client for resource.
func (c *Client) Resource(resource schema.GroupVersionResource) Getter {
	return &resourceClient{client: c.client, resource: resource}
}

type resourceClient struct {
	client    rest.Interface
	resource  schema.GroupVersionResource
	namespace string
}

func (c *resourceClient) Namespace(ns string) ResourceInterface {
	cp := *c
	cp.namespace = ns
	return &cp
}

// path returns the URL path segments of the collection or the named object.
func (c *resourceClient) path(name string, subresources ...string) []string {
	segs := make([]string, 0, 8+len(subresources))
	if c.resource.Group == "" {
		segs = append(segs, "api")
	} else {
		segs = append(segs, "apis", c.resource.Group)
	}
	segs = append(segs, c.resource.Version)
	if c.namespace != "" {
		segs = append(segs, "namespaces", c.namespace)
	}
	segs = append(segs, c.resource.Resource)
	if name != "" {
		segs = append(segs, name)
	}
	return append(segs, subresources...)
}

func (c *resourceClient) validate(name ...string) error {
	if msgs := rest.IsValidPathSegmentName(c.namespace); len(msgs) != 0 {
		return fmt.Errorf("invalid namespace %q: %v", c.namespace, msgs)
	}
	for _, n := range name {
		if n == "" {
			return errNameRequired
		}
		if msgs := rest.IsValidPathSegmentName(n); len(msgs) != 0 {
			return fmt.Errorf("invalid resource name %q: %v", n, msgs)
		}
	}
	return nil
}

// partialMeta is what the metadata client hands back: one object or a list.
type partialMeta interface {
	*metav1.PartialObjectMetadata | *metav1.PartialObjectMetadataList
	runtime.Object
}

// decodeMeta extracts T from a response. A server that cannot produce the
// metadata-only form answers with the full object, whose kind the metadata
// codec does not know; that body is JSON and fromJSON turns it into T.
func decodeMeta[T partialMeta](result rest.Result, kind string, fromJSON func([]byte) (T, error)) (T, error) {
	var none T
	if err := result.Error(); err != nil {
		return none, err
	}
	obj, err := result.Get()
	switch {
	case runtime.IsNotRegisteredError(err):
		klog.V(5).Info("Server ignored the metadata-only Accept type; decoding the full response", "kind", kind, "err", err)
		raw, _ := result.Raw()
		return fromJSON(raw)
	case err != nil:
		return none, err
	}
	if got, ok := obj.(T); ok {
		return got, nil
	}
	return none, fmt.Errorf("unexpected object, expected %s but got %T", kind, obj)
}

// objectFromJSON reads the metadata out of a full JSON object, refusing
// bodies that do not look like a Kubernetes object at all.
func objectFromJSON(raw []byte) (*metav1.PartialObjectMetadata, error) {
	out := new(metav1.PartialObjectMetadata)
	if err := json.Unmarshal(raw, out); err != nil {
		return nil, fmt.Errorf("unable to decode returned object as PartialObjectMetadata: %w", err)
	}
	if !looksLikeObjectMeta(&out.ObjectMeta) {
		return nil, fmt.Errorf("object does not appear to match the ObjectMeta schema: %#v", *out)
	}
	out.TypeMeta = metav1.TypeMeta{} // the full object's kind is not ours to report
	return out, nil
}

// listFromJSON reads the item metadata out of a full JSON list.
func listFromJSON(raw []byte) (*metav1.PartialObjectMetadataList, error) {
	out := new(metav1.PartialObjectMetadataList)
	if err := json.Unmarshal(raw, out); err != nil {
		return nil, fmt.Errorf("unable to decode returned object as PartialObjectMetadataList: %w", err)
	}
	out.TypeMeta = metav1.TypeMeta{}
	return out, nil
}

// watchTimeout bounds the watch request by the server-side TimeoutSeconds;
// zero (no bound) also replaces any timeout of the underlying HTTP client.
func watchTimeout(opts *metav1.ListOptions) time.Duration {
	if opts.TimeoutSeconds == nil {
		return 0
	}
	return time.Second * time.Duration(*opts.TimeoutSeconds)
}

// decodeMetaObject is decodeMeta for single-object responses.
func decodeMetaObject(result rest.Result) (*metav1.PartialObjectMetadata, error) {
	return decodeMeta(result, "PartialObjectMetadata", objectFromJSON)
}

// looksLikeObjectMeta guards the fallback against bodies that are not
// Kubernetes objects at all.
func looksLikeObjectMeta(m *metav1.ObjectMeta) bool {
	return m.UID != "" || !m.CreationTimestamp.IsZero() || m.Name != "" || m.GenerateName != ""
}

func deleteBody(opts metav1.DeleteOptions) ([]byte, error) {
	opts.APIVersion, opts.Kind = "v1", "DeleteOptions"
	return json.Marshal(&opts)
}

func (c *resourceClient) Delete(ctx context.Context, name string, opts metav1.DeleteOptions, subresources ...string) error {
	if err := c.validate(name); err != nil {
		return err
	}
	body, err := deleteBody(opts)
	if err != nil {
		return err
	}
	return c.client.Delete().AbsPath(c.path(name, subresources...)...).
		SetHeader("Content-Type", runtime.ContentTypeJSON).Body(body).Do(ctx).Error()
}

func (c *resourceClient) DeleteCollection(ctx context.Context, opts metav1.DeleteOptions, listOpts metav1.ListOptions) error {
	if err := c.validate(); err != nil {
		return err
	}
	body, err := deleteBody(opts)
	if err != nil {
		return err
	}
	return c.client.Delete().AbsPath(c.path("")...).
		SetHeader("Content-Type", runtime.ContentTypeJSON).Body(body).
		SpecificallyVersionedParams(&listOpts, parameterCodec, versionV1).Do(ctx).Error()
}

func (c *resourceClient) Get(ctx context.Context, name string, opts metav1.GetOptions, subresources ...string) (*metav1.PartialObjectMetadata, error) {
	if err := c.validate(name); err != nil {
		return nil, err
	}
	return decodeMetaObject(c.client.Get().AbsPath(c.path(name, subresources...)...).
		SetHeader("Accept", acceptObject).
		SpecificallyVersionedParams(&opts, parameterCodec, versionV1).Do(ctx))
}

func (c *resourceClient) List(ctx context.Context, opts metav1.ListOptions) (*metav1.PartialObjectMetadataList, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	return decodeMeta(c.client.Get().AbsPath(c.path("")...).
		SetHeader("Accept", acceptList).
		SpecificallyVersionedParams(&opts, parameterCodec, versionV1).Do(ctx),
		"PartialObjectMetadataList", listFromJSON)
}

func (c *resourceClient) Watch(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	opts.Watch = true
	return c.client.Get().AbsPath(c.path("")...).
		SetHeader("Accept", acceptObject).
		SpecificallyVersionedParams(&opts, parameterCodec, versionV1).
		Timeout(watchTimeout(&opts)).Watch(ctx)
}

func (c *resourceClient) Patch(ctx context.Context, name string, pt types.PatchType, data []byte, opts metav1.PatchOptions, subresources ...string) (*metav1.PartialObjectMetadata, error) {
	if err := c.validate(name); err != nil {
		return nil, err
	}
	return decodeMetaObject(c.client.Patch(pt).AbsPath(c.path(name, subresources...)...).Body(data).
		SetHeader("Accept", acceptObject).
		SpecificallyVersionedParams(&opts, parameterCodec, versionV1).Do(ctx))
}
