package gentypecore

import (
	"context"
	"fmt"
	"reflect"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/rest"
)

// Client is a typed client for one resource, namespaced or cluster-scoped,
// without List, DeleteCollection or Apply. The zero value is not usable;
// build one with NewClient. It is safe for concurrent use when its
// rest.Interface is.
type Client[T objectWithMeta] struct {
	resource        string
	client          rest.Interface
	parameterCodec  runtime.ParameterCodec
	namespace       string // empty for cluster-scoped resources
	newObject       func() T
	prefersProtobuf bool
}

// Option customises a Client at construction time.
type Option[T objectWithMeta] func(*Client[T])

// PrefersProtobuf makes the client send and accept protobuf (with JSON as
// the accepted fallback) whenever the rest client's content type was left
// empty in its configuration. An explicitly configured content type always
// wins. Generated clients for built-in types pass this option.
func PrefersProtobuf[T objectWithMeta]() Option[T] {
	return func(c *Client[T]) { c.prefersProtobuf = true }
}

// NewClient returns a client for resource (the lower-case plural, e.g.
// "configmaps") talking through client. namespace is the namespace every
// request is scoped to; pass "" for cluster-scoped resources (or to address
// all namespaces of a namespaced resource). emptyObjectCreator returns a new,
// empty T that responses are decoded into. parameterCodec encodes option
// structs into query parameters.
func NewClient[T objectWithMeta](
	resource string, client rest.Interface, parameterCodec runtime.ParameterCodec, namespace string, emptyObjectCreator func() T,
	options ...Option[T],
) *Client[T] {
	c := &Client[T]{
		resource:       resource,
		client:         client,
		parameterCodec: parameterCodec,
		namespace:      namespace,
		newObject:      emptyObjectCreator,
	}
	for _, opt := range options {
		if opt != nil {
			opt(c)
		}
	}
	return c
}

// GetClient returns the rest.Interface requests are sent through.
func (c *Client[T]) GetClient() rest.Interface { return c.client }

// GetNamespace returns the namespace the client is scoped to; "" for
// cluster-scoped clients.
func (c *Client[T]) GetNamespace() string { return c.namespace }

// start begins a request with the settings every call shares: wire format,
// namespace and resource. The content type must be chosen before Body is set,
// because Body encodes immediately.
func (c *Client[T]) start(r *rest.Request) *rest.Request {
	return r.UseProtobufAsDefaultIfPreferred(c.prefersProtobuf).
		NamespaceIfScoped(c.namespace, c.namespace != "").
		Resource(c.resource)
}

// decode performs r and decodes the response body into a new T.
func (c *Client[T]) decode(ctx context.Context, r *rest.Request) (T, error) {
	out := c.newObject()
	if err := r.Do(ctx).Into(out); err != nil {
		return out, err
	}
	return out, nil
}

// isNil reports whether v is nil or a nil pointer (as a typed nil object
// would make GetName panic).
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// listTimeout converts ListOptions.TimeoutSeconds into a client-side request
// timeout; zero means none.
func listTimeout(opts *metav1.ListOptions) time.Duration {
	if opts.TimeoutSeconds == nil {
		return 0
	}
	return time.Duration(*opts.TimeoutSeconds) * time.Second
}

// Get fetches the object called name. On error the returned T is an empty
// object, never nil, and the error is an *apierrors.StatusError for server
// responses (so apierrors.IsNotFound works).
func (c *Client[T]) Get(ctx context.Context, name string, options metav1.GetOptions) (T, error) {
	return c.decode(ctx, c.start(c.client.Get()).
		Name(name).
		VersionedParams(&options, c.parameterCodec))
}

// Watch starts a watch over the resources matching opts (opts.Watch is
// forced to true). opts.TimeoutSeconds also bounds the HTTP request. The
// caller must Stop the returned watch.Interface.
func (c *Client[T]) Watch(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
	opts.Watch = true
	return c.start(c.client.Get()).
		VersionedParams(&opts, c.parameterCodec).
		Timeout(listTimeout(&opts)).
		Watch(ctx)
}

// Create creates obj and returns the server's representation of it.
func (c *Client[T]) Create(ctx context.Context, obj T, opts metav1.CreateOptions) (T, error) {
	if isNil(obj) {
		return c.newObject(), fmt.Errorf("create %s: the object must not be nil", c.resource)
	}
	return c.decode(ctx, c.start(c.client.Post()).
		VersionedParams(&opts, c.parameterCodec).
		Body(obj))
}

// Update replaces the object named obj.GetName() with obj and returns the
// server's representation. A stale resourceVersion gives a Conflict error.
func (c *Client[T]) Update(ctx context.Context, obj T, opts metav1.UpdateOptions) (T, error) {
	if isNil(obj) {
		return c.newObject(), fmt.Errorf("update %s: the object must not be nil", c.resource)
	}
	return c.decode(ctx, c.start(c.client.Put()).
		Name(obj.GetName()).
		VersionedParams(&opts, c.parameterCodec).
		Body(obj))
}

// UpdateStatus replaces the status subresource of the object named
// obj.GetName() and returns the server's representation.
func (c *Client[T]) UpdateStatus(ctx context.Context, obj T, opts metav1.UpdateOptions) (T, error) {
	if isNil(obj) {
		return c.newObject(), fmt.Errorf("update %s status: the object must not be nil", c.resource)
	}
	return c.decode(ctx, c.start(c.client.Put()).
		Name(obj.GetName()).
		SubResource("status").
		VersionedParams(&opts, c.parameterCodec).
		Body(obj))
}

// Delete deletes the object called name; opts is sent as the request body.
func (c *Client[T]) Delete(ctx context.Context, name string, opts metav1.DeleteOptions) error {
	r := c.start(c.client.Delete()).Name(name).Body(&opts)
	return r.Do(ctx).Error()
}

// Patch applies data, a patch of type pt (JSON, merge, strategic merge or
// apply), to the object called name, or to its subresource when
// subresources is given, and returns the patched object.
func (c *Client[T]) Patch(ctx context.Context, name string, pt types.PatchType, data []byte, opts metav1.PatchOptions, subresources ...string) (T, error) {
	return c.decode(ctx, c.start(c.client.Patch(pt)).
		Name(name).
		SubResource(subresources...).
		VersionedParams(&opts, c.parameterCodec).
		Body(data))
}
