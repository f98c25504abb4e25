package informers

import (
	"fmt"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/tools/cache"
)

// GenericInformer is a shared informer with an untyped lister, for code that
// picks resources at run time (ForResource).
type GenericInformer interface {
	// Informer returns the shared informer.
	Informer() cache.SharedIndexInformer
	// Lister returns an untyped lister over the informer's cache; its
	// results are shared cache objects and must not be modified.
	Lister() cache.GenericLister
}

type genericInformer struct {
	informer cache.SharedIndexInformer
	resource schema.GroupResource
}

func (g *genericInformer) Informer() cache.SharedIndexInformer { return g.informer }

func (g *genericInformer) Lister() cache.GenericLister {
	return cache.NewGenericLister(g.informer.GetIndexer(), g.resource)
}

func (f *sharedInformerFactory) ForResource(resource schema.GroupVersionResource) (GenericInformer, error) {
	get, ok := builtinInformers[resource]
	if !ok {
		return nil, fmt.Errorf("informers: %s is not a built-in resource this factory knows; use a dynamic informer for it", resource.String())
	}
	return &genericInformer{informer: get(f), resource: resource.GroupResource()}, nil
}
