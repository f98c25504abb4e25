package gentype

import (
	"context"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/testing"
)

// FakeClientWithList is a FakeClient that can also List and
// DeleteCollection.
type FakeClientWithList[T objectWithMeta, L runtime.Object] struct {
	*FakeClient[T]
	fakeLister[T, L]
}

// fakeLister carries the collection verbs of a FakeClient.
type fakeLister[T objectWithMeta, L runtime.Object] struct {
	client       *FakeClient[T]
	newList      func() L
	copyListMeta func(dst, src L)
	items        func(L) []T
	setItems     func(L, []T)
}

// NewFakeClientWithList is NewFakeClient for a resource with a list type L.
// emptyListCreator builds an empty L; listMetaCopier copies the list
// metadata (resource version, continue token) from its second argument to
// its first; itemGetter and itemSetter read and replace a list's items.
// They let List filter the reactors' answer by label selector.
func NewFakeClientWithList[T objectWithMeta, L runtime.Object](
	fake *testing.Fake, namespace string, resource schema.GroupVersionResource, kind schema.GroupVersionKind, emptyObjectCreator func() T,
	emptyListCreator func() L, listMetaCopier func(L, L), itemGetter func(L) []T, itemSetter func(L, []T),
) *FakeClientWithList[T, L] {
	c := NewFakeClient(fake, namespace, resource, kind, emptyObjectCreator)
	return &FakeClientWithList[T, L]{
		FakeClient: c,
		fakeLister: newFakeLister(c, emptyListCreator, listMetaCopier, itemGetter, itemSetter),
	}
}

func newFakeLister[T objectWithMeta, L runtime.Object](
	c *FakeClient[T], newList func() L, copyListMeta func(L, L), items func(L) []T, setItems func(L, []T),
) fakeLister[T, L] {
	return fakeLister[T, L]{client: c, newList: newList, copyListMeta: copyListMeta, items: items, setItems: setItems}
}

// List records a list action and returns the reactors' list, keeping only
// the items that match opts.LabelSelector (a selector that does not parse
// matches nothing). The field selector is left to the reactors.
func (l *fakeLister[T, L]) List(ctx context.Context, opts metav1.ListOptions) (result L, err error) {
	c := l.client
	empty := l.newList()
	obj, err := c.Fake.Invokes(testing.NewListActionWithOptions(c.resource, c.kind, c.namespace, opts), empty)
	if isNilObject(obj) {
		return empty, err
	}
	list, ok := obj.(L)
	if !ok {
		return empty, fmt.Errorf("fake %s client: a reactor for \"list\" returned %T, want %T", c.resource.Resource, obj, empty)
	}
	selector, _, _ := testing.ExtractFromListOptions(opts)
	if selector == nil || selector.Empty() {
		return list, err
	}
	filtered := l.newList()
	l.copyListMeta(filtered, list)
	var kept []T
	for _, item := range l.items(list) {
		if selector.Matches(labels.Set(item.GetLabels())) {
			kept = append(kept, item)
		}
	}
	l.setItems(filtered, kept)
	return filtered, err
}

// DeleteCollection records a delete-collection action and returns the
// reactors' error.
func (l *fakeLister[T, L]) DeleteCollection(ctx context.Context, opts metav1.DeleteOptions, listOpts metav1.ListOptions) error {
	c := l.client
	_, err := c.Fake.Invokes(testing.NewDeleteCollectionActionWithOptions(c.resource, c.namespace, opts, listOpts), l.newList())
	return err
}
