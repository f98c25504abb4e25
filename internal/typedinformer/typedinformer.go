// Package typedinformer is the generic core of the generated informers: it
// builds an informer from a typed client and gives the per-kind accessor
// types their Informer and Lister methods.
package typedinformer

import (
	"context"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/informers/internalinterfaces"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/tools/cache"
)

// Client is the list and watch half of a typed resource client; L is the
// kind's list type.
type Client[L runtime.Object] interface {
	List(ctx context.Context, opts metav1.ListOptions) (L, error)
	Watch(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error)
}

// New returns an unshared informer that lists and watches through client,
// caching objects like example. gvr identifies the resource for metrics.
func New[L runtime.Object](client Client[L], example runtime.Object, gvr schema.GroupVersionResource, options internalinterfaces.InformerOptions) cache.SharedIndexInformer {
	return newInformer(client, client, example, gvr, options)
}

// NewFromClientset is New for a resource client handed out by clientset (a
// typed Clientset, or a dynamic or metadata client). Fakes declare that they cannot serve streaming lists on the clientset
// (IsWatchListSemanticsUnSupported), not on each resource client, so the
// reflector is told that from the clientset and lists and watches instead of
// waiting for an initial-events bookmark a fake never sends.
func NewFromClientset[L runtime.Object](clientset any, client Client[L], example runtime.Object, gvr schema.GroupVersionResource, options internalinterfaces.InformerOptions) cache.SharedIndexInformer {
	return newInformer(clientset, client, example, gvr, options)
}

// newInformer builds the informer; semantics is asked whether the client
// supports streaming lists.
func newInformer[L runtime.Object](semantics any, client Client[L], example runtime.Object, gvr schema.GroupVersionResource, options internalinterfaces.InformerOptions) cache.SharedIndexInformer {
	tweak := func(opts *metav1.ListOptions) {
		if options.TweakListOptions != nil {
			options.TweakListOptions(opts)
		}
	}
	lw := &cache.ListWatch{
		ListWithContextFunc: func(ctx context.Context, opts metav1.ListOptions) (runtime.Object, error) {
			tweak(&opts)
			return client.List(ctx, opts)
		},
		WatchFuncWithContext: func(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
			tweak(&opts)
			return client.Watch(ctx, opts)
		},
	}
	settings := cache.SharedIndexInformerOptions{
		ResyncPeriod: options.ResyncPeriod,
		Indexers:     options.Indexers,
	}
	if options.InformerName != nil {
		settings.Identifier = options.InformerName.WithResource(gvr)
	}
	return cache.NewSharedIndexInformerWithOptions(cache.ToListWatcherWithWatchListSemantics(lw, semantics), example, settings)
}

// Access implements the Informer and Lister methods of a generated
// <Kind>Informer; L is the kind's lister interface.
type Access[L any] struct {
	informer func() cache.SharedIndexInformer
	lister   func() L
}

// Informer returns the informer, creating it in the factory on first use.
func (a Access[L]) Informer() cache.SharedIndexInformer { return a.informer() }

// Lister returns a lister over the informer's cache.
func (a Access[L]) Lister() L { return a.lister() }

// Wrap builds an Access from existing Informer and Lister methods.
func Wrap[L any](informer func() cache.SharedIndexInformer, lister func() L) Access[L] {
	return Access[L]{informer: informer, lister: lister}
}

// Shared builds the Access of a factory-owned informer: the first call of
// Informer or Lister asks f for the informer of obj's type, built by build
// with the factory's resync period, metrics name and tweak, plus the
// namespace index every factory informer carries.
func Shared[L any](f internalinterfaces.SharedInformerFactory, obj runtime.Object, tweak internalinterfaces.TweakListOptionsFunc,
	build func(kubernetes.Interface, internalinterfaces.InformerOptions) cache.SharedIndexInformer, newLister func(cache.Indexer) L) Access[L] {
	get := func() cache.SharedIndexInformer {
		return f.InformerFor(obj, func(client kubernetes.Interface, resync time.Duration) cache.SharedIndexInformer {
			return build(client, internalinterfaces.InformerOptions{
				ResyncPeriod:     resync,
				Indexers:         cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc},
				InformerName:     f.InformerName(),
				TweakListOptions: tweak,
			})
		})
	}
	return Access[L]{informer: get, lister: func() L { return newLister(get().GetIndexer()) }}
}
