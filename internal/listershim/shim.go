// Package listershim turns a typed lister into a cache.GenericLister, the untyped
// shape GenericInformer.Lister returns. The dynamic and metadata listers
// share it.
package listershim

import (
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/tools/cache"
)

// Reader is the read side of a typed lister for objects of type T.
type Reader[T runtime.Object] interface {
	List(selector labels.Selector) ([]T, error)
	Get(name string) (T, error)
}

// New returns a GenericLister answering from all, and from namespace(ns)
// for ByNamespace(ns). Results are whatever the typed lister returns; for
// informer-backed listers they are shared cache objects.
func New[T runtime.Object](all Reader[T], namespace func(string) Reader[T]) cache.GenericLister {
	return lister[T]{reader: reader[T]{all}, namespace: namespace}
}

type reader[T runtime.Object] struct{ typed Reader[T] }

func (r reader[T]) List(selector labels.Selector) ([]runtime.Object, error) {
	items, err := r.typed.List(selector)
	if err != nil {
		return nil, err
	}
	out := make([]runtime.Object, len(items))
	for i, item := range items {
		out[i] = item
	}
	return out, nil
}

func (r reader[T]) Get(name string) (runtime.Object, error) {
	return r.typed.Get(name)
}

type lister[T runtime.Object] struct {
	reader[T]
	namespace func(string) Reader[T]
}

func (l lister[T]) ByNamespace(namespace string) cache.GenericNamespaceLister {
	return reader[T]{l.namespace(namespace)}
}
