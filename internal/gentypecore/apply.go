package gentypecore

import (
	"context"
	"errors"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	cbor "k8s.io/apimachinery/pkg/runtime/serializer/cbor/direct"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/json"

	"github.com/kclient/kclient/features"
	"github.com/kclient/kclient/rest"
)

// ClientWithApply is a Client that can also server-side Apply.
type ClientWithApply[T objectWithMeta, C namedObject] struct {
	*Client[T]
	Applier[T, C]
}

// ClientWithListAndApply is a Client with both the collection verbs and
// server-side Apply.
type ClientWithListAndApply[T objectWithMeta, L runtime.Object, C namedObject] struct {
	*Client[T]
	Lister[T, L]
	Applier[T, C]
}

// Applier carries Apply and ApplyStatus, with apply configurations of type
// C, for one Client. It is embedded next to the Client it was made for.
type Applier[T objectWithMeta, C namedObject] struct {
	client *Client[T]
}

// NewApplier returns the apply verbs of c.
func NewApplier[T objectWithMeta, C namedObject](c *Client[T]) Applier[T, C] {
	return Applier[T, C]{client: c}
}

// NewClientWithApply is NewClient for a resource with apply configurations
// of type C.
func NewClientWithApply[T objectWithMeta, C namedObject](
	resource string, client rest.Interface, parameterCodec runtime.ParameterCodec, namespace string, emptyObjectCreator func() T,
	options ...Option[T],
) *ClientWithApply[T, C] {
	c := NewClient(resource, client, parameterCodec, namespace, emptyObjectCreator, options...)
	return &ClientWithApply[T, C]{Client: c, Applier: NewApplier[T, C](c)}
}

// NewClientWithListAndApply is NewClientWithList for a resource with apply
// configurations of type C.
func NewClientWithListAndApply[T objectWithMeta, L runtime.Object, C namedObject](
	resource string, client rest.Interface, parameterCodec runtime.ParameterCodec, namespace string, emptyObjectCreator func() T,
	emptyListCreator func() L, options ...Option[T],
) *ClientWithListAndApply[T, L, C] {
	c := NewClient(resource, client, parameterCodec, namespace, emptyObjectCreator, options...)
	return &ClientWithListAndApply[T, L, C]{
		Client:  c,
		Lister:  NewLister(c, emptyListCreator),
		Applier: NewApplier[T, C](c),
	}
}

// Apply sends obj as a server-side apply patch for the object it names and
// returns the resulting object. obj must be non-nil and carry a name;
// opts.FieldManager is required by the server.
func (a *Applier[T, C]) Apply(ctx context.Context, obj C, opts metav1.ApplyOptions) (T, error) {
	return a.apply(ctx, obj, opts)
}

// ApplyStatus is Apply on the status subresource.
func (a *Applier[T, C]) ApplyStatus(ctx context.Context, obj C, opts metav1.ApplyOptions) (T, error) {
	return a.apply(ctx, obj, opts, "status")
}

func (a *Applier[T, C]) apply(ctx context.Context, obj C, opts metav1.ApplyOptions, subresources ...string) (T, error) {
	var zero C
	if obj == zero {
		return a.client.newObject(), errors.New("apply: the apply configuration must not be nil")
	}
	name := obj.GetName()
	if name == nil {
		return a.client.newObject(), errors.New("apply: the apply configuration must set a name")
	}
	pt, body, err := EncodeApplyPatch(obj)
	if err != nil {
		return a.client.newObject(), err
	}
	patchOpts := opts.ToPatchOptions()
	return a.client.decode(ctx, a.client.start(a.client.client.Patch(pt)).
		Name(*name).
		SubResource(subresources...).
		VersionedParams(&patchOpts, a.client.parameterCodec).
		Body(body))
}

// EncodeApplyPatch serialises an apply configuration as a server-side apply
// patch body and returns the patch type to send it with: CBOR when both
// the ClientsAllowCBOR and ClientsPreferCBOR feature gates are enabled,
// otherwise JSON (sent as application/apply-patch+yaml, of which JSON is a
// subset). Generated subresource apply methods use it too.
func EncodeApplyPatch(applyConfiguration any) (types.PatchType, []byte, error) {
	gates := features.FeatureGates()
	if gates.Enabled(features.ClientsAllowCBOR) && gates.Enabled(features.ClientsPreferCBOR) {
		body, err := cbor.Marshal(applyConfiguration)
		if err != nil {
			return "", nil, fmt.Errorf("apply: encoding %T as CBOR: %w", applyConfiguration, err)
		}
		return types.ApplyCBORPatchType, body, nil
	}
	body, err := json.Marshal(applyConfiguration)
	if err != nil {
		return "", nil, fmt.Errorf("apply: encoding %T as JSON: %w", applyConfiguration, err)
	}
	return types.ApplyYAMLPatchType, body, nil
}
