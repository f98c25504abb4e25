package testing

import (
	"maps"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
)

// Action describes one call made against a fake client: the verb, the
// resource (and subresource) and the namespace it was made in. Concrete
// actions (GetActionImpl, CreateActionImpl, ...) carry the call's arguments
// as well. Actions are plain values; Fake records a deep copy of every action
// it is given, so callers may keep and mutate their own copies.
type Action interface {
	// GetNamespace returns the namespace of the call, "" for cluster-scoped
	// resources and for calls across all namespaces.
	GetNamespace() string
	// GetVerb returns the API verb in lower case ("get", "list",
	// "delete-collection", ...).
	GetVerb() string
	// GetResource returns the resource the call addresses.
	GetResource() schema.GroupVersionResource
	// GetSubresource returns the subresource ("status", "scale", ...) or "".
	GetSubresource() string
	// Matches reports whether the action has the given verb and resource,
	// compared case-insensitively. resource may name a subresource as
	// "pods/status"; without a slash the subresource is not compared.
	Matches(verb, resource string) bool

	// DeepCopy returns a copy that shares no mutable state with the
	// receiver. Fake calls it before recording and before reacting, so
	// most callers never need it.
	DeepCopy() Action
}

// GenericAction is an action that carries an arbitrary value, for calls
// that fit none of the other action shapes.
type GenericAction interface {
	Action
	// GetValue returns the value the call was made with.
	GetValue() interface{}
}

// GetAction is a "get" of one named object.
type GetAction interface {
	Action
	// GetName returns the name of the requested object.
	GetName() string
}

// ListAction is a "list" of a collection.
type ListAction interface {
	Action
	// GetListRestrictions returns the label and field selectors of the call.
	GetListRestrictions() ListRestrictions
}

// CreateAction is a "create" of an object (or of a subresource).
type CreateAction interface {
	Action
	// GetObject returns the object sent to the server.
	GetObject() runtime.Object
}

// UpdateAction is an "update" of an object (or of a subresource).
type UpdateAction interface {
	Action
	// GetObject returns the object sent to the server.
	GetObject() runtime.Object
}

// DeleteAction is a "delete" of one named object.
type DeleteAction interface {
	Action
	// GetName returns the name of the object to delete.
	GetName() string
	// GetDeleteOptions returns the options the call was made with.
	GetDeleteOptions() metav1.DeleteOptions
}

// DeleteCollectionAction is a "delete-collection" of the objects selected by
// label and field selectors.
type DeleteCollectionAction interface {
	Action
	// GetListRestrictions returns the selectors choosing the objects to delete.
	GetListRestrictions() ListRestrictions
}

// PatchAction is a "patch" of one named object.
type PatchAction interface {
	Action
	// GetName returns the name of the object to patch.
	GetName() string
	// GetPatchType returns the patch format (JSON, merge, strategic merge,
	// apply).
	GetPatchType() types.PatchType
	// GetPatch returns the raw patch document.
	GetPatch() []byte
}

// WatchAction is a "watch" of a collection.
type WatchAction interface {
	Action
	// GetWatchRestrictions returns the selectors and the resource version
	// the watch starts from.
	GetWatchRestrictions() WatchRestrictions
}

// ProxyGetAction is a "get" proxied through the API server to a pod or
// service.
type ProxyGetAction interface {
	Action
	// GetScheme returns the URL scheme ("http", "https" or "").
	GetScheme() string
	// GetName returns the name of the pod or service.
	GetName() string
	// GetPort returns the port name or number.
	GetPort() string
	// GetPath returns the path requested on the target.
	GetPath() string
	// GetParams returns the query parameters.
	GetParams() map[string]string
}

// ActionImpl holds the fields every action has and implements Action. The
// other ...ActionImpl types embed it.
type ActionImpl struct {
	// Namespace is the namespace of the call ("" when cluster-scoped).
	Namespace string
	// Verb is the lower-case API verb.
	Verb string
	// Resource is the addressed resource.
	Resource schema.GroupVersionResource
	// Subresource is the addressed subresource, or "".
	Subresource string
}

// GetNamespace returns a.Namespace.
func (a ActionImpl) GetNamespace() string { return a.Namespace }

// GetVerb returns a.Verb.
func (a ActionImpl) GetVerb() string { return a.Verb }

// GetResource returns a.Resource.
func (a ActionImpl) GetResource() schema.GroupVersionResource { return a.Resource }

// GetSubresource returns a.Subresource.
func (a ActionImpl) GetSubresource() string { return a.Subresource }

// Matches reports whether verb and resource name this action, ignoring case.
// "pods" matches any call on pods (whatever the subresource); "pods/status"
// matches only calls on the status subresource of pods.
func (a ActionImpl) Matches(verb, resource string) bool {
	if !strings.EqualFold(verb, a.Verb) {
		return false
	}
	top, sub, hasSub := strings.Cut(resource, "/")
	if !strings.EqualFold(top, a.Resource.Resource) {
		return false
	}
	return !hasSub || strings.EqualFold(sub, a.Subresource)
}

// DeepCopy returns a copy of a (ActionImpl holds only values).
func (a ActionImpl) DeepCopy() Action { return a }

// GenericActionImpl is the GenericAction implementation.
type GenericActionImpl struct {
	ActionImpl
	// Value is the argument of the call.
	Value interface{}
}

// GetValue returns a.Value.
func (a GenericActionImpl) GetValue() interface{} { return a.Value }

// DeepCopy copies a. Value is of unknown type and is shared with the copy,
// unless it is a runtime.Object, which is deep-copied.
func (a GenericActionImpl) DeepCopy() Action {
	v := a.Value
	if obj, ok := v.(runtime.Object); ok {
		v = copyObject(obj)
	}
	return GenericActionImpl{ActionImpl: a.ActionImpl, Value: v}
}

// GetActionImpl is the GetAction implementation.
type GetActionImpl struct {
	ActionImpl
	// Name identifies the object being read.
	Name string
	// GetOptions are the options of the call.
	GetOptions metav1.GetOptions
}

// GetName returns a.Name.
func (a GetActionImpl) GetName() string { return a.Name }

// GetGetOptions returns a.GetOptions.
func (a GetActionImpl) GetGetOptions() metav1.GetOptions { return a.GetOptions }

// DeepCopy returns an independent copy of a.
func (a GetActionImpl) DeepCopy() Action {
	a.GetOptions = *a.GetOptions.DeepCopy()
	return a
}

// ListActionImpl is the ListAction implementation.
type ListActionImpl struct {
	ActionImpl
	// Kind is the kind of the listed items (not of the list).
	Kind schema.GroupVersionKind
	// Name is unused by the constructors; kept for compatibility.
	Name string
	// ListRestrictions are the parsed selectors of ListOptions.
	ListRestrictions ListRestrictions
	// ListOptions are the options of the call.
	ListOptions metav1.ListOptions
}

// GetKind returns a.Kind.
func (a ListActionImpl) GetKind() schema.GroupVersionKind { return a.Kind }

// GetListRestrictions returns a.ListRestrictions.
func (a ListActionImpl) GetListRestrictions() ListRestrictions { return a.ListRestrictions }

// GetListOptions returns a.ListOptions.
func (a ListActionImpl) GetListOptions() metav1.ListOptions { return a.ListOptions }

// DeepCopy returns an independent copy of a.
func (a ListActionImpl) DeepCopy() Action {
	a.ListRestrictions = a.ListRestrictions.deepCopy()
	a.ListOptions = *a.ListOptions.DeepCopy()
	return a
}

// CreateActionImpl is the CreateAction implementation.
type CreateActionImpl struct {
	ActionImpl
	// Name is set only when a subresource is created: it names the object
	// that owns it (the pod, for an eviction). Plain creates leave it "".
	Name string
	// Object is the object sent to the server.
	Object runtime.Object
	// CreateOptions are the options of the call.
	CreateOptions metav1.CreateOptions
}

// GetObject returns a.Object.
func (a CreateActionImpl) GetObject() runtime.Object { return a.Object }

// GetCreateOptions returns a.CreateOptions.
func (a CreateActionImpl) GetCreateOptions() metav1.CreateOptions { return a.CreateOptions }

// DeepCopy returns an independent copy of a, including of Object.
func (a CreateActionImpl) DeepCopy() Action {
	a.Object = copyObject(a.Object)
	a.CreateOptions = *a.CreateOptions.DeepCopy()
	return a
}

// UpdateActionImpl is the UpdateAction implementation.
type UpdateActionImpl struct {
	ActionImpl
	// Object is the object sent to the server.
	Object runtime.Object
	// UpdateOptions are the options of the call.
	UpdateOptions metav1.UpdateOptions
}

// GetObject returns a.Object.
func (a UpdateActionImpl) GetObject() runtime.Object { return a.Object }

// GetUpdateOptions returns a.UpdateOptions.
func (a UpdateActionImpl) GetUpdateOptions() metav1.UpdateOptions { return a.UpdateOptions }

// DeepCopy returns an independent copy of a, including of Object.
func (a UpdateActionImpl) DeepCopy() Action {
	a.Object = copyObject(a.Object)
	a.UpdateOptions = *a.UpdateOptions.DeepCopy()
	return a
}

// PatchActionImpl is the PatchAction implementation.
type PatchActionImpl struct {
	ActionImpl
	// Name identifies the object the patch applies to.
	Name string
	// PatchType is the patch format.
	PatchType types.PatchType
	// Patch is the raw patch document.
	Patch []byte
	// PatchOptions are the options of the call.
	PatchOptions metav1.PatchOptions
}

// GetName returns a.Name.
func (a PatchActionImpl) GetName() string { return a.Name }

// GetPatch returns a.Patch (not a copy).
func (a PatchActionImpl) GetPatch() []byte { return a.Patch }

// GetPatchType returns a.PatchType.
func (a PatchActionImpl) GetPatchType() types.PatchType { return a.PatchType }

// GetPatchOptions returns a.PatchOptions.
func (a PatchActionImpl) GetPatchOptions() metav1.PatchOptions { return a.PatchOptions }

// DeepCopy returns an independent copy of a, including of Patch. A nil
// Patch is copied as an empty, non-nil slice.
func (a PatchActionImpl) DeepCopy() Action {
	a.Patch = append(make([]byte, 0, len(a.Patch)), a.Patch...)
	a.PatchOptions = *a.PatchOptions.DeepCopy()
	return a
}

// DeleteActionImpl is the DeleteAction implementation.
type DeleteActionImpl struct {
	ActionImpl
	// Name identifies the object being deleted.
	Name string
	// DeleteOptions are the options of the call.
	DeleteOptions metav1.DeleteOptions
}

// GetName returns a.Name.
func (a DeleteActionImpl) GetName() string { return a.Name }

// GetDeleteOptions returns a.DeleteOptions.
func (a DeleteActionImpl) GetDeleteOptions() metav1.DeleteOptions { return a.DeleteOptions }

// DeepCopy returns an independent copy of a.
func (a DeleteActionImpl) DeepCopy() Action {
	a.DeleteOptions = *a.DeleteOptions.DeepCopy()
	return a
}

// DeleteCollectionActionImpl is the DeleteCollectionAction implementation.
type DeleteCollectionActionImpl struct {
	ActionImpl
	// ListRestrictions are the parsed selectors of ListOptions.
	ListRestrictions ListRestrictions
	// DeleteOptions are the delete options of the call.
	DeleteOptions metav1.DeleteOptions
	// ListOptions select the objects to delete.
	ListOptions metav1.ListOptions
}

// GetListRestrictions returns a.ListRestrictions.
func (a DeleteCollectionActionImpl) GetListRestrictions() ListRestrictions {
	return a.ListRestrictions
}

// GetDeleteOptions returns a.DeleteOptions.
func (a DeleteCollectionActionImpl) GetDeleteOptions() metav1.DeleteOptions {
	return a.DeleteOptions
}

// GetListOptions returns a.ListOptions.
func (a DeleteCollectionActionImpl) GetListOptions() metav1.ListOptions { return a.ListOptions }

// DeepCopy returns an independent copy of a.
func (a DeleteCollectionActionImpl) DeepCopy() Action {
	a.ListRestrictions = a.ListRestrictions.deepCopy()
	a.DeleteOptions = *a.DeleteOptions.DeepCopy()
	a.ListOptions = *a.ListOptions.DeepCopy()
	return a
}

// WatchActionImpl is the WatchAction implementation.
type WatchActionImpl struct {
	ActionImpl
	// WatchRestrictions are the parsed selectors and resource version of
	// ListOptions.
	WatchRestrictions WatchRestrictions
	// ListOptions are the options of the call.
	ListOptions metav1.ListOptions
}

// GetWatchRestrictions returns a.WatchRestrictions.
func (a WatchActionImpl) GetWatchRestrictions() WatchRestrictions { return a.WatchRestrictions }

// GetListOptions returns a.ListOptions.
func (a WatchActionImpl) GetListOptions() metav1.ListOptions { return a.ListOptions }

// DeepCopy returns an independent copy of a.
func (a WatchActionImpl) DeepCopy() Action {
	a.WatchRestrictions = a.WatchRestrictions.deepCopy()
	a.ListOptions = *a.ListOptions.DeepCopy()
	return a
}

// ProxyGetActionImpl is the ProxyGetAction implementation.
type ProxyGetActionImpl struct {
	ActionImpl
	// Scheme is the URL scheme of the proxied request.
	Scheme string
	// Name identifies the pod or service the request is proxied to.
	Name string
	// Port is the port name or number.
	Port string
	// Path is the path requested on the target.
	Path string
	// Params are the query parameters.
	Params map[string]string
}

// GetScheme returns a.Scheme.
func (a ProxyGetActionImpl) GetScheme() string { return a.Scheme }

// GetName returns a.Name.
func (a ProxyGetActionImpl) GetName() string { return a.Name }

// GetPort returns a.Port.
func (a ProxyGetActionImpl) GetPort() string { return a.Port }

// GetPath returns a.Path.
func (a ProxyGetActionImpl) GetPath() string { return a.Path }

// GetParams returns a.Params (not a copy).
func (a ProxyGetActionImpl) GetParams() map[string]string { return a.Params }

// DeepCopy returns an independent copy of a. Params is always non-nil in
// the copy.
func (a ProxyGetActionImpl) DeepCopy() Action {
	params := make(map[string]string, len(a.Params))
	maps.Copy(params, a.Params)
	a.Params = params
	return a
}

// copyObject deep-copies obj; nil stays nil.
func copyObject(obj runtime.Object) runtime.Object {
	if obj == nil {
		return nil
	}
	return obj.DeepCopyObject()
}

// Compile-time checks that each implementation satisfies its interface.
var (
	_ GenericAction          = GenericActionImpl{}
	_ GetAction              = GetActionImpl{}
	_ ListAction             = ListActionImpl{}
	_ CreateAction           = CreateActionImpl{}
	_ UpdateAction           = UpdateActionImpl{}
	_ PatchAction            = PatchActionImpl{}
	_ DeleteAction           = DeleteActionImpl{}
	_ DeleteCollectionAction = DeleteCollectionActionImpl{}
	_ WatchAction            = WatchActionImpl{}
	_ ProxyGetAction         = ProxyGetActionImpl{}
)
