// Package dynamiclister reads unstructured objects of any resource from an
// informer's cache, the lister side of dynamic/dynamicinformer.
//
// Listers never call the apiserver. What they return is the cache's own
// objects: do not modify them (DeepCopy first).
package dynamiclister

import (
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/internal/listershim"
	"github.com/kclient/kclient/listers"
	"github.com/kclient/kclient/tools/cache"
)

// Lister lists and gets the objects of one resource across namespaces.
// Safe for concurrent use.
type Lister interface {
	// List returns the objects, in any namespace, whose labels match selector.
	List(selector labels.Selector) (ret []*unstructured.Unstructured, err error)
	// Get returns the object with key name: the bare name for
	// cluster-scoped resources. A missing object gives a NotFound error.
	Get(name string) (*unstructured.Unstructured, error)
	// Namespace narrows the lister to one namespace.
	Namespace(namespace string) NamespaceLister
}

// NamespaceLister lists and gets the objects of one resource in one
// namespace.
type NamespaceLister interface {
	// List returns the namespace's objects whose labels match selector.
	List(selector labels.Selector) (ret []*unstructured.Unstructured, err error)
	// Get returns the object called name in the namespace, or a NotFound
	// error.
	Get(name string) (*unstructured.Unstructured, error)
}

// New returns a Lister over indexer, which must hold *unstructured.Unstructured objects under
// cache.MetaNamespaceKeyFunc keys; gvr names the resource in errors.
func New(indexer cache.Indexer, gvr schema.GroupVersionResource) Lister {
	return &lister{listers.New[*unstructured.Unstructured](indexer, gvr.GroupResource())}
}

type lister struct {
	listers.ResourceIndexer[*unstructured.Unstructured]
}

func (l *lister) Namespace(namespace string) NamespaceLister {
	return listers.NewNamespaced(l.ResourceIndexer, namespace)
}

// NewRuntimeObjectShim adapts lister to cache.GenericLister, whose methods
// return runtime.Object.
func NewRuntimeObjectShim(lister Lister) cache.GenericLister {
	return listershim.New[*unstructured.Unstructured](lister, func(namespace string) listershim.Reader[*unstructured.Unstructured] {
		return lister.Namespace(namespace)
	})
}
