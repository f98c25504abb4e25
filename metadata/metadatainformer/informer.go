// Package metadatainformer provides shared informers that cache only the
// metadata of objects (as *metav1.PartialObjectMetadata), using the metadata
// client. They cost far less memory than full-object informers when code
// only needs names, labels, owners or finalizers.
//
// Objects in the caches and passed to handlers are shared; do not modify
// them.
package metadatainformer

import (
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/informers"
	"github.com/kclient/kclient/informers/internalinterfaces"
	"github.com/kclient/kclient/internal/gvrinformer"
	"github.com/kclient/kclient/internal/typedinformer"
	"github.com/kclient/kclient/metadata"
	"github.com/kclient/kclient/metadata/metadatalister"
	"github.com/kclient/kclient/tools/cache"
)

// TweakListOptionsFunc edits the options of every list and watch request,
// for example to add a label selector.
type TweakListOptionsFunc func(*metav1.ListOptions)

// SharedInformerFactory hands out one shared metadata informer per
// resource, created on first ForResource call. Safe for concurrent use.
type SharedInformerFactory interface {
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

// SharedInformerOption changes one setting of a factory under construction.
type SharedInformerOption func(*metadataSharedInformerFactory) *metadataSharedInformerFactory

// WithTransform installs transform on every informer of the factory; it
// runs on each object before the object enters the cache.
func WithTransform(transform cache.TransformFunc) SharedInformerOption {
	return func(f *metadataSharedInformerFactory) *metadataSharedInformerFactory {
		f.transform = transform
		return f
	}
}

type metadataSharedInformerFactory struct {
	*gvrinformer.Factory
	client        metadata.Interface
	defaultResync time.Duration
	namespace     string
	tweak         TweakListOptionsFunc
	transform     cache.TransformFunc
}

// NewSharedInformerFactory returns a factory for all namespaces;
// defaultResync is every informer's resync period (zero: none).
func NewSharedInformerFactory(client metadata.Interface, defaultResync time.Duration) SharedInformerFactory {
	return NewSharedInformerFactoryWithOptions(client, defaultResync)
}

// NewFilteredSharedInformerFactory returns a factory whose informers watch
// only namespace ("" for all) and pass their list options through
// tweakListOptions (nil for none).
func NewFilteredSharedInformerFactory(client metadata.Interface, defaultResync time.Duration, namespace string, tweakListOptions TweakListOptionsFunc) SharedInformerFactory {
	f := newFactory(client, defaultResync)
	f.namespace, f.tweak = namespace, tweakListOptions
	return f
}

// NewSharedInformerFactoryWithOptions returns a factory for all namespaces
// configured by options.
func NewSharedInformerFactoryWithOptions(client metadata.Interface, defaultResync time.Duration, options ...SharedInformerOption) SharedInformerFactory {
	f := newFactory(client, defaultResync)
	for _, opt := range options {
		f = opt(f)
	}
	return f
}

func newFactory(client metadata.Interface, defaultResync time.Duration) *metadataSharedInformerFactory {
	f := &metadataSharedInformerFactory{client: client, defaultResync: defaultResync, namespace: metav1.NamespaceAll}
	f.Factory = gvrinformer.New(func(gvr schema.GroupVersionResource) informers.GenericInformer {
		inf := NewFilteredMetadataInformer(f.client, gvr, f.namespace, f.defaultResync,
			cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc}, f.tweak)
		if f.transform != nil {
			// The informer is new and not running, so this cannot fail.
			_ = inf.Informer().SetTransform(f.transform)
		}
		return inf
	})
	return f
}

// NewFilteredMetadataInformer returns a new, unshared metadata informer for
// gvr in namespace ("" for all). Prefer a factory, which shares one cache
// and one watch per resource.
func NewFilteredMetadataInformer(client metadata.Interface, gvr schema.GroupVersionResource, namespace string, resyncPeriod time.Duration, indexers cache.Indexers, tweakListOptions TweakListOptionsFunc) informers.GenericInformer {
	informer := typedinformer.NewFromClientset[*metav1.PartialObjectMetadataList](client, client.Resource(gvr).Namespace(namespace), &metav1.PartialObjectMetadata{}, gvr,
		internalinterfaces.InformerOptions{
			ResyncPeriod:     resyncPeriod,
			Indexers:         indexers,
			TweakListOptions: internalinterfaces.TweakListOptionsFunc(tweakListOptions),
		})
	return gvrinformer.NewInformer(informer, metadatalister.NewRuntimeObjectShim(metadatalister.New(informer.GetIndexer(), gvr)))
}
