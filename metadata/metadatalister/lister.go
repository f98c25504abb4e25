// Package metadatalister reads object metadata (PartialObjectMetadata) of any resource from an
// informer's cache, the lister side of metadata/metadatainformer.
//
// Listers never call the apiserver. What they return is the cache's own
// objects: do not modify them (DeepCopy first).
package metadatalister

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
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
	List(selector labels.Selector) (ret []*metav1.PartialObjectMetadata, err error)
	// Get returns the object with key name: the bare name for
	// cluster-scoped resources. A missing object gives a NotFound error.
	Get(name string) (*metav1.PartialObjectMetadata, error)
	// Namespace narrows the lister to one namespace.
	Namespace(namespace string) NamespaceLister
}

// NamespaceLister lists and gets the objects of one resource in one
// namespace.
type NamespaceLister interface {
	// List returns the namespace's objects whose labels match selector.
	List(selector labels.Selector) (ret []*metav1.PartialObjectMetadata, err error)
	// Get returns the object called name in the namespace, or a NotFound
	// error.
	Get(name string) (*metav1.PartialObjectMetadata, error)
}

// New returns a Lister over indexer, which must hold *metav1.PartialObjectMetadata objects under
// cache.MetaNamespaceKeyFunc keys; gvr names the resource in errors.
func New(indexer cache.Indexer, gvr schema.GroupVersionResource) Lister {
	return &lister{listers.New[*metav1.PartialObjectMetadata](indexer, gvr.GroupResource())}
}

type lister struct {
	listers.ResourceIndexer[*metav1.PartialObjectMetadata]
}

func (l *lister) Namespace(namespace string) NamespaceLister {
	return listers.NewNamespaced(l.ResourceIndexer, namespace)
}

// NewRuntimeObjectShim adapts lister to cache.GenericLister, whose methods
// return runtime.Object.
func NewRuntimeObjectShim(lister Lister) cache.GenericLister {
	return listershim.New[*metav1.PartialObjectMetadata](lister, func(namespace string) listershim.Reader[*metav1.PartialObjectMetadata] {
		return lister.Namespace(namespace)
	})
}
