package cache

import (
	"fmt"
	"k8s.io/klog/v2"
)

// ResourceEventHandler receives the notifications of an informer. The
// objects it gets are shared cache objects: it must not modify them or
// anything reachable from them.
//
//   - OnAdd: an object appeared. isInInitialList is true if it was part of
//     the informer's initial list (or of the synthetic adds a handler
//     receives when it is registered with a running informer).
//   - OnUpdate: an object changed. oldObj is the last state the handler
//     saw; intermediate states may have been skipped. Relists and resyncs
//     also call OnUpdate, even when nothing changed.
//   - OnDelete: an object disappeared. obj is its final state if known, or
//     a DeletedFinalStateUnknown if the deletion was only noticed in a
//     relist (the watch missed it).
type ResourceEventHandler interface {
	OnAdd(obj interface{}, isInInitialList bool)
	OnUpdate(oldObj, newObj interface{})
	OnDelete(obj interface{})
}

// ResourceEventHandlerFuncs is a ResourceEventHandler made of optional
// functions; nil ones are skipped. Use ResourceEventHandlerDetailedFuncs to
// learn isInInitialList.
type ResourceEventHandlerFuncs struct {
	AddFunc    func(obj interface{})
	UpdateFunc func(oldObj, newObj interface{})
	DeleteFunc func(obj interface{})
}

// OnAdd forwards to AddFunc with the object; isInInitialList is dropped.
// With no AddFunc the event is ignored.
func (r ResourceEventHandlerFuncs) OnAdd(obj interface{}, isInInitialList bool) {
	fire1(r.AddFunc, obj)
}

// OnUpdate forwards both states to UpdateFunc, or ignores the event when
// UpdateFunc is nil.
func (r ResourceEventHandlerFuncs) OnUpdate(oldObj, newObj interface{}) {
	fire2(r.UpdateFunc, oldObj, newObj)
}

// OnDelete forwards to DeleteFunc, or ignores the event when DeleteFunc is
// nil.
func (r ResourceEventHandlerFuncs) OnDelete(obj interface{}) { fire1(r.DeleteFunc, obj) }

// ResourceEventHandlerDetailedFuncs is ResourceEventHandlerFuncs whose
// AddFunc also receives isInInitialList.
type ResourceEventHandlerDetailedFuncs struct {
	AddFunc    func(obj interface{}, isInInitialList bool)
	UpdateFunc func(oldObj, newObj interface{})
	DeleteFunc func(obj interface{})
}

// OnAdd forwards to AddFunc with both arguments.
// With no AddFunc the event is ignored.
func (r ResourceEventHandlerDetailedFuncs) OnAdd(obj interface{}, isInInitialList bool) {
	fire2(r.AddFunc, obj, isInInitialList)
}

// OnUpdate forwards both states to UpdateFunc, or ignores the event when
// UpdateFunc is nil.
func (r ResourceEventHandlerDetailedFuncs) OnUpdate(oldObj, newObj interface{}) {
	fire2(r.UpdateFunc, oldObj, newObj)
}

// OnDelete forwards to DeleteFunc, or ignores the event when DeleteFunc is
// nil.
func (r ResourceEventHandlerDetailedFuncs) OnDelete(obj interface{}) { fire1(r.DeleteFunc, obj) }

// FilteringResourceEventHandler passes to Handler only the notifications
// about objects FilterFunc accepts. An update that makes an object pass
// becomes an add, one that makes it fail becomes a delete (of the old
// state). FilterFunc must not modify objects; it also sees
// DeletedFinalStateUnknown tombstones. A nil FilterFunc passes everything.
type FilteringResourceEventHandler struct {
	FilterFunc func(obj interface{}) bool
	Handler    ResourceEventHandler
}

func (r FilteringResourceEventHandler) pass(obj interface{}) bool {
	return r.FilterFunc == nil || r.FilterFunc(obj)
}

// OnAdd hands the event on to Handler when the object passes the filter and
// drops it otherwise.
func (r FilteringResourceEventHandler) OnAdd(obj interface{}, isInInitialList bool) {
	if r.pass(obj) {
		r.Handler.OnAdd(obj, isInInitialList)
	}
}

// OnUpdate calls the nested handler's OnUpdate, OnAdd or OnDelete depending
// on whether the old and new states pass the filter.
func (r FilteringResourceEventHandler) OnUpdate(oldObj, newObj interface{}) {
	oldOK, newOK := r.pass(oldObj), r.pass(newObj)
	switch {
	case oldOK && newOK:
		r.Handler.OnUpdate(oldObj, newObj)
	case newOK:
		r.Handler.OnAdd(newObj, false)
	case oldOK:
		r.Handler.OnDelete(oldObj)
	}
}

// OnDelete hands the event on to Handler when the object passes the filter
// and drops it otherwise.
func (r FilteringResourceEventHandler) OnDelete(obj interface{}) {
	if r.pass(obj) {
		r.Handler.OnDelete(obj)
	}
}

// Object is what typed handlers need of an object: its name and namespace.
// Pointers to Kubernetes API types qualify through their embedded ObjectMeta. It is
// comparable so that a missing object (the zero T, e.g. a nil pointer) can be
// detected.
type Object interface {
	comparable

	GetName() string
	GetNamespace() string
}

// DeletedObject describes a deleted object for typed handlers.
//
// Its name, namespace and key are always available, whether or not the
// object itself is; it can be logged with klog.KObj-like output directly.
type DeletedObject[T Object] struct {
	// OptionalObj holds the last copy the informer had, which may be older
	// than the real final state, or the zero T when the deletion was
	// noticed without any copy at all. Use the methods for the name and key: they
	// always work.
	OptionalObj T

	// FinalStateUnknown is nil if OptionalObj is the up-to-date final state.
	// Otherwise it carries the key (and the untyped object matching
	// OptionalObj).
	FinalStateUnknown *DeletedFinalStateUnknown
}

// GetObjectName returns the deleted object's namespace and name. A
// tombstone key that cannot be parsed is taken as a name without namespace.
func (d DeletedObject[T]) GetObjectName() ObjectName {
	if d.FinalStateUnknown != nil {
		if n, err := ParseObjectName(d.FinalStateUnknown.Key); err == nil {
			return n
		}
		return ObjectName{Name: d.FinalStateUnknown.Key}
	}
	var zero T
	if d.OptionalObj == zero {
		return ObjectName{}
	}
	return ObjectName{Namespace: d.OptionalObj.GetNamespace(), Name: d.OptionalObj.GetName()}
}

// GetKey yields the store key of the object: the tombstone's key when there
// is one, otherwise the key formed from OptionalObj's namespace and name.
func (d DeletedObject[T]) GetKey() string {
	if d.FinalStateUnknown != nil {
		return d.FinalStateUnknown.Key
	}
	return d.GetObjectName().String()
}

// GetName is the name part of GetObjectName.
func (d DeletedObject[T]) GetName() string { return d.GetObjectName().Name }

// GetNamespace is the namespace part of GetObjectName; "" for
// cluster-scoped objects.
func (d DeletedObject[T]) GetNamespace() string { return d.GetObjectName().Namespace }

// TypedResourceEventHandler is a type-safe ResourceEventHandler for objects
// of type T. The same ownership rules apply: do not modify what you get.
type TypedResourceEventHandler[T Object] interface {
	OnAdd(obj T, isInInitialList bool)
	OnUpdate(oldObj, newObj T)
	OnDelete(obj DeletedObject[T])
}

// TypedResourceEventHandlerFuncs is ResourceEventHandlerFuncs for T.
type TypedResourceEventHandlerFuncs[T Object] struct {
	AddFunc    func(obj T)
	UpdateFunc func(oldObj, newObj T)
	DeleteFunc func(obj DeletedObject[T])
}

// OnAdd forwards to AddFunc with the object; isInInitialList is dropped.
// With no AddFunc the event is ignored.
func (r TypedResourceEventHandlerFuncs[T]) OnAdd(obj T, isInInitialList bool) { fire1(r.AddFunc, obj) }

// OnUpdate forwards both states to UpdateFunc, or ignores the event when
// UpdateFunc is nil.
func (r TypedResourceEventHandlerFuncs[T]) OnUpdate(oldObj, newObj T) {
	fire2(r.UpdateFunc, oldObj, newObj)
}

// OnDelete forwards to DeleteFunc, or ignores the event when DeleteFunc is
// nil.
func (r TypedResourceEventHandlerFuncs[T]) OnDelete(obj DeletedObject[T]) { fire1(r.DeleteFunc, obj) }

// TypedResourceEventHandlerDetailedFuncs is ResourceEventHandlerDetailedFuncs
// for T.
type TypedResourceEventHandlerDetailedFuncs[T Object] struct {
	AddFunc    func(obj T, isInInitialList bool)
	UpdateFunc func(oldObj, newObj T)
	DeleteFunc func(obj DeletedObject[T])
}

// OnAdd forwards to AddFunc with both arguments.
// With no AddFunc the event is ignored.
func (r TypedResourceEventHandlerDetailedFuncs[T]) OnAdd(obj T, isInInitialList bool) {
	fire2(r.AddFunc, obj, isInInitialList)
}

// OnUpdate forwards both states to UpdateFunc, or ignores the event when
// UpdateFunc is nil.
func (r TypedResourceEventHandlerDetailedFuncs[T]) OnUpdate(oldObj, newObj T) {
	fire2(r.UpdateFunc, oldObj, newObj)
}

// OnDelete forwards to DeleteFunc, or ignores the event when DeleteFunc is
// nil.
func (r TypedResourceEventHandlerDetailedFuncs[T]) OnDelete(obj DeletedObject[T]) {
	fire1(r.DeleteFunc, obj)
}

// TypedFilteringResourceEventHandler is FilteringResourceEventHandler for T.
type TypedFilteringResourceEventHandler[T Object] struct {
	FilterFunc func(obj T) bool
	Handler    TypedResourceEventHandler[T]
}

func (r TypedFilteringResourceEventHandler[T]) pass(obj T) bool {
	return r.FilterFunc == nil || r.FilterFunc(obj)
}

// OnAdd hands the event on to Handler when the object passes the filter and
// drops it otherwise.
func (r TypedFilteringResourceEventHandler[T]) OnAdd(obj T, isInInitialList bool) {
	if r.pass(obj) {
		r.Handler.OnAdd(obj, isInInitialList)
	}
}

// OnUpdate calls the nested handler's OnUpdate, OnAdd or OnDelete depending
// on whether the old and new states pass the filter.
func (r TypedFilteringResourceEventHandler[T]) OnUpdate(oldObj, newObj T) {
	oldOK, newOK := r.pass(oldObj), r.pass(newObj)
	switch {
	case oldOK && newOK:
		r.Handler.OnUpdate(oldObj, newObj)
	case newOK:
		r.Handler.OnAdd(newObj, false)
	case oldOK:
		r.Handler.OnDelete(DeletedObject[T]{OptionalObj: oldObj})
	}
}

// OnDelete applies the filter to obj.OptionalObj and hands the event on to
// Handler when it passes. OptionalObj can be the zero T (no copy of the
// object was available), so FilterFunc has to accept that value gracefully.
func (r TypedFilteringResourceEventHandler[T]) OnDelete(obj DeletedObject[T]) {
	if r.pass(obj.OptionalObj) {
		r.Handler.OnDelete(obj)
	}
}

// untypedHandler adapts a TypedResourceEventHandler to ResourceEventHandler.
// Objects that are not a T are logged and dropped.
type untypedHandler[T Object] struct {
	handler TypedResourceEventHandler[T]
	logger  klog.Logger
}

func (u untypedHandler[T]) OnAdd(obj interface{}, isInInitialList bool) {
	if t, ok := obj.(T); ok {
		u.handler.OnAdd(t, isInInitialList)
		return
	}
	u.wrongType(obj)
}

func (u untypedHandler[T]) OnUpdate(oldObj, newObj interface{}) {
	o, ok1 := oldObj.(T)
	n, ok2 := newObj.(T)
	if ok1 && ok2 {
		u.handler.OnUpdate(o, n)
		return
	}
	u.wrongType(newObj)
}

func (u untypedHandler[T]) OnDelete(obj interface{}) {
	switch o := obj.(type) {
	case T:
		u.handler.OnDelete(DeletedObject[T]{OptionalObj: o})
	case DeletedFinalStateUnknown:
		t, _ := o.Obj.(T)
		u.handler.OnDelete(DeletedObject[T]{OptionalObj: t, FinalStateUnknown: &o})
	default:
		u.wrongType(obj)
	}
}

// fire1 invokes an optional one-argument callback.
func fire1[A any](fn func(A), a A) {
	if fn != nil {
		fn(a)
	}
}

// fire2 invokes an optional two-argument callback.
func fire2[A, B any](fn func(A, B), a A, b B) {
	if fn != nil {
		fn(a, b)
	}
}

func (u untypedHandler[T]) wrongType(obj interface{}) {
	var want T
	u.logger.Error(nil, "Typed event handler received an object of the wrong type", "want", fmt.Sprintf("%T", want), "got", fmt.Sprintf("%T", obj))
}
