package informergen

import "text/template"

// External output (Options.External) is for a module other than kclient: it
// cannot import kclient's internal informer helpers, so the informer
// factory, its internalinterfaces package and the list-and-watch plumbing of
// every kind are generated into the output tree, over the public
// tools/cache package.
var externalTmpl = template.Must(template.Must(tmpl.Clone()).Parse(`
{{define "ext-informer"}}package {{.V.Version}}

import (
	"context"
	"time"

	{{.V.APIAlias}} "{{.V.APIImport}}"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/watch"

	"{{.Informers}}/internalinterfaces"
	"{{.ClientsetImport}}"
	{{.V.ListerAlias}} "{{.V.ListerImport}}"
	"{{.Runtime}}/tools/cache"
)
{{$k := .K}}{{$t := printf "*%s.%s" .V.APIAlias .K.Name}}{{$v := .V}}{{$cs := pkgbase .ClientsetImport}}{{$ns := ""}}{{$nsArg := ""}}{{if $k.Namespaced}}{{$ns = "namespace string, "}}{{$nsArg = "namespace, "}}{{end}}
// {{$k.Name}}Informer gives access to a shared informer for {{$k.Plural}} and a
// lister over its cache.
type {{$k.Name}}Informer interface {
	// Informer returns the shared informer, registering it with the factory
	// on first use.
	Informer() cache.SharedIndexInformer
	// Lister returns a lister over the informer's cache.
	Lister() {{$v.ListerAlias}}.{{$k.Name}}Lister
}

// Typed{{$k.Name}}Informer is a {{$k.Name}}Informer that also hands out the
// informer with type-safe handler and indexer methods.
type Typed{{$k.Name}}Informer interface {
	{{$k.Name}}Informer
	// TypedInformer returns the same informer as Informer with typed methods.
	TypedInformer() {{$k.Name}}IndexInformer
}

// {{$k.Name}}IndexInformer is a SharedIndexInformer for {{$k.Plural}} whose
// handler and indexer methods take {{$t}} instead of interface{}.
type {{$k.Name}}IndexInformer cache.TypedSharedIndexInformer[{{$t}}]

// {{$k.Name}}Indexers are typed index functions for {{$k.Plural}}.
type {{$k.Name}}Indexers = cache.TypedIndexers[{{$t}}]

// {{$k.Name}}HandlerFuncs is a typed event handler for {{$k.Plural}} built from funcs.
type {{$k.Name}}HandlerFuncs = cache.TypedResourceEventHandlerFuncs[{{$t}}]

// Deleted{{$k.Name}} is what a typed delete handler receives when the informer
// missed the final state of a deleted {{$k.Name}}.
type Deleted{{$k.Name}} = cache.DeletedObject[{{$t}}]

var {{$k.Lower}}Resource = schema.GroupVersionResource{Group: {{quote $v.Group}}, Version: {{quote $v.Version}}, Resource: {{quote $k.Resource}}}

// New{{$k.Name}}Informer returns a new, unshared informer for {{$k.Plural}}{{if $k.Namespaced}} in
// namespace (all namespaces for ""){{end}}. Prefer a SharedInformerFactory: every
// informer holds its own cache and watch connection.
func New{{$k.Name}}Informer(client {{$cs}}.Interface, {{$ns}}resyncPeriod time.Duration, indexers cache.Indexers) cache.SharedIndexInformer {
	return New{{$k.Name}}InformerWithOptions(client, {{$nsArg}}internalinterfaces.InformerOptions{ResyncPeriod: resyncPeriod, Indexers: indexers})
}

// NewFiltered{{$k.Name}}Informer is New{{$k.Name}}Informer with a hook that edits
// the options of every list and watch request.
func NewFiltered{{$k.Name}}Informer(client {{$cs}}.Interface, {{$ns}}resyncPeriod time.Duration, indexers cache.Indexers, tweakListOptions internalinterfaces.TweakListOptionsFunc) cache.SharedIndexInformer {
	return New{{$k.Name}}InformerWithOptions(client, {{$nsArg}}internalinterfaces.InformerOptions{ResyncPeriod: resyncPeriod, Indexers: indexers, TweakListOptions: tweakListOptions})
}

// New{{$k.Name}}InformerWithOptions returns a new, unshared informer for
// {{$k.Plural}} configured by options.
func New{{$k.Name}}InformerWithOptions(client {{$cs}}.Interface, {{$ns}}options internalinterfaces.InformerOptions) cache.SharedIndexInformer {
	tweak := func(opts *metav1.ListOptions) {
		if options.TweakListOptions != nil {
			options.TweakListOptions(opts)
		}
	}
	lw := &cache.ListWatch{
		ListWithContextFunc: func(ctx context.Context, opts metav1.ListOptions) (runtime.Object, error) {
			tweak(&opts)
			return client.{{$v.ClientMethod}}().{{$k.Plural}}({{if $k.Namespaced}}namespace{{end}}).List(ctx, opts)
		},
		WatchFuncWithContext: func(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
			tweak(&opts)
			return client.{{$v.ClientMethod}}().{{$k.Plural}}({{if $k.Namespaced}}namespace{{end}}).Watch(ctx, opts)
		},
	}
	settings := cache.SharedIndexInformerOptions{ResyncPeriod: options.ResyncPeriod, Indexers: options.Indexers}
	if options.InformerName != nil {
		settings.Identifier = options.InformerName.WithResource({{$k.Lower}}Resource)
	}
	return cache.NewSharedIndexInformerWithOptions(cache.ToListWatcherWithWatchListSemantics(lw, client), &{{$v.APIAlias}}.{{$k.Name}}{}, settings)
}

// To{{$k.Name}}IndexInformer gives informer typed methods. The informer must
// hold {{$t}} objects; the typed methods panic on anything else.
func To{{$k.Name}}IndexInformer(informer cache.SharedIndexInformer) {{$k.Name}}IndexInformer {
	return cache.NewTypedSharedIndexInformer[{{$t}}](informer)
}

// {{$k.Lower}}Informer is the factory-owned {{$k.Name}} informer of one
// namespace and list-options tweak.
type {{$k.Lower}}Informer struct {
	factory          internalinterfaces.SharedInformerFactory
	namespace        string
	tweakListOptions internalinterfaces.TweakListOptionsFunc
}

// build makes the informer the first time the factory is asked for it; it
// carries the namespace index every factory informer has.
func (i *{{$k.Lower}}Informer) build(client {{$cs}}.Interface, resync time.Duration) cache.SharedIndexInformer {
	return New{{$k.Name}}InformerWithOptions(client, {{if $k.Namespaced}}i.namespace, {{end}}internalinterfaces.InformerOptions{
		ResyncPeriod:     resync,
		Indexers:         cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc},
		InformerName:     i.factory.InformerName(),
		TweakListOptions: i.tweakListOptions,
	})
}

func (i *{{$k.Lower}}Informer) Informer() cache.SharedIndexInformer {
	return i.factory.InformerFor(&{{$v.APIAlias}}.{{$k.Name}}{}, i.build)
}

func (i *{{$k.Lower}}Informer) TypedInformer() {{$k.Name}}IndexInformer {
	return To{{$k.Name}}IndexInformer(i.Informer())
}

func (i *{{$k.Lower}}Informer) Lister() {{$v.ListerAlias}}.{{$k.Name}}Lister {
	return {{$v.ListerAlias}}.New{{$k.Name}}Lister(i.Informer().GetIndexer())
}

func (v *version) {{$k.Plural}}() Typed{{$k.Name}}Informer {
	return &{{$k.Lower}}Informer{factory: v.factory, namespace: v.namespace, tweakListOptions: v.tweakListOptions}
}
{{end}}

{{define "ext-internalinterfaces"}}// Package internalinterfaces declares the contracts between the informer
// factory and the per-group informer packages, so that neither imports the
// other.
package internalinterfaces

import (
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"{{.ClientsetImport}}"
	"{{.Runtime}}/tools/cache"
)

// NewInformerFunc builds an unshared informer from a clientset and a resync
// period. A factory calls it at most once per object type.
type NewInformerFunc func({{pkgbase .ClientsetImport}}.Interface, time.Duration) cache.SharedIndexInformer

// SharedInformerFactory is the part of an informer factory the informer
// packages rely on.
type SharedInformerFactory interface {
	// Start runs every informer requested so far that is not running yet,
	// until stopCh closes.
	Start(stopCh <-chan struct{})
	// InformerFor returns the factory's informer for obj's type, calling
	// newFunc to build it only the first time the type is requested.
	InformerFor(obj runtime.Object, newFunc NewInformerFunc) cache.SharedIndexInformer
	// InformerName is the identity the factory's informers publish metrics
	// under; nil when metrics are not named.
	InformerName() *cache.InformerName
}

// TweakListOptionsFunc edits the options of every list and watch request an
// informer sends, for example to add a label or field selector.
type TweakListOptionsFunc func(*metav1.ListOptions)

// InformerOptions configures a New<Kind>InformerWithOptions constructor. The
// zero value means no resync, no indexers, no metrics name and unmodified
// list options.
type InformerOptions struct {
	// ResyncPeriod is how often handlers are sent the whole cache again;
	// zero turns resyncs off.
	ResyncPeriod time.Duration
	// Indexers are the informer cache's initial indices.
	Indexers cache.Indexers
	// InformerName, if set, names the informer for metrics.
	InformerName *cache.InformerName
	// TweakListOptions, if set, edits every list and watch request.
	TweakListOptions TweakListOptionsFunc
}
{{end}}

{{define "ext-factory"}}// Package {{.Package}} provides SharedInformerFactory: one place that
// creates, shares, starts and waits for the informers of every API group of
// the {{pkgbase .ClientsetImport}} clientset.
//
// Objects from listers and event handlers are shared cache objects and must
// not be modified.
package {{.Package}}

import (
	"context"
	"reflect"
	"sync"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

{{- range .Groups}}
	"{{$.Informers}}/{{.PackageGroup}}"
{{- end}}
	"{{.Informers}}/internalinterfaces"
	"{{.ClientsetImport}}"
	"{{.Runtime}}/tools/cache"
)
{{$cs := pkgbase .ClientsetImport}}
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
func NewSharedInformerFactory(client {{$cs}}.Interface, defaultResync time.Duration) SharedInformerFactory {
	return NewSharedInformerFactoryWithOptions(client, defaultResync)
}

// NewFilteredSharedInformerFactory returns a factory limited to namespace
// whose informers pass list options through tweakListOptions.
//
// Deprecated: use NewSharedInformerFactoryWithOptions with WithNamespace and
// WithTweakListOptions.
func NewFilteredSharedInformerFactory(client {{$cs}}.Interface, defaultResync time.Duration, namespace string, tweakListOptions internalinterfaces.TweakListOptionsFunc) SharedInformerFactory {
	return NewSharedInformerFactoryWithOptions(client, defaultResync, WithNamespace(namespace), WithTweakListOptions(tweakListOptions))
}

// NewSharedInformerFactoryWithOptions returns a factory configured by
// options, applied in order.
func NewSharedInformerFactoryWithOptions(client {{$cs}}.Interface, defaultResync time.Duration, options ...SharedInformerOption) SharedInformerFactory {
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

// SharedInformerFactory creates and owns one shared informer per object type.
// Informers are created lazily on first request and share the factory's
// client, namespace, list options tweak, transform and resync settings.
// Start runs the ones not yet running; Shutdown waits for them to end. Safe
// for concurrent use.
type SharedInformerFactory interface {
	internalinterfaces.SharedInformerFactory

	// StartWithContext runs every informer requested so far that is not yet
	// running; they stop when ctx is cancelled or Shutdown is called.
	StartWithContext(ctx context.Context)
	// Shutdown marks the factory shut down, so later Start calls do nothing,
	// and blocks until every informer goroutine it started has returned.
	// Close the stop channels (or cancel the contexts) first.
	Shutdown()
	// WaitForCacheSync blocks until every started informer has synced or
	// stopCh closes, and reports each informer's state by object type.
	WaitForCacheSync(stopCh <-chan struct{}) map[reflect.Type]bool
	// WaitForCacheSyncWithContext is WaitForCacheSync bounded by ctx, which
	// also says why waiting stopped early.
	WaitForCacheSyncWithContext(ctx context.Context) cache.SyncResult
	// ForResource returns the shared informer of a resource of this
	// clientset, or an error for a resource the factory does not know.
	ForResource(resource schema.GroupVersionResource) (GenericInformer, error)
{{range .Groups}}
	// {{.GoGroup}} returns the informers of the {{.PackageGroup}} group.
	{{.GoGroup}}() {{.PackageGroup}}.Interface
{{- end}}
}

type sharedInformerFactory struct {
	client           {{$cs}}.Interface
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
		// A fresh informer has not started, so this cannot fail.
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
		f.running.Add(1)
		go func() {
			defer f.running.Done()
			run(inf)
		}()
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
{{range .Groups}}
func (f *sharedInformerFactory) {{.GoGroup}}() {{.PackageGroup}}.Interface {
	return {{.PackageGroup}}.New(f, f.namespace, f.tweakListOptions)
}
{{end}}{{end}}

{{define "ext-generic"}}package {{.Package}}

import (
	"fmt"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"{{.Runtime}}/tools/cache"
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
	var informer cache.SharedIndexInformer
	switch resource {
{{- range .Versions}}{{$v := .}}{{range .Kinds}}{{if .Informer}}
	case schema.GroupVersionResource{Group: {{quote $v.Group}}, Version: {{quote $v.Version}}, Resource: {{quote .Resource}}}:
		informer = f.{{$v.GoGroup}}().{{$v.VersionGo}}().{{.Plural}}().Informer()
{{- end}}{{end}}{{end}}
	default:
		return nil, fmt.Errorf("informers: no informer for %s in this factory", resource.String())
	}
	return &genericInformer{informer: informer, resource: resource.GroupResource()}, nil
}
{{end}}
`))
