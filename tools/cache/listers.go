package cache

import (
	"k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// AppendFunc receives each object a ListAll call selects. The object is a
// shared cache object and must not be modified.
type AppendFunc func(interface{})

// ListAll calls appendFn for every object in store whose labels match
// selector. A nil or everything selector matches all objects without looking
// at their labels; objects without metadata are skipped otherwise.
func ListAll(store Store, selector labels.Selector, appendFn AppendFunc) error {
	all := selector == nil || selector.Empty()
	for _, obj := range store.List() {
		if all || matches(selector, obj) {
			appendFn(obj)
		}
	}
	return nil
}

func matches(selector labels.Selector, obj interface{}) bool {
	if o, ok := obj.(metav1.Object); ok {
		return selector.Matches(labels.Set(o.GetLabels()))
	}
	m, err := meta.Accessor(obj)
	if err != nil {
		return false
	}
	return selector.Matches(labels.Set(m.GetLabels()))
}

// ListAllByNamespace is ListAll restricted to one namespace. It uses the
// NamespaceIndex index when indexer has it, and otherwise scans. An empty
// namespace (metav1.NamespaceAll) means all namespaces.
func ListAllByNamespace(indexer Indexer, namespace string, selector labels.Selector, appendFn AppendFunc) error {
	if namespace == metav1.NamespaceAll {
		return ListAll(indexer, selector, appendFn)
	}
	all := selector == nil || selector.Empty()
	items, err := indexer.ByIndex(NamespaceIndex, namespace)
	if err != nil {
		// No namespace index: fall back to a full scan.
		for _, obj := range indexer.List() {
			m, err := meta.Accessor(obj)
			if err != nil || m.GetNamespace() != namespace {
				continue
			}
			if all || selector.Matches(labels.Set(m.GetLabels())) {
				appendFn(obj)
			}
		}
		return nil
	}
	for _, obj := range items {
		if all || matches(selector, obj) {
			appendFn(obj)
		}
	}
	return nil
}

// GenericLister lists and gets objects of one resource from an Indexer.
// Returned objects are shared cache objects: callers must not modify them.
type GenericLister interface {
	// List returns all objects whose labels match selector.
	List(selector labels.Selector) (ret []runtime.Object, err error)
	// Get returns the object stored under the key name (for namespaced
	// resources, "namespace/name"); a NotFound error if there is none.
	Get(name string) (runtime.Object, error)
	// ByNamespace returns a lister restricted to one namespace.
	ByNamespace(namespace string) GenericNamespaceLister
}

// GenericNamespaceLister lists and gets objects of one resource in one
// namespace. Returned objects are shared cache objects.
type GenericNamespaceLister interface {
	// List returns the namespace's objects whose labels match selector.
	List(selector labels.Selector) (ret []runtime.Object, err error)
	// Get returns the named object in the namespace, or a NotFound error.
	Get(name string) (runtime.Object, error)
}

// NewGenericLister returns a GenericLister reading from indexer; resource
// names the resource in NotFound errors.
func NewGenericLister(indexer Indexer, resource schema.GroupResource) GenericLister {
	return &genericLister{indexer: indexer, resource: resource}
}

type genericLister struct {
	indexer  Indexer
	resource schema.GroupResource
}

func (l *genericLister) List(selector labels.Selector) ([]runtime.Object, error) {
	var ret []runtime.Object
	err := ListAll(l.indexer, selector, func(obj interface{}) {
		if o, ok := obj.(runtime.Object); ok {
			ret = append(ret, o)
		}
	})
	return ret, err
}

func (l *genericLister) Get(name string) (runtime.Object, error) {
	return getObject(l.indexer, l.resource, name, name)
}

func (l *genericLister) ByNamespace(namespace string) GenericNamespaceLister {
	return &genericNamespaceLister{indexer: l.indexer, namespace: namespace, resource: l.resource}
}

type genericNamespaceLister struct {
	indexer   Indexer
	namespace string
	resource  schema.GroupResource
}

func (l *genericNamespaceLister) List(selector labels.Selector) ([]runtime.Object, error) {
	var ret []runtime.Object
	err := ListAllByNamespace(l.indexer, l.namespace, selector, func(obj interface{}) {
		if o, ok := obj.(runtime.Object); ok {
			ret = append(ret, o)
		}
	})
	return ret, err
}

func (l *genericNamespaceLister) Get(name string) (runtime.Object, error) {
	return getObject(l.indexer, l.resource, joinKey(l.namespace, name), name)
}

func getObject(indexer Indexer, resource schema.GroupResource, key, name string) (runtime.Object, error) {
	obj, exists, err := indexer.GetByKey(key)
	if err != nil {
		return nil, err
	}
	if !exists {
		return nil, errors.NewNotFound(resource, name)
	}
	o, ok := obj.(runtime.Object)
	if !ok {
		return nil, errors.NewInternalError(errNotRuntimeObject(obj))
	}
	return o, nil
}
