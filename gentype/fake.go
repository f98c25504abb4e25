package gentype

import (
	"context"
	"fmt"
	"reflect"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/testing"
)

// FakeClient is the test double of Client: instead of sending requests it
// turns every call into a testing.Action, records it on the embedded
// *testing.Fake and returns what the Fake's reactors answer (in a fake
// clientset, an object tracker). Generated fake typed clients embed it.
//
// An action no reactor handles returns a new, empty T and no error. A
// reactor returning an object of a type other than T is reported as an
// error. FakeClient is safe for concurrent use as far as the Fake is.
type FakeClient[T objectWithMeta] struct {
	*testing.Fake

	namespace string
	resource  schema.GroupVersionResource
	kind      schema.GroupVersionKind
	newObject func() T
}

// NewFakeClient returns a fake client that records its actions on fake for
// resource, whose objects are of kind and built empty by emptyObjectCreator.
// namespace scopes every action; "" is used for cluster-scoped resources
// (and, for namespaced ones, means all namespaces).
func NewFakeClient[T objectWithMeta](
	fake *testing.Fake, namespace string, resource schema.GroupVersionResource, kind schema.GroupVersionKind, emptyObjectCreator func() T,
) *FakeClient[T] {
	return &FakeClient[T]{Fake: fake, namespace: namespace, resource: resource, kind: kind, newObject: emptyObjectCreator}
}

// Kind returns the group, version and kind of the client's objects.
func (c *FakeClient[T]) Kind() schema.GroupVersionKind { return c.kind }

// Namespace returns the namespace actions are recorded in; "" for
// cluster-scoped clients.
func (c *FakeClient[T]) Namespace() string { return c.namespace }

// Resource returns the group, version and resource actions are recorded
// against.
func (c *FakeClient[T]) Resource() schema.GroupVersionResource { return c.resource }

// invoke passes action to the reactors and converts their answer to T. As
// the real client does, it never returns a nil T alongside an error.
func (c *FakeClient[T]) invoke(action testing.Action) (T, error) {
	empty := c.newObject()
	obj, err := c.Fake.Invokes(action, empty)
	if isNilObject(obj) {
		return empty, err
	}
	out, ok := obj.(T)
	if !ok {
		return empty, fmt.Errorf("fake %s client: a reactor for %q returned %T, want %T", c.resource.Resource, action.GetVerb(), obj, empty)
	}
	return out, err
}

// Get records a get action and returns the reactors' object.
func (c *FakeClient[T]) Get(ctx context.Context, name string, options metav1.GetOptions) (T, error) {
	return c.invoke(testing.NewGetActionWithOptions(c.resource, c.namespace, name, options))
}

// Watch records a watch action and returns the watch the watch reactors
// answer with; the caller must Stop it.
func (c *FakeClient[T]) Watch(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
	return c.Fake.InvokesWatch(testing.NewWatchActionWithOptions(c.resource, c.namespace, opts))
}

// Create records a create action carrying resource and returns the
// reactors' object (with a tracker, the stored copy).
func (c *FakeClient[T]) Create(ctx context.Context, resource T, opts metav1.CreateOptions) (result T, err error) {
	if isNilObject(resource) {
		return c.newObject(), fmt.Errorf("create %s: the object must not be nil", c.resource.Resource)
	}
	return c.invoke(testing.NewCreateActionWithOptions(c.resource, c.namespace, resource, opts))
}

// Update records an update action carrying resource and returns the
// reactors' object.
func (c *FakeClient[T]) Update(ctx context.Context, resource T, opts metav1.UpdateOptions) (result T, err error) {
	if isNilObject(resource) {
		return c.newObject(), fmt.Errorf("update %s: the object must not be nil", c.resource.Resource)
	}
	return c.invoke(testing.NewUpdateActionWithOptions(c.resource, c.namespace, resource, opts))
}

// UpdateStatus records an update action on the status subresource.
func (c *FakeClient[T]) UpdateStatus(ctx context.Context, resource T, opts metav1.UpdateOptions) (result T, err error) {
	if isNilObject(resource) {
		return c.newObject(), fmt.Errorf("update %s status: the object must not be nil", c.resource.Resource)
	}
	return c.invoke(testing.NewUpdateSubresourceActionWithOptions(c.resource, "status", c.namespace, resource, opts))
}

// Delete records a delete action for name and returns the reactors' error.
func (c *FakeClient[T]) Delete(ctx context.Context, name string, opts metav1.DeleteOptions) error {
	_, err := c.Fake.Invokes(testing.NewDeleteActionWithOptions(c.resource, c.namespace, name, opts), c.newObject())
	return err
}

// Patch records a patch action of type pt (on a subresource when
// subresources is given) and returns the reactors' object. With a tracker,
// JSON, merge, strategic merge and apply patches are applied to the stored
// object.
func (c *FakeClient[T]) Patch(ctx context.Context, name string, pt types.PatchType, data []byte, opts metav1.PatchOptions, subresources ...string) (result T, err error) {
	return c.invoke(testing.NewPatchSubresourceActionWithOptions(c.resource, c.namespace, name, pt, data, opts, subresources...))
}

// isNilObject reports whether v is nil or a typed nil pointer.
func isNilObject(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}
