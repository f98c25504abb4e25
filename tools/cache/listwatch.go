package cache

import (
	"context"
	"errors"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"

	restclient "github.com/kclient/kclient/rest"
)

// Lister performs the initial list of a collection. Implementations should
// also implement ListerWithContext.
type Lister interface {
	// List returns a list object: its items are stored and its resource
	// version is where the following watch starts.
	//
	// Deprecated: implement ListerWithContext and call ListWithContext, which
	// honours cancellation.
	List(options metav1.ListOptions) (runtime.Object, error)
}

// ListerWithContext performs the initial list of a collection.
type ListerWithContext interface {
	// ListWithContext returns a list object: its items are stored and its
	// resource version is where the following watch starts.
	ListWithContext(ctx context.Context, options metav1.ListOptions) (runtime.Object, error)
}

// Watcher starts watches on a collection. Implementations should also
// implement WatcherWithContext.
type Watcher interface {
	// Watch starts a watch at options.ResourceVersion. When it fails it must
	// clean up after itself (stop any watch it started).
	//
	// Deprecated: implement WatcherWithContext and call WatchWithContext, which
	// honours cancellation.
	Watch(options metav1.ListOptions) (watch.Interface, error)
}

// WatcherWithContext starts watches on a collection.
type WatcherWithContext interface {
	// WatchWithContext starts a watch at options.ResourceVersion. When it
	// fails it must clean up after itself (stop any watch it started).
	WatchWithContext(ctx context.Context, options metav1.ListOptions) (watch.Interface, error)
}

// ListerWatcher lists a collection and watches it. Implementations should
// also implement ListerWatcherWithContext.
type ListerWatcher interface {
	Lister
	Watcher
}

// ListerWatcherWithContext lists a collection and watches it.
type ListerWatcherWithContext interface {
	ListerWithContext
	WatcherWithContext
}

// ListFunc lists a collection.
//
// Deprecated: ListWithContextFunc is the context-aware replacement.
type ListFunc func(options metav1.ListOptions) (runtime.Object, error)

// WatchFunc watches a collection.
//
// Deprecated: WatchFuncWithContext is the context-aware replacement.
type WatchFunc func(options metav1.ListOptions) (watch.Interface, error)

// ListWithContextFunc lists a collection.
type ListWithContextFunc func(ctx context.Context, options metav1.ListOptions) (runtime.Object, error)

// WatchFuncWithContext watches a collection.
type WatchFuncWithContext func(ctx context.Context, options metav1.ListOptions) (watch.Interface, error)

// ListWatch is a ListerWatcher (and ListerWatcherWithContext) made of
// functions. One of ListFunc and ListWithContextFunc must be set, and one of
// WatchFunc and WatchFuncWithContext; the WithContext variants are preferred
// when both are set. A ListWatch missing both of a pair returns an error
// instead of panicking.
//
// (The two WithContext fields are named inconsistently; that is part of the
// established API.)
type ListWatch struct {
	// Deprecated: fill in ListWithContextFunc, which receives the caller's
	// context.
	ListFunc ListFunc
	// Deprecated: fill in WatchFuncWithContext, which receives the caller's
	// context.
	WatchFunc WatchFunc

	ListWithContextFunc  ListWithContextFunc
	WatchFuncWithContext WatchFuncWithContext

	// DisableChunking asks reflectors not to paginate lists.
	DisableChunking bool
}

var (
	_ ListerWatcher            = &ListWatch{}
	_ ListerWatcherWithContext = &ListWatch{}
)

var errNoListFunc = errors.New("ListWatch has neither ListWithContextFunc nor ListFunc")
var errNoWatchFunc = errors.New("ListWatch has neither WatchFuncWithContext nor WatchFunc")

// Getter is the part of a REST client that ListWatch needs.
type Getter interface {
	Get() *restclient.Request
}

// NewListWatchFromClient returns a ListWatch for resource in namespace (all
// namespaces if empty) restricted by fieldSelector, using c (for example a
// *rest.RESTClient or a typed client's RESTClient()). All four function
// fields are set.
func NewListWatchFromClient(c Getter, resource string, namespace string, fieldSelector fields.Selector) *ListWatch {
	return NewFilteredListWatchFromClient(c, resource, namespace, func(options *metav1.ListOptions) {
		options.FieldSelector = fieldSelector.String()
	})
}

// NewFilteredListWatchFromClient is NewListWatchFromClient with a function
// that adjusts every request's options (label or field selectors, ...). All
// four function fields are set.
func NewFilteredListWatchFromClient(c Getter, resource string, namespace string, optionsModifier func(options *metav1.ListOptions)) *ListWatch {
	if optionsModifier == nil {
		optionsModifier = func(*metav1.ListOptions) {}
	}
	request := func(options metav1.ListOptions) *restclient.Request {
		optionsModifier(&options)
		r := c.Get()
		if namespace != "" {
			r = r.Namespace(namespace)
		}
		return r.Resource(resource).VersionedParams(&options, metav1.ParameterCodec)
	}
	listCtx := func(ctx context.Context, options metav1.ListOptions) (runtime.Object, error) {
		return request(options).Do(ctx).Get()
	}
	watchCtx := func(ctx context.Context, options metav1.ListOptions) (watch.Interface, error) {
		options.Watch = true
		return request(options).Watch(ctx)
	}
	return &ListWatch{
		ListFunc: func(options metav1.ListOptions) (runtime.Object, error) {
			return listCtx(context.Background(), options)
		},
		WatchFunc: func(options metav1.ListOptions) (watch.Interface, error) {
			return watchCtx(context.Background(), options)
		},
		ListWithContextFunc:  listCtx,
		WatchFuncWithContext: watchCtx,
	}
}

// List lists with the background context.
//
// Deprecated: ListWithContext on the same value does this with a
// caller-supplied context.
func (lw *ListWatch) List(options metav1.ListOptions) (runtime.Object, error) {
	if lw.ListFunc != nil {
		return lw.ListFunc(options)
	}
	return lw.ListWithContext(context.Background(), options)
}

// ListWithContext lists the collection.
func (lw *ListWatch) ListWithContext(ctx context.Context, options metav1.ListOptions) (runtime.Object, error) {
	switch {
	case lw.ListWithContextFunc != nil:
		return lw.ListWithContextFunc(ctx, options)
	case lw.ListFunc != nil:
		return lw.ListFunc(options)
	}
	return nil, errNoListFunc
}

// Watch watches with the background context.
//
// Deprecated: WatchWithContext on the same value does this with a
// caller-supplied context.
func (lw *ListWatch) Watch(options metav1.ListOptions) (watch.Interface, error) {
	if lw.WatchFunc != nil {
		return lw.WatchFunc(options)
	}
	return lw.WatchWithContext(context.Background(), options)
}

// WatchWithContext watches the collection.
func (lw *ListWatch) WatchWithContext(ctx context.Context, options metav1.ListOptions) (watch.Interface, error) {
	switch {
	case lw.WatchFuncWithContext != nil:
		return lw.WatchFuncWithContext(ctx, options)
	case lw.WatchFunc != nil:
		return lw.WatchFunc(options)
	}
	return nil, errNoWatchFunc
}

// ToListerWithContext returns l itself if it implements ListerWithContext,
// otherwise an adapter that ignores the context.
func ToListerWithContext(l Lister) ListerWithContext {
	if lc, ok := l.(ListerWithContext); ok {
		return lc
	}
	return listerAdapter{l}
}

type listerAdapter struct{ Lister }

func (a listerAdapter) ListWithContext(_ context.Context, options metav1.ListOptions) (runtime.Object, error) {
	return a.List(options)
}

// ToWatcherWithContext returns w itself if it implements WatcherWithContext,
// otherwise an adapter that ignores the context.
func ToWatcherWithContext(w Watcher) WatcherWithContext {
	if wc, ok := w.(WatcherWithContext); ok {
		return wc
	}
	return watcherAdapter{w}
}

type watcherAdapter struct{ Watcher }

func (a watcherAdapter) WatchWithContext(_ context.Context, options metav1.ListOptions) (watch.Interface, error) {
	return a.Watch(options)
}

// ToListerWatcherWithContext returns lw itself if it implements
// ListerWatcherWithContext, otherwise an adapter.
func ToListerWatcherWithContext(lw ListerWatcher) ListerWatcherWithContext {
	if lwc, ok := lw.(ListerWatcherWithContext); ok {
		return lwc
	}
	return struct {
		ListerWithContext
		WatcherWithContext
	}{ToListerWithContext(lw), ToWatcherWithContext(lw)}
}

// watchListSemanticsUnsupported is implemented by clients (typically fakes)
// that cannot serve the streaming list protocol; reflectors then use
// LIST and WATCH.
type watchListSemanticsUnsupported interface {
	IsWatchListSemanticsUnSupported() bool
}

func unsupportsWatchList(x any) bool {
	u, ok := x.(watchListSemanticsUnsupported)
	return ok && u.IsWatchListSemanticsUnSupported()
}

// ToListWatcherWithWatchListSemantics returns a ListerWatcher for lw that
// tells reflectors whether client explicitly does not support the streaming
// list (WatchList) protocol, so that they do not try it.
func ToListWatcherWithWatchListSemantics(lw *ListWatch, client any) ListerWatcher {
	if !unsupportsWatchList(client) {
		return lw
	}
	return &listWatchNoWatchList{ListWatch: lw}
}

type listWatchNoWatchList struct{ *ListWatch }

func (*listWatchNoWatchList) IsWatchListSemanticsUnSupported() bool { return true }
