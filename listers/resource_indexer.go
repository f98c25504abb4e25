package listers

import (
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/tools/cache"
)

// ResourceIndexer reads objects of type T out of a cache.Indexer, optionally
// limited to one namespace. It is the shared core of every generated lister;
// application code normally uses the typed listers instead.
//
// A ResourceIndexer is a small value and safe for concurrent use as long as
// the indexer it wraps is (informer indexers are). The objects it returns are
// shared with the cache and must not be modified.
type ResourceIndexer[T runtime.Object] struct {
	indexer   cache.Indexer
	resource  schema.GroupResource
	namespace string
}

// New returns a ResourceIndexer over every object of resource in indexer.
// resource is only used to build NotFound errors.
func New[T runtime.Object](indexer cache.Indexer, resource schema.GroupResource) ResourceIndexer[T] {
	return ResourceIndexer[T]{indexer: indexer, resource: resource}
}

// NewNamespaced narrows parent to the objects in namespace. An empty
// namespace keeps every namespace (and then Get expects cluster-scoped keys).
func NewNamespaced[T runtime.Object](parent ResourceIndexer[T], namespace string) ResourceIndexer[T] {
	parent.namespace = namespace
	return parent
}

// List returns the objects whose labels match selector, in no particular
// order. With a namespace set it uses the indexer's namespace index when the
// indexer has one.
func (l ResourceIndexer[T]) List(selector labels.Selector) (ret []T, err error) {
	collect := func(obj interface{}) {
		if t, ok := obj.(T); ok {
			ret = append(ret, t)
		}
	}
	if l.namespace == "" {
		err = cache.ListAll(l.indexer, selector, collect)
	} else {
		err = cache.ListAllByNamespace(l.indexer, l.namespace, selector, collect)
	}
	return ret, err
}

// Get returns the object called name (in the ResourceIndexer's namespace, if
// any). A missing object gives an apimachinery NotFound error, so
// apierrors.IsNotFound works on the result; an object of an unexpected type
// gives a plain error.
func (l ResourceIndexer[T]) Get(name string) (T, error) {
	var zero T
	key := name
	if l.namespace != "" {
		key = l.namespace + "/" + name
	}
	obj, exists, err := l.indexer.GetByKey(key)
	if err != nil {
		return zero, fmt.Errorf("looking up %s %q: %w", l.resource.String(), key, err)
	}
	if !exists {
		return zero, apierrors.NewNotFound(l.resource, name)
	}
	t, ok := obj.(T)
	if !ok {
		return zero, fmt.Errorf("cache entry %q for %s is a %T, not a %T", key, l.resource.String(), obj, zero)
	}
	return t, nil
}
