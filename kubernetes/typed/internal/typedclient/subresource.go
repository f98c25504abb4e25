package typedclient

import (
	"context"
	"errors"
	"reflect"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/internal/gentypecore"
	"github.com/kclient/kclient/rest"
)

// Target addresses one resource of a typed client, for requests the generic
// gentype clients do not cover: subresources with their own body or result
// type (scale, token, eviction, approval, ...).
type Target struct {
	// Client sends the requests.
	Client rest.Interface
	// Namespace is "" for cluster-scoped resources.
	Namespace string
	// Resource is the lower-case plural ("deployments").
	Resource string
	// ParameterCodec encodes the options into query parameters.
	ParameterCodec runtime.ParameterCodec
	// Protobuf makes protobuf the default wire format, as for built-in types.
	Protobuf bool
}

// Start scopes r (from t.Client.Get(), Post(), ...) to the object called
// name and its subresource ("" for the object itself), choosing protobuf
// first when t.Protobuf is set. Hand-written expansions finish the request.
func (t Target) Start(r *rest.Request, name, subresource string) *rest.Request {
	r = r.UseProtobufAsDefaultIfPreferred(t.Protobuf).
		NamespaceIfScoped(t.Namespace, t.Namespace != "").
		Resource(t.Resource).
		Name(name)
	if subresource != "" {
		r = r.SubResource(subresource)
	}
	return r
}

// Get reads subresource of the object called name into out.
func Get[Out runtime.Object](ctx context.Context, t Target, name, subresource string, opts *metav1.GetOptions, out Out) (Out, error) {
	err := t.Start(t.Client.Get(), name, subresource).
		VersionedParams(opts, t.ParameterCodec).
		Do(ctx).Into(out)
	return out, err
}

// Create posts in to subresource of the object called name and decodes the
// response into out.
func Create[Out runtime.Object](ctx context.Context, t Target, name, subresource string, in runtime.Object, opts *metav1.CreateOptions, out Out) (Out, error) {
	err := t.Start(t.Client.Post(), name, subresource).
		VersionedParams(opts, t.ParameterCodec).
		Body(in).
		Do(ctx).Into(out)
	return out, err
}

// Update puts in to subresource of the object called name and decodes the
// response into out.
func Update[Out runtime.Object](ctx context.Context, t Target, name, subresource string, in runtime.Object, opts *metav1.UpdateOptions, out Out) (Out, error) {
	err := t.Start(t.Client.Put(), name, subresource).
		VersionedParams(opts, t.ParameterCodec).
		Body(in).
		Do(ctx).Into(out)
	return out, err
}

// Post posts in to subresource of the object called name, with opts (may be
// nil) as query parameters, and discards the response body.
func Post(ctx context.Context, t Target, name, subresource string, in runtime.Object, opts runtime.Object) error {
	r := t.Start(t.Client.Post(), name, subresource)
	if opts != nil {
		r = r.VersionedParams(opts, t.ParameterCodec)
	}
	return r.Body(in).Do(ctx).Error()
}

// Apply sends the apply configuration ac as a server-side apply patch to
// subresource of the object called name. ac must not be nil.
func Apply[Out runtime.Object](ctx context.Context, t Target, name, subresource string, ac any, opts metav1.ApplyOptions, out Out) (Out, error) {
	if v := reflect.ValueOf(ac); !v.IsValid() || (v.Kind() == reflect.Pointer && v.IsNil()) {
		return out, errors.New("apply: the apply configuration must not be nil")
	}
	pt, body, err := gentypecore.EncodeApplyPatch(ac)
	if err != nil {
		return out, err
	}
	patchOpts := opts.ToPatchOptions()
	err = t.Start(t.Client.Patch(pt), name, subresource).
		VersionedParams(&patchOpts, t.ParameterCodec).
		Body(body).
		Do(ctx).Into(out)
	return out, err
}
