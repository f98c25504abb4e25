package gentype

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kclient/kclient/testing"
)

// FakeClientWithApply is a FakeClient that can also Apply and ApplyStatus.
type FakeClientWithApply[T objectWithMeta, C namedObject] struct {
	*FakeClient[T]
	fakeApplier[T, C]
}

// FakeClientWithListAndApply has the verbs of both FakeClientWithList and
// FakeClientWithApply.
type FakeClientWithListAndApply[T objectWithMeta, L runtime.Object, C namedObject] struct {
	*FakeClient[T]
	fakeLister[T, L]
	fakeApplier[T, C]
}

// fakeApplier carries the apply verbs of a FakeClient.
type fakeApplier[T objectWithMeta, C namedObject] struct {
	client *FakeClient[T]
}

// NewFakeClientWithApply is NewFakeClient for a resource whose apply
// configuration type is C.
func NewFakeClientWithApply[T objectWithMeta, C namedObject](
	fake *testing.Fake, namespace string, resource schema.GroupVersionResource, kind schema.GroupVersionKind, emptyObjectCreator func() T,
) *FakeClientWithApply[T, C] {
	c := NewFakeClient(fake, namespace, resource, kind, emptyObjectCreator)
	return &FakeClientWithApply[T, C]{FakeClient: c, fakeApplier: fakeApplier[T, C]{client: c}}
}

// NewFakeClientWithListAndApply is NewFakeClientWithList for a resource
// whose apply configuration type is C.
func NewFakeClientWithListAndApply[T objectWithMeta, L runtime.Object, C namedObject](
	fake *testing.Fake, namespace string, resource schema.GroupVersionResource, kind schema.GroupVersionKind, emptyObjectCreator func() T,
	emptyListCreator func() L, listMetaCopier func(L, L), itemGetter func(L) []T, itemSetter func(L, []T),
) *FakeClientWithListAndApply[T, L, C] {
	c := NewFakeClient(fake, namespace, resource, kind, emptyObjectCreator)
	return &FakeClientWithListAndApply[T, L, C]{
		FakeClient:  c,
		fakeLister:  newFakeLister(c, emptyListCreator, listMetaCopier, itemGetter, itemSetter),
		fakeApplier: fakeApplier[T, C]{client: c},
	}
}

// Apply records configuration, encoded as JSON, as an apply patch action
// for the object it names, and returns the reactors' object. With a
// field-managed tracker (kubernetes/fake.NewClientset) the apply honours
// field ownership; opts.FieldManager is required there.
func (a *fakeApplier[T, C]) Apply(ctx context.Context, configuration C, opts metav1.ApplyOptions) (result T, err error) {
	return a.apply(configuration, opts)
}

// ApplyStatus is Apply on the status subresource.
func (a *fakeApplier[T, C]) ApplyStatus(ctx context.Context, configuration C, opts metav1.ApplyOptions) (result T, err error) {
	return a.apply(configuration, opts, "status")
}

func (a *fakeApplier[T, C]) apply(configuration C, opts metav1.ApplyOptions, subresources ...string) (T, error) {
	c := a.client
	var zero C
	if configuration == zero {
		return c.newObject(), errors.New("apply: the apply configuration must not be nil")
	}
	name := configuration.GetName()
	if name == nil {
		return c.newObject(), errors.New("apply: the apply configuration must set a name")
	}
	data, err := json.Marshal(configuration)
	if err != nil {
		return c.newObject(), fmt.Errorf("apply: encoding %T: %w", configuration, err)
	}
	return c.invoke(testing.NewPatchSubresourceActionWithOptions(c.resource, c.namespace, *name, types.ApplyPatchType, data, opts.ToPatchOptions(), subresources...))
}
