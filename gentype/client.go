package gentype

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kclient/kclient/internal/gentypecore"
	"github.com/kclient/kclient/rest"
)

// The implementation lives in internal/gentypecore, which the generated
// typed clients import directly; the types here embed it through these
// unexported aliases, so its methods are promoted without adding exported
// fields.
type (
	core[T objectWithMeta]                     = gentypecore.Client[T]
	lister[T objectWithMeta, L runtime.Object] = gentypecore.Lister[T, L]
	applier[T objectWithMeta, C namedObject]   = gentypecore.Applier[T, C]
)

// Client is a typed REST client for one resource with the verbs Get,
// Watch, Create, Update, UpdateStatus, Delete and Patch, plus GetClient and
// GetNamespace. Each verb performs one request synchronously and returns a
// freshly decoded object owned by the caller; server errors are
// *apierrors.StatusError values. Build one with NewClient; it is safe for
// concurrent use when its rest.Interface is.
type Client[T objectWithMeta] struct {
	*core[T]
}

// ClientWithList is a Client that can also List and DeleteCollection.
type ClientWithList[T objectWithMeta, L runtime.Object] struct {
	*Client[T]
	lister[T, L]
}

// ClientWithApply is a Client that can also server-side Apply and
// ApplyStatus, with apply configurations of type C.
type ClientWithApply[T objectWithMeta, C namedObject] struct {
	*Client[T]
	applier[T, C]
}

// ClientWithListAndApply has the verbs of both ClientWithList and
// ClientWithApply.
type ClientWithListAndApply[T objectWithMeta, L runtime.Object, C namedObject] struct {
	*Client[T]
	lister[T, L]
	applier[T, C]
}

// Option changes how NewClient and its siblings build a client.
type Option[T objectWithMeta] func(*Client[T])

// PrefersProtobuf is the option that makes a client talk protobuf (accepting
// JSON too) unless the rest client's configuration names a content type.
// Generated clients of built-in types use it.
func PrefersProtobuf[T objectWithMeta]() Option[T] {
	return func(c *Client[T]) { gentypecore.PrefersProtobuf[T]()(c.core) }
}

// NewClient returns a client for resource (lower-case plural, such as
// "configmaps") that sends its requests through client, scoped to namespace
// ("" for cluster-scoped resources, or all namespaces). emptyObjectCreator
// makes the empty T responses are decoded into; parameterCodec turns option
// structs into query parameters.
func NewClient[T objectWithMeta](
	resource string, client rest.Interface, parameterCodec runtime.ParameterCodec, namespace string, emptyObjectCreator func() T,
	options ...Option[T],
) *Client[T] {
	c := &Client[T]{gentypecore.NewClient(resource, client, parameterCodec, namespace, emptyObjectCreator)}
	for _, opt := range options {
		if opt != nil {
			opt(c)
		}
	}
	return c
}

// NewClientWithList is NewClient for a resource with a list type L;
// emptyListCreator makes the empty L that List decodes into.
func NewClientWithList[T objectWithMeta, L runtime.Object](
	resource string, client rest.Interface, parameterCodec runtime.ParameterCodec, namespace string, emptyObjectCreator func() T,
	emptyListCreator func() L, options ...Option[T],
) *ClientWithList[T, L] {
	c := NewClient(resource, client, parameterCodec, namespace, emptyObjectCreator, options...)
	return &ClientWithList[T, L]{Client: c, lister: gentypecore.NewLister(c.core, emptyListCreator)}
}

// NewClientWithApply is NewClient for a resource whose apply configuration
// type is C.
func NewClientWithApply[T objectWithMeta, C namedObject](
	resource string, client rest.Interface, parameterCodec runtime.ParameterCodec, namespace string, emptyObjectCreator func() T,
	options ...Option[T],
) *ClientWithApply[T, C] {
	c := NewClient(resource, client, parameterCodec, namespace, emptyObjectCreator, options...)
	return &ClientWithApply[T, C]{Client: c, applier: gentypecore.NewApplier[T, C](c.core)}
}

// NewClientWithListAndApply is NewClientWithList for a resource whose apply
// configuration type is C.
func NewClientWithListAndApply[T objectWithMeta, L runtime.Object, C namedObject](
	resource string, client rest.Interface, parameterCodec runtime.ParameterCodec, namespace string, emptyObjectCreator func() T,
	emptyListCreator func() L, options ...Option[T],
) *ClientWithListAndApply[T, L, C] {
	c := NewClient(resource, client, parameterCodec, namespace, emptyObjectCreator, options...)
	return &ClientWithListAndApply[T, L, C]{
		Client:  c,
		lister:  gentypecore.NewLister(c.core, emptyListCreator),
		applier: gentypecore.NewApplier[T, C](c.core),
	}
}

// EncodeApplyPatch returns the body and patch type of a server-side apply
// request for applyConfiguration: CBOR when the ClientsAllowCBOR and
// ClientsPreferCBOR feature gates are both on, JSON otherwise. It is not
// part of client-go's gentype; hand-written subresource apply methods use it.
func EncodeApplyPatch(applyConfiguration any) (types.PatchType, []byte, error) {
	return gentypecore.EncodeApplyPatch(applyConfiguration)
}
