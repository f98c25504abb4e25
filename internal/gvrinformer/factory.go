// Package gvrinformer is the shared core of the dynamic and metadata
// informer factories: informers keyed by GroupVersionResource, created on
// first request and started, awaited and shut down together.
package gvrinformer

import (
	"sync"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/informers"
	"github.com/kclient/kclient/tools/cache"
)

// Factory owns one informer per resource. Safe for concurrent use.
type Factory struct {
	build func(schema.GroupVersionResource) informers.GenericInformer

	mu        sync.Mutex
	informers map[schema.GroupVersionResource]informers.GenericInformer
	started   map[schema.GroupVersionResource]bool
	shutdown  bool
	running   sync.WaitGroup
}

// New returns a Factory that calls build, at most once per resource, to
// create informers.
func New(build func(schema.GroupVersionResource) informers.GenericInformer) *Factory {
	return &Factory{
		build:     build,
		informers: map[schema.GroupVersionResource]informers.GenericInformer{},
		started:   map[schema.GroupVersionResource]bool{},
	}
}

// ForResource returns the informer for gvr, creating it on first use.
func (f *Factory) ForResource(gvr schema.GroupVersionResource) informers.GenericInformer {
	f.mu.Lock()
	defer f.mu.Unlock()
	if inf, ok := f.informers[gvr]; ok {
		return inf
	}
	inf := f.build(gvr)
	f.informers[gvr] = inf
	return inf
}

// Start runs every informer not yet running until stopCh closes. After
// Shutdown it does nothing.
func (f *Factory) Start(stopCh <-chan struct{}) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.shutdown {
		return
	}
	for gvr, inf := range f.informers {
		if f.started[gvr] {
			continue
		}
		f.started[gvr] = true
		informer := inf.Informer()
		f.running.Go(func() { informer.Run(stopCh) })
	}
}

// WaitForCacheSync waits until every started informer has synced or stopCh
// closes, and reports each one's state.
func (f *Factory) WaitForCacheSync(stopCh <-chan struct{}) map[schema.GroupVersionResource]bool {
	f.mu.Lock()
	pending := map[schema.GroupVersionResource]cache.SharedIndexInformer{}
	for gvr := range f.started {
		pending[gvr] = f.informers[gvr].Informer()
	}
	f.mu.Unlock()
	synced := make(map[schema.GroupVersionResource]bool, len(pending))
	for gvr, inf := range pending {
		synced[gvr] = cache.WaitForCacheSync(stopCh, inf.HasSynced)
	}
	return synced
}

// Shutdown stops Start from starting anything and waits for the started
// informers to return; their stop channels must be closed for that.
func (f *Factory) Shutdown() {
	f.mu.Lock()
	f.shutdown = true
	f.mu.Unlock()
	f.running.Wait()
}

// Informer is a GenericInformer made of an informer and the lister to put
// in front of its cache.
type Informer struct {
	informer cache.SharedIndexInformer
	lister   cache.GenericLister
}

// NewInformer pairs informer with lister.
func NewInformer(informer cache.SharedIndexInformer, lister cache.GenericLister) *Informer {
	return &Informer{informer: informer, lister: lister}
}

// Informer returns the shared informer.
func (i *Informer) Informer() cache.SharedIndexInformer { return i.informer }

// Lister returns the untyped lister over the informer's cache.
func (i *Informer) Lister() cache.GenericLister { return i.lister }
