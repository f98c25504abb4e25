// Package informers provides SharedInformerFactory: one place that creates,
// shares, starts and waits for the informers of every built-in API group.
//
//	factory := informers.NewSharedInformerFactory(clientset, 10*time.Minute)
//	pods := factory.Core().V1().Pods()          // request before Start
//	factory.Start(ctx.Done())
//	factory.WaitForCacheSync(ctx.Done())
//	list, err := pods.Lister().Pods("default").List(labels.Everything())
//
// Objects from listers and event handlers are shared cache objects and must
// not be modified.
package informers

import (
	"context"
	"reflect"
	"sync"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/informers/internalinterfaces"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/tools/cache"
)

// SharedInformerOption changes one setting of a factory under construction.
type SharedInformerOption func(*sharedInformerFactory) *sharedInformerFactory

// WithCustomResyncConfig gives the informers of some object types their own
// resync period; a map key stands for its Go type (its value is ignored).
func WithCustomResyncConfig(resyncConfig map[metav1.Object]time.Duration) SharedInformerOption {
	return func(f *sharedInformerFactory) *sharedInformerFactory {
		for obj, period := range resyncConfig {
			f.customResync[reflect.TypeOf(obj)] = period
		}
		return f
	}
}

// WithTweakListOptions makes every informer of the factory pass its list and
// watch options through tweakListOptions.
func WithTweakListOptions(tweakListOptions internalinterfaces.TweakListOptionsFunc) SharedInformerOption {
	return func(f *sharedInformerFactory) *sharedInformerFactory {
		f.tweakListOptions = tweakListOptions
		return f
	}
}

// WithNamespace limits every namespaced informer of the factory to namespace.
func WithNamespace(namespace string) SharedInformerOption {
	return func(f *sharedInformerFactory) *sharedInformerFactory {
		f.namespace = namespace
		return f
	}
}

// WithTransform installs transform on every informer the factory creates; it
// runs on each object before the object enters the cache.
func WithTransform(transform cache.TransformFunc) SharedInformerOption {
	return func(f *sharedInformerFactory) *sharedInformerFactory {
		f.transform = transform
		return f
	}
}

// WithInformerName names the factory's informers for metrics.
func WithInformerName(informerName *cache.InformerName) SharedInformerOption {
	return func(f *sharedInformerFactory) *sharedInformerFactory {
		f.informerName = informerName
		return f
	}
}

// NewSharedInformerFactory returns a factory for all namespaces with
// defaultResync as every informer's resync period (zero: none).
func NewSharedInformerFactory(client kubernetes.Interface, defaultResync time.Duration) SharedInformerFactory {
	return NewSharedInformerFactoryWithOptions(client, defaultResync)
}

// NewFilteredSharedInformerFactory returns a factory limited to namespace
// whose informers pass list options through tweakListOptions.
//
// Deprecated: use NewSharedInformerFactoryWithOptions with WithNamespace and
// WithTweakListOptions.
func NewFilteredSharedInformerFactory(client kubernetes.Interface, defaultResync time.Duration, namespace string, tweakListOptions internalinterfaces.TweakListOptionsFunc) SharedInformerFactory {
	return NewSharedInformerFactoryWithOptions(client, defaultResync, WithNamespace(namespace), WithTweakListOptions(tweakListOptions))
}

// NewSharedInformerFactoryWithOptions returns a factory configured by
// options, applied in order.
func NewSharedInformerFactoryWithOptions(client kubernetes.Interface, defaultResync time.Duration, options ...SharedInformerOption) SharedInformerFactory {
	f := &sharedInformerFactory{
		client:        client,
		namespace:     metav1.NamespaceAll,
		defaultResync: defaultResync,
		customResync:  map[reflect.Type]time.Duration{},
		informers:     map[reflect.Type]cache.SharedIndexInformer{},
		started:       map[reflect.Type]bool{},
	}
	for _, opt := range options {
		f = opt(f)
	}
	return f
}

type sharedInformerFactory struct {
	client           kubernetes.Interface
	namespace        string
	tweakListOptions internalinterfaces.TweakListOptionsFunc
	transform        cache.TransformFunc
	informerName     *cache.InformerName
	defaultResync    time.Duration
	customResync     map[reflect.Type]time.Duration

	mu        sync.Mutex
	informers map[reflect.Type]cache.SharedIndexInformer
	started   map[reflect.Type]bool
	shutdown  bool
	running   sync.WaitGroup
}

// scope is what every group package's New needs.
func (f *sharedInformerFactory) scope() (internalinterfaces.SharedInformerFactory, string, internalinterfaces.TweakListOptionsFunc) {
	return f, f.namespace, f.tweakListOptions
}

func (f *sharedInformerFactory) InformerName() *cache.InformerName { return f.informerName }

func (f *sharedInformerFactory) InformerFor(obj runtime.Object, newFunc internalinterfaces.NewInformerFunc) cache.SharedIndexInformer {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := reflect.TypeOf(obj)
	if inf, ok := f.informers[t]; ok {
		return inf
	}
	resync, ok := f.customResync[t]
	if !ok {
		resync = f.defaultResync
	}
	inf := newFunc(f.client, resync)
	if f.transform != nil {
		// A fresh informer has not started, so setting the transform
		// cannot fail.
		_ = inf.SetTransform(f.transform)
	}
	f.informers[t] = inf
	return inf
}

func (f *sharedInformerFactory) Start(stopCh <-chan struct{}) {
	f.startEach(func(inf cache.SharedIndexInformer) { inf.Run(stopCh) })
}

func (f *sharedInformerFactory) StartWithContext(ctx context.Context) {
	f.startEach(func(inf cache.SharedIndexInformer) { inf.RunWithContext(ctx) })
}

// startEach runs every informer not yet started in its own goroutine,
// tracked by f.running so that Shutdown can wait for it.
func (f *sharedInformerFactory) startEach(run func(cache.SharedIndexInformer)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.shutdown {
		return
	}
	for t, inf := range f.informers {
		if f.started[t] {
			continue
		}
		f.started[t] = true
		f.running.Go(func() { run(inf) })
	}
}

func (f *sharedInformerFactory) Shutdown() {
	f.mu.Lock()
	f.shutdown = true
	f.mu.Unlock()
	f.running.Wait()
}

// startedInformers snapshots the informers that have been started.
func (f *sharedInformerFactory) startedInformers() map[reflect.Type]cache.SharedIndexInformer {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[reflect.Type]cache.SharedIndexInformer, len(f.started))
	for t := range f.started {
		out[t] = f.informers[t]
	}
	return out
}

func (f *sharedInformerFactory) WaitForCacheSync(stopCh <-chan struct{}) map[reflect.Type]bool {
	synced := map[reflect.Type]bool{}
	for t, inf := range f.startedInformers() {
		synced[t] = cache.WaitForCacheSync(stopCh, inf.HasSynced)
	}
	return synced
}

func (f *sharedInformerFactory) WaitForCacheSyncWithContext(ctx context.Context) cache.SyncResult {
	res := cache.SyncResult{Synced: map[reflect.Type]bool{}}
	for t, inf := range f.startedInformers() {
		ok := cache.WaitFor(ctx, "", inf.HasSyncedChecker())
		res.Synced[t] = ok
		if !ok && res.Err == nil {
			res.Err = context.Cause(ctx)
		}
	}
	return res
}
