// Package dynamicinformer provides shared informers for any resource, built
// on the dynamic client: objects arrive as *unstructured.Unstructured, so no
// Go types are needed. Use it for custom resources or resources chosen at
// run time; for built-in types the typed informers package is cheaper.
//
// Objects in the caches and passed to handlers are shared; do not modify
// them.
package dynamicinformer

import (
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/dynamic"
	"github.com/kclient/kclient/dynamic/dynamiclister"
	"github.com/kclient/kclient/informers"
	"github.com/kclient/kclient/informers/internalinterfaces"
	"github.com/kclient/kclient/internal/gvrinformer"
	"github.com/kclient/kclient/internal/typedinformer"
	"github.com/kclient/kclient/tools/cache"
)

// TweakListOptionsFunc edits the options of every list and watch request,
// for example to add a label selector.
type TweakListOptionsFunc func(*metav1.ListOptions)

// DynamicSharedInformerFactory hands out one shared informer per resource,
// created on first ForResource call. Safe for concurrent use.
type DynamicSharedInformerFactory interface {
	// Start runs every informer requested so far that is not running yet,
	// until stopCh closes. After Shutdown it does nothing.
	Start(stopCh <-chan struct{})
	// ForResource returns the shared informer for gvr. Call it before Start.
	ForResource(gvr schema.GroupVersionResource) informers.GenericInformer
	// WaitForCacheSync waits until every started informer has synced or
	// stopCh closes, and reports each one's state.
	WaitForCacheSync(stopCh <-chan struct{}) map[schema.GroupVersionResource]bool
	// Shutdown makes Start a no-op and waits for every started informer to
	// return; close their stop channel before or during the call.
	Shutdown()
}

// NewDynamicSharedInformerFactory returns a factory for all namespaces;
// defaultResync is every informer's resync period (zero: none).
func NewDynamicSharedInformerFactory(client dynamic.Interface, defaultResync time.Duration) DynamicSharedInformerFactory {
	return NewFilteredDynamicSharedInformerFactory(client, defaultResync, metav1.NamespaceAll, nil)
}

// NewFilteredDynamicSharedInformerFactory returns a factory whose informers
// watch only namespace ("" for all) and pass their list options through
// tweakListOptions (nil for none).
func NewFilteredDynamicSharedInformerFactory(client dynamic.Interface, defaultResync time.Duration, namespace string, tweakListOptions TweakListOptionsFunc) DynamicSharedInformerFactory {
	return gvrinformer.New(func(gvr schema.GroupVersionResource) informers.GenericInformer {
		return NewFilteredDynamicInformer(client, gvr, namespace, defaultResync,
			cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc}, tweakListOptions)
	})
}

// NewFilteredDynamicInformer returns a new, unshared informer for gvr in
// namespace ("" for all). Prefer a factory, which shares one cache and one
// watch per resource.
func NewFilteredDynamicInformer(client dynamic.Interface, gvr schema.GroupVersionResource, namespace string, resyncPeriod time.Duration, indexers cache.Indexers, tweakListOptions TweakListOptionsFunc) informers.GenericInformer {
	informer := typedinformer.NewFromClientset[*unstructured.UnstructuredList](client, client.Resource(gvr).Namespace(namespace), &unstructured.Unstructured{}, gvr,
		internalinterfaces.InformerOptions{
			ResyncPeriod:     resyncPeriod,
			Indexers:         indexers,
			TweakListOptions: internalinterfaces.TweakListOptionsFunc(tweakListOptions),
		})
	return gvrinformer.NewInformer(informer, dynamiclister.NewRuntimeObjectShim(dynamiclister.New(informer.GetIndexer(), gvr)))
}
