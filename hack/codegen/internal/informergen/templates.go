package informergen

import (
	"path"
	"strconv"
	"strings"
	"text/template"
)

var tmpl = template.Must(template.New("").Funcs(template.FuncMap{
	"quote":         strconv.Quote,
	"pkgbase":       path.Base,
	"trimExpansion": func(s string) string { return strings.TrimSuffix(s, "Expansion") },
}).Parse(`
{{define "lister"}}package {{.V.Version}}

import (
	{{.V.APIAlias}} "{{.V.APIImport}}"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"{{.Runtime}}/listers"
	"{{.Runtime}}/tools/cache"
)
{{$k := .K}}{{$t := printf "*%s.%s" .V.APIAlias .K.Name}}
// {{$k.Name}}Lister reads {{$k.Plural}} from a shared cache without calling the
// apiserver. The objects it returns belong to the cache: callers must not
// modify them (DeepCopy first). Safe for concurrent use.
type {{$k.Name}}Lister interface {
	// List returns the {{$k.Plural}}{{if $k.Namespaced}} in all namespaces{{end}} whose labels match selector.
	List(selector labels.Selector) (ret []{{$t}}, err error)
{{- if $k.Namespaced}}
	// {{$k.Plural}} returns a lister restricted to namespace.
	{{$k.Plural}}(namespace string) {{$k.Name}}NamespaceLister
{{- else}}
	// Get returns the {{$k.Name}} called name, or a NotFound error.
	Get(name string) ({{$t}}, error)
{{- end}}
	{{$k.Name}}ListerExpansion
}

// New{{$k.Name}}Lister returns a {{$k.Name}}Lister over indexer, which must
// hold {{$t}} objects under cache.MetaNamespaceKeyFunc keys (as informer
// caches do).
func New{{$k.Name}}Lister(indexer cache.Indexer) {{$k.Name}}Lister {
	return &{{$k.Lower}}Lister{listers.New[{{$t}}](indexer, schema.GroupResource{Group: {{quote .V.Group}}, Resource: {{quote $k.Resource}}})}
}

type {{$k.Lower}}Lister struct {
	listers.ResourceIndexer[{{$t}}]
}
{{- if $k.Namespaced}}

func (l *{{$k.Lower}}Lister) {{$k.Plural}}(namespace string) {{$k.Name}}NamespaceLister {
	return &{{$k.Lower}}NamespaceLister{listers.NewNamespaced(l.ResourceIndexer, namespace)}
}

// {{$k.Name}}NamespaceLister reads the {{$k.Plural}} of one namespace from a
// shared cache. As with {{$k.Name}}Lister, results must not be modified.
type {{$k.Name}}NamespaceLister interface {
	// List returns the namespace's {{$k.Plural}} whose labels match selector.
	List(selector labels.Selector) (ret []{{$t}}, err error)
	// Get returns the {{$k.Name}} called name in the namespace, or a NotFound error.
	Get(name string) ({{$t}}, error)
	{{$k.Name}}NamespaceListerExpansion
}

type {{$k.Lower}}NamespaceLister struct {
	listers.ResourceIndexer[{{$t}}]
}
{{- end}}
{{end}}

{{define "expansions"}}package {{.V.Version}}
{{range .Names}}
// {{.}} is where hand-written methods of {{trimExpansion .}} go; it has none.
type {{.}} interface{}
{{end}}{{end}}

{{define "informer"}}package {{.V.Version}}

import (
	"time"

	{{.V.APIAlias}} "{{.V.APIImport}}"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"{{.Module}}/internal/typedinformer"
	"{{.Module}}/informers/internalinterfaces"
	"{{.ClientsetImport}}"
	{{.V.ListerAlias}} "{{.V.ListerImport}}"
	"{{.Module}}/tools/cache"
)
{{$k := .K}}{{$t := printf "*%s.%s" .V.APIAlias .K.Name}}{{$v := .V}}{{$ns := ""}}{{$nsArg := ""}}{{if $k.Namespaced}}{{$ns = "namespace string, "}}{{$nsArg = "namespace, "}}{{end}}
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
	// Informer returns the shared informer, registering it with the factory
	// on first use.
	Informer() cache.SharedIndexInformer
	// TypedInformer returns the same informer as Informer with typed methods.
	TypedInformer() {{$k.Name}}IndexInformer
	// Lister returns a lister over the informer's cache.
	Lister() {{$v.ListerAlias}}.{{$k.Name}}Lister
}

// {{$k.Name}}IndexInformer is a SharedIndexInformer for {{$k.Plural}} whose
// handler and indexer methods take {{$t}} instead of interface{}.
type {{$k.Name}}IndexInformer cache.TypedSharedIndexInformer[{{$t}}]

// {{$k.Name}}Indexers are typed index functions for {{$k.Plural}}.
type {{$k.Name}}Indexers = cache.TypedIndexers[{{$t}}]

// {{$k.Name}}HandlerFuncs is a typed event handler for {{$k.Plural}} built from funcs.
type {{$k.Name}}HandlerFuncs = cache.TypedResourceEventHandlerFuncs[{{$t}}]

// {{$k.Name}}DetailedHandlerFuncs is {{$k.Name}}HandlerFuncs with the detailed
// add and update callbacks.
type {{$k.Name}}DetailedHandlerFuncs = cache.TypedResourceEventHandlerDetailedFuncs[{{$t}}]

// {{$k.Name}}FilteringHandler passes only the {{$k.Plural}} a filter accepts to
// another typed handler.
type {{$k.Name}}FilteringHandler = cache.TypedFilteringResourceEventHandler[{{$t}}]

// Deleted{{$k.Name}} is what a typed delete handler receives when the informer
// missed the final state of a deleted {{$k.Name}}.
type Deleted{{$k.Name}} = cache.DeletedObject[{{$t}}]

var {{$k.Lower}}Resource = schema.GroupVersionResource{Group: {{quote $v.Group}}, Version: {{quote $v.Version}}, Resource: {{quote $k.Resource}}}

// New{{$k.Name}}Informer returns a new, unshared informer for {{$k.Plural}}{{if $k.Namespaced}} in
// namespace (all namespaces for ""){{end}}. Prefer a SharedInformerFactory: every
// informer holds its own cache and watch connection.
func New{{$k.Name}}Informer(client {{pkgbase .ClientsetImport}}.Interface, {{$ns}}resyncPeriod time.Duration, indexers cache.Indexers) cache.SharedIndexInformer {
	return New{{$k.Name}}InformerWithOptions(client, {{$nsArg}}internalinterfaces.InformerOptions{ResyncPeriod: resyncPeriod, Indexers: indexers})
}

// NewFiltered{{$k.Name}}Informer is New{{$k.Name}}Informer with a hook that edits
// the options of every list and watch request.
func NewFiltered{{$k.Name}}Informer(client {{pkgbase .ClientsetImport}}.Interface, {{$ns}}resyncPeriod time.Duration, indexers cache.Indexers, tweakListOptions internalinterfaces.TweakListOptionsFunc) cache.SharedIndexInformer {
	return New{{$k.Name}}InformerWithOptions(client, {{$nsArg}}internalinterfaces.InformerOptions{ResyncPeriod: resyncPeriod, Indexers: indexers, TweakListOptions: tweakListOptions})
}

// New{{$k.Name}}InformerWithOptions returns a new, unshared informer for
// {{$k.Plural}} configured by options.
func New{{$k.Name}}InformerWithOptions(client {{pkgbase .ClientsetImport}}.Interface, {{$ns}}options internalinterfaces.InformerOptions) cache.SharedIndexInformer {
	return typedinformer.NewFromClientset[*{{$v.APIAlias}}.{{$k.Name}}List](client, client.{{$v.ClientMethod}}().{{$k.Plural}}({{if $k.Namespaced}}namespace{{end}}), &{{$v.APIAlias}}.{{$k.Name}}{}, {{$k.Lower}}Resource, options)
}

// NewTyped{{$k.Name}}Informer is New{{$k.Name}}Informer returning the typed view.
func NewTyped{{$k.Name}}Informer(client {{pkgbase .ClientsetImport}}.Interface, {{$ns}}resyncPeriod time.Duration, indexers {{$k.Name}}Indexers) {{$k.Name}}IndexInformer {
	return To{{$k.Name}}IndexInformer(New{{$k.Name}}Informer(client, {{$nsArg}}resyncPeriod, cache.TypedIndexersToIndexers(indexers)))
}

// NewTypedFiltered{{$k.Name}}Informer is NewFiltered{{$k.Name}}Informer returning
// the typed view.
func NewTypedFiltered{{$k.Name}}Informer(client {{pkgbase .ClientsetImport}}.Interface, {{$ns}}resyncPeriod time.Duration, indexers {{$k.Name}}Indexers, tweakListOptions internalinterfaces.TweakListOptionsFunc) {{$k.Name}}IndexInformer {
	return To{{$k.Name}}IndexInformer(NewFiltered{{$k.Name}}Informer(client, {{$nsArg}}resyncPeriod, cache.TypedIndexersToIndexers(indexers), tweakListOptions))
}

// NewTyped{{$k.Name}}InformerWithOptions is New{{$k.Name}}InformerWithOptions
// returning the typed view.
func NewTyped{{$k.Name}}InformerWithOptions(client {{pkgbase .ClientsetImport}}.Interface, {{$ns}}options internalinterfaces.InformerOptions) {{$k.Name}}IndexInformer {
	return To{{$k.Name}}IndexInformer(New{{$k.Name}}InformerWithOptions(client, {{$nsArg}}options))
}

// To{{$k.Name}}IndexInformer gives informer typed methods. The informer must
// hold {{$t}} objects; the typed methods panic on anything else.
func To{{$k.Name}}IndexInformer(informer cache.SharedIndexInformer) {{$k.Name}}IndexInformer {
	return cache.NewTypedSharedIndexInformer[{{$t}}](informer)
}

// ToTyped{{$k.Name}}Informer upgrades informer to a Typed{{$k.Name}}Informer,
// returning it unchanged when it already is one. The informer must hold
// {{$t}} objects; the typed methods panic on anything else.
func ToTyped{{$k.Name}}Informer(informer {{$k.Name}}Informer) Typed{{$k.Name}}Informer {
	if typed, ok := informer.(Typed{{$k.Name}}Informer); ok {
		return typed
	}
	return &{{$k.Lower}}Informer{typedinformer.Wrap(informer.Informer, informer.Lister)}
}

type {{$k.Lower}}Informer struct {
	typedinformer.Access[{{$v.ListerAlias}}.{{$k.Name}}Lister]
}

func (i *{{$k.Lower}}Informer) TypedInformer() {{$k.Name}}IndexInformer {
	return To{{$k.Name}}IndexInformer(i.Informer())
}

func (v *version) {{$k.Plural}}() Typed{{$k.Name}}Informer {
	build := func(client {{pkgbase .ClientsetImport}}.Interface, options internalinterfaces.InformerOptions) cache.SharedIndexInformer {
		return New{{$k.Name}}InformerWithOptions(client, {{if $k.Namespaced}}v.namespace, {{end}}options)
	}
	return &{{$k.Lower}}Informer{typedinformer.Shared(v.factory, &{{$v.APIAlias}}.{{$k.Name}}{}, v.tweakListOptions, build, {{$v.ListerAlias}}.New{{$k.Name}}Lister)}
}
{{end}}

{{define "version"}}package {{.V.Version}}

import "{{.Informers}}/internalinterfaces"

// Interface hands out the shared informers of {{if .V.Group}}{{.V.Group}}{{else}}the core group{{end}}/{{.V.Version}}.
type Interface interface {
{{- range .V.Kinds}}{{if .Informer}}
	// {{.Plural}} returns the shared informer for {{.Plural}}.
	{{.Plural}}() Typed{{.Name}}Informer
{{- end}}{{end}}
}

// New returns the {{.V.Version}} informers of factory f. namespace and
// tweakListOptions apply to every informer created through it.
func New(f internalinterfaces.SharedInformerFactory, namespace string, tweakListOptions internalinterfaces.TweakListOptionsFunc) Interface {
	return &version{factory: f, namespace: namespace, tweakListOptions: tweakListOptions}
}

type version struct {
	factory          internalinterfaces.SharedInformerFactory
	namespace        string
	tweakListOptions internalinterfaces.TweakListOptionsFunc
}
{{end}}

{{define "group"}}package {{.G.PackageGroup}}

import (
{{- range .G.Versions}}
	{{.Version}} "{{$.Informers}}/{{.PackageGroup}}/{{.Version}}"
{{- end}}
	"{{.Informers}}/internalinterfaces"
)

// Interface hands out the informers of each version of the {{.G.PackageGroup}} group.
type Interface interface {
{{- range .G.Versions}}
	// {{.VersionGo}} returns the {{.Version}} informers.
	{{.VersionGo}}() {{.Version}}.Interface
{{- end}}
}

// New returns the {{.G.PackageGroup}} informers of factory f. namespace and
// tweakListOptions apply to every informer created through it.
func New(f internalinterfaces.SharedInformerFactory, namespace string, tweakListOptions internalinterfaces.TweakListOptionsFunc) Interface {
	return &group{factory: f, namespace: namespace, tweakListOptions: tweakListOptions}
}

type group struct {
	factory          internalinterfaces.SharedInformerFactory
	namespace        string
	tweakListOptions internalinterfaces.TweakListOptionsFunc
}

// scope is what every version package's New needs.
func (g *group) scope() (internalinterfaces.SharedInformerFactory, string, internalinterfaces.TweakListOptionsFunc) {
	return g.factory, g.namespace, g.tweakListOptions
}
{{range .G.Versions}}
func (g *group) {{.VersionGo}}() {{.Version}}.Interface {
	return {{.Version}}.New(g.scope())
}
{{end}}{{end}}

{{define "factory"}}package informers

import (
	"context"
	"reflect"

	"k8s.io/apimachinery/pkg/runtime/schema"

{{- range .Groups}}
	"{{$.Module}}/informers/{{.PackageGroup}}"
{{- end}}
	"{{.Module}}/informers/internalinterfaces"
	"{{.Module}}/tools/cache"
)

// SharedInformerFactory creates and owns one shared informer per object type
// for every built-in API group. Informers are created lazily on first
// request and share the factory's client, namespace, list options tweak,
// transform and resync settings. Start runs the ones not yet running;
// Shutdown waits for them to end. Safe for concurrent use.
type SharedInformerFactory interface {
	internalinterfaces.SharedInformerFactory

	// StartWithContext runs every informer requested so far that is not yet
	// running; they stop when ctx is cancelled or Shutdown is called.
	StartWithContext(ctx context.Context)
	// Shutdown marks the factory shut down, so later Start calls do nothing,
	// and blocks until every informer goroutine it started has returned.
	// It does not stop them: close their stop channels (or cancel their
	// contexts) before or while Shutdown waits.
	Shutdown()
	// WaitForCacheSync blocks until every started informer has synced or
	// stopCh closes, and reports each informer's state by object type.
	WaitForCacheSync(stopCh <-chan struct{}) map[reflect.Type]bool
	// WaitForCacheSyncWithContext is WaitForCacheSync bounded by ctx, which
	// also says why waiting stopped early.
	WaitForCacheSyncWithContext(ctx context.Context) cache.SyncResult
	// ForResource returns the shared informer of a built-in resource, or an
	// error for a resource this factory does not know.
	ForResource(resource schema.GroupVersionResource) (GenericInformer, error)
{{range .Groups}}
	// {{.GoGroup}} returns the informers of the {{.PackageGroup}} group.
	{{.GoGroup}}() {{.PackageGroup}}.Interface
{{- end}}
}
{{range .Groups}}
func (f *sharedInformerFactory) {{.GoGroup}}() {{.PackageGroup}}.Interface {
	return {{.PackageGroup}}.New(f.scope())
}
{{end}}{{end}}

{{define "resources"}}package informers

import (
	"k8s.io/apimachinery/pkg/runtime/schema"

	"{{.Module}}/tools/cache"
)

// builtinInformers maps every built-in resource with an informer to the
// accessor that returns it from a factory.
var builtinInformers = map[schema.GroupVersionResource]func(SharedInformerFactory) cache.SharedIndexInformer{
{{- range .Versions}}{{$v := .}}{{range .Kinds}}{{if .Informer}}
	{Group: {{quote $v.Group}}, Version: {{quote $v.Version}}, Resource: {{quote .Resource}}}: func(f SharedInformerFactory) cache.SharedIndexInformer {
		return f.{{$v.GoGroup}}().{{$v.VersionGo}}().{{.Plural}}().Informer()
	},
{{- end}}{{end}}{{end}}
}
{{end}}
`))
