package testing

import (
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	"k8s.io/apimachinery/pkg/watch"
)

// ObjectTracker is an in-memory store of API objects keyed by resource,
// namespace and name. Fake clients answer their calls from one (see
// ObjectReaction). Implementations returned by this package are safe for
// concurrent use, store deep copies of what they are given and hand out
// deep copies of what they store.
type ObjectTracker interface {
	// Add stores obj under the resource guessed from its kind (the
	// scheme's kinds of obj, made plural). A list is unpacked and each item
	// added. Fails with AlreadyExists when the object is already stored.
	Add(obj runtime.Object) error

	// Get returns a copy of the object name in ns of resource gvr, or a
	// NotFound error.
	Get(gvr schema.GroupVersionResource, ns, name string, opts ...metav1.GetOptions) (runtime.Object, error)

	// Create stores a copy of obj under gvr in ns (which the object takes
	// when it has no namespace). Fails with AlreadyExists when the name is
	// taken and BadRequest when obj names another namespace.
	Create(gvr schema.GroupVersionResource, obj runtime.Object, ns string, opts ...metav1.CreateOptions) error

	// Update replaces the stored object of obj's name with a copy of obj,
	// or fails with NotFound.
	Update(gvr schema.GroupVersionResource, obj runtime.Object, ns string, opts ...metav1.UpdateOptions) error

	// Patch replaces the stored object with obj, the already patched
	// object, or fails with NotFound.
	Patch(gvr schema.GroupVersionResource, obj runtime.Object, ns string, opts ...metav1.PatchOptions) error

	// Apply merges applyConfiguration, which carries the object's name,
	// into the stored object (see the implementations for the semantics).
	Apply(gvr schema.GroupVersionResource, applyConfiguration runtime.Object, ns string, opts ...metav1.PatchOptions) error

	// List returns a list of kind gvk.Kind+"List" holding copies of the
	// objects of gvr in ns ("" for every namespace). gvk is the kind of the
	// items, never a list kind.
	List(gvr schema.GroupVersionResource, gvk schema.GroupVersionKind, ns string, opts ...metav1.ListOptions) (runtime.Object, error)

	// Delete removes the object name in ns of resource gvr, or fails with
	// NotFound when there is none.
	Delete(gvr schema.GroupVersionResource, ns, name string, opts ...metav1.DeleteOptions) error

	// Watch returns a watcher that receives ADDED, MODIFIED and DELETED
	// events for the objects of gvr in ns ("" for every namespace).
	Watch(gvr schema.GroupVersionResource, ns string, opts ...metav1.ListOptions) (watch.Interface, error)
}

// ObjectScheme is what a tracker needs from a scheme: creating objects of a
// kind (list kinds for List) and telling the kinds of an object (for Add).
// *runtime.Scheme implements it.
type ObjectScheme interface {
	runtime.ObjectCreater
	runtime.ObjectTyper
}

// storedObject pairs a tracked object with the counter value it was stored
// at. metadata.resourceVersion of the object stays what the test supplied;
// only List (the list's resourceVersion) and the replay of a resumed Watch
// look at the counter.
type storedObject struct {
	rv  int64
	obj runtime.Object
}

// objectKey names an object within one resource.
type objectKey = types.NamespacedName

// tracker is the ObjectTracker of NewObjectTracker.
//
// Resource versions: per resource, a counter that starts at 1 (the version
// of the empty collection) and is bumped for every create or update. List
// reports the counter as the list's resourceVersion; Watch with options
// replays the stored objects newer than the requested version. That is
// enough for an informer's list-then-watch to see every object exactly
// once.
type tracker struct {
	scheme  ObjectScheme
	decoder runtime.Decoder

	mu       sync.RWMutex
	objects  map[schema.GroupVersionResource]map[objectKey]storedObject
	versions map[schema.GroupVersionResource]int64
	// watchers by resource, then by namespace ("" watches all namespaces).
	watchers map[schema.GroupVersionResource]map[string][]*trackerWatcher
}

var _ ObjectTracker = &tracker{}

// NewObjectTracker returns an empty ObjectTracker. scheme gives the kinds of
// added objects (and so their resources, guessed from the kind) and the list
// types List returns; decoder decodes runtime.RawExtension and
// runtime.Unknown items of lists passed to Add.
//
// The tracker does no defaulting, validation, conversion, name generation
// (generateName is stored as given; the object keeps its empty name) or
// field management; see NewFieldManagedObjectTracker for the latter.
// Watchers are told about every change; a slow watcher never blocks or
// breaks the tracker (its events are queued), but every watcher should be
// stopped when done.
func NewObjectTracker(scheme ObjectScheme, decoder runtime.Decoder) ObjectTracker {
	return &tracker{
		scheme:   scheme,
		decoder:  decoder,
		objects:  map[schema.GroupVersionResource]map[objectKey]storedObject{},
		versions: map[schema.GroupVersionResource]int64{},
		watchers: map[schema.GroupVersionResource]map[string][]*trackerWatcher{},
	}
}

var errNoScheme = errors.New("object tracker: no scheme; create the tracker with NewObjectTracker(scheme, decoder)")

// isNilScheme reports whether s is nil or a typed nil pointer.
func isNilScheme(s ObjectScheme) bool {
	if s == nil {
		return true
	}
	v := reflect.ValueOf(s)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// optionalArg returns the single optional argument of a variadic options
// parameter, the zero value when none was given, and an error when more
// than one was.
func optionalArg[T any](args []T) (T, error) {
	var zero T
	switch len(args) {
	case 0:
		return zero, nil
	case 1:
		return args[0], nil
	default:
		return zero, fmt.Errorf("expected at most one options argument, got %d", len(args))
	}
}

// IsWatchListSemanticsUnSupported tells reflectors that the tracker cannot
// serve watch-list (streaming list) requests, so they fall back to list and
// watch.
func (t *tracker) IsWatchListSemanticsUnSupported() bool { return true }

// Add stores obj under the resource guessed from each of its kinds in the
// scheme. Lists are unpacked (raw items decoded with the decoder) and their
// items added one by one.
func (t *tracker) Add(obj runtime.Object) error {
	if isNil(obj) {
		return fmt.Errorf("object tracker: cannot add a nil object")
	}
	if meta.IsListType(obj) {
		return t.addList(obj)
	}
	objMeta, err := meta.Accessor(obj)
	if err != nil {
		return fmt.Errorf("object tracker: cannot add %T: %w", obj, err)
	}
	gvks, err := t.kindsOf(obj)
	if err != nil {
		return err
	}
	for _, gvk := range gvks {
		if err := t.store(resourceForKind(gvk), obj, objMeta.GetNamespace(), false); err != nil {
			return err
		}
	}
	return nil
}

// kindsOf returns the kinds Add files obj under. Every Go type registered
// in the scheme has its kinds there; PartialObjectMetadata is registered
// for many kinds, so its own apiVersion and kind decide when it has them.
func (t *tracker) kindsOf(obj runtime.Object) ([]schema.GroupVersionKind, error) {
	if isNilScheme(t.scheme) {
		return nil, errNoScheme
	}
	gvks, _, err := t.scheme.ObjectKinds(obj)
	if err != nil {
		return nil, err
	}
	if partial, ok := obj.(*metav1.PartialObjectMetadata); ok && partial.APIVersion != "" {
		return []schema.GroupVersionKind{partial.GroupVersionKind()}, nil
	}
	if len(gvks) == 0 {
		return nil, fmt.Errorf("object tracker: no registered kinds for %T", obj)
	}
	return gvks, nil
}

// resourceForKind is the resource Add files an object of kind gvk under:
// only a guess from the kind (lower-case plural), so objects served under
// another resource name must be stored with Create instead. Internal kinds
// are filed under the empty version.
func resourceForKind(gvk schema.GroupVersionKind) schema.GroupVersionResource {
	if gvk.Version == runtime.APIVersionInternal {
		gvk.Version = ""
	}
	plural, _ := meta.UnsafeGuessKindToResource(gvk)
	return plural
}

// newList returns an empty list object for items of kind gvk: the scheme's
// gvk.Kind+"List", looked up under the internal version when gvk has none.
func (t *tracker) newList(gvk schema.GroupVersionKind) (runtime.Object, error) {
	want := schema.GroupVersionKind{
		Group:   gvk.Group,
		Version: cmp.Or(gvk.Version, runtime.APIVersionInternal),
		Kind:    gvk.Kind + "List",
	}
	obj, err := t.scheme.New(want)
	switch {
	case err != nil:
		return nil, err
	case !meta.IsListType(obj):
		return nil, fmt.Errorf("%q is not a list type", want.Kind)
	}
	return obj, nil
}

func (t *tracker) addList(list runtime.Object) error {
	items, err := meta.ExtractList(list)
	if err != nil {
		return err
	}
	var decoders []runtime.Decoder
	if t.decoder != nil {
		decoders = append(decoders, t.decoder)
	}
	if errs := runtime.DecodeList(items, decoders...); len(errs) > 0 {
		return errs[0]
	}
	for _, item := range items {
		if err := t.Add(item); err != nil {
			return err
		}
	}
	return nil
}

// Get returns a copy of the stored object. A stored *metav1.Status whose
// status is not Success is returned as that error instead, which lets tests
// make Get fail with any API error.
func (t *tracker) Get(gvr schema.GroupVersionResource, ns, name string, opts ...metav1.GetOptions) (runtime.Object, error) {
	if _, err := optionalArg(opts); err != nil {
		return nil, err
	}
	t.mu.RLock()
	stored, ok := t.objects[gvr][objectKey{Namespace: ns, Name: name}]
	t.mu.RUnlock()
	if !ok {
		return nil, apierrors.NewNotFound(gvr.GroupResource(), name)
	}
	obj := stored.obj.DeepCopyObject()
	if status, ok := obj.(*metav1.Status); ok && status.Status != metav1.StatusSuccess {
		return nil, &apierrors.StatusError{ErrStatus: *status}
	}
	return obj, nil
}

// Create stores a copy of obj; it fails with AlreadyExists when an object
// of that name is already stored in the namespace.
func (t *tracker) Create(gvr schema.GroupVersionResource, obj runtime.Object, ns string, opts ...metav1.CreateOptions) error {
	if _, err := optionalArg(opts); err != nil {
		return err
	}
	return t.store(gvr, obj, ns, false)
}

// Update replaces the stored object with a copy of obj; it fails with
// NotFound when there is none. resourceVersion preconditions are not
// checked.
func (t *tracker) Update(gvr schema.GroupVersionResource, obj runtime.Object, ns string, opts ...metav1.UpdateOptions) error {
	if _, err := optionalArg(opts); err != nil {
		return err
	}
	return t.store(gvr, obj, ns, true)
}

// Patch replaces the stored object with patchedObject, the result of
// applying a patch (ObjectReaction computes it); it fails with NotFound when
// there is no stored object.
func (t *tracker) Patch(gvr schema.GroupVersionResource, patchedObject runtime.Object, ns string, opts ...metav1.PatchOptions) error {
	if _, err := optionalArg(opts); err != nil {
		return err
	}
	return t.store(gvr, patchedObject, ns, true)
}

// Apply merges applyConfiguration into the stored object of the same name
// as a strategic merge patch (the traditional behaviour of the fake: no
// field ownership, and NotFound when the object does not exist yet). Use
// NewFieldManagedObjectTracker for server-side apply semantics.
func (t *tracker) Apply(gvr schema.GroupVersionResource, applyConfiguration runtime.Object, ns string, opts ...metav1.PatchOptions) error {
	if _, err := optionalArg(opts); err != nil {
		return err
	}
	if isNil(applyConfiguration) {
		return fmt.Errorf("object tracker: cannot apply a nil configuration")
	}
	cfgMeta, err := meta.Accessor(applyConfiguration)
	if err != nil {
		return err
	}
	live, err := t.Get(gvr, ns, cfgMeta.GetName())
	if err != nil {
		return err
	}
	patch, err := json.Marshal(applyConfiguration)
	if err != nil {
		return err
	}
	merged, err := patchObject(live, func(original []byte, schemaObj runtime.Object) ([]byte, error) {
		return strategicpatch.StrategicMergePatch(original, patch, schemaObj)
	})
	if err != nil {
		return err
	}
	return t.store(gvr, merged, ns, true)
}

// List returns a list (kind gvk.Kind+"List" from the scheme) holding copies
// of the objects of gvr in ns ("" for all namespaces), sorted by namespace
// and name. The list's resourceVersion is the resource's current version.
// Selectors in opts are not applied; the fake clients filter by label.
func (t *tracker) List(gvr schema.GroupVersionResource, gvk schema.GroupVersionKind, ns string, opts ...metav1.ListOptions) (runtime.Object, error) {
	if _, err := optionalArg(opts); err != nil {
		return nil, err
	}
	if isNilScheme(t.scheme) {
		return nil, errNoScheme
	}
	list, err := t.newList(gvk)
	if err != nil {
		return nil, err
	}

	t.mu.RLock()
	defer t.mu.RUnlock()
	if lm, err := meta.ListAccessor(list); err == nil {
		lm.SetResourceVersion(strconv.FormatInt(t.versionLocked(gvr), 10))
	}
	matching, err := t.inNamespaceLocked(gvr, ns)
	if err != nil {
		return nil, err
	}
	items := make([]runtime.Object, len(matching))
	for i, s := range matching {
		items[i] = s.obj.DeepCopyObject()
	}
	if err := meta.SetList(list, items); err != nil {
		return nil, err
	}
	return list, nil
}

// Delete removes the stored object and tells the watchers; it fails with
// NotFound when there is none.
func (t *tracker) Delete(gvr schema.GroupVersionResource, ns, name string, opts ...metav1.DeleteOptions) error {
	if _, err := optionalArg(opts); err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	key := objectKey{Namespace: ns, Name: name}
	stored, ok := t.objects[gvr][key]
	if !ok {
		return apierrors.NewNotFound(gvr.GroupResource(), name)
	}
	delete(t.objects[gvr], key)
	t.notifyLocked(gvr, ns, watch.Deleted, stored.obj)
	return nil
}

// deleteCollection removes the objects of gvr in ns ("" for all
// namespaces) matching both selectors (nil selects everything) and returns
// how many it removed. The field selector sees metadata.name and
// metadata.namespace only.
func (t *tracker) deleteCollection(gvr schema.GroupVersionResource, ns string, ls labels.Selector, fs fields.Selector) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	matching, err := t.inNamespaceLocked(gvr, ns)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range matching {
		m, err := meta.Accessor(s.obj)
		if err != nil {
			return n, err
		}
		if ls != nil && !ls.Matches(labels.Set(m.GetLabels())) {
			continue
		}
		if fs != nil && !fs.Matches(fields.Set{"metadata.name": m.GetName(), "metadata.namespace": m.GetNamespace()}) {
			continue
		}
		delete(t.objects[gvr], objectKey{Namespace: m.GetNamespace(), Name: m.GetName()})
		t.notifyLocked(gvr, m.GetNamespace(), watch.Deleted, s.obj)
		n++
	}
	return n, nil
}

// Watch returns a watcher of the changes to gvr in ns ("" for all
// namespaces). Without options only later changes are reported; with
// options (as the generated fake clients pass) the stored objects newer than
// opts.ResourceVersion (all of them when it is empty) are first reported as
// ADDED. The watcher must be stopped when no longer needed.
func (t *tracker) Watch(gvr schema.GroupVersionResource, ns string, opts ...metav1.ListOptions) (watch.Interface, error) {
	o, err := optionalArg(opts)
	if err != nil {
		return nil, err
	}
	replay := len(opts) > 0
	var since int64
	if replay && o.ResourceVersion != "" {
		since, err = strconv.ParseInt(o.ResourceVersion, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("invalid ResourceVersion %q in ListOptions, must be int64: %w", o.ResourceVersion, err)
		}
	}

	t.mu.Lock()
	defer t.mu.Unlock()
	var existing []storedObject
	if replay {
		if existing, err = t.inNamespaceLocked(gvr, ns); err != nil {
			return nil, err
		}
	}
	w := newTrackerWatcher()
	if t.watchers[gvr] == nil {
		t.watchers[gvr] = map[string][]*trackerWatcher{}
	}
	t.watchers[gvr][ns] = append(t.watchers[gvr][ns], w)
	for _, s := range existing {
		if s.rv > since {
			w.send(watch.Added, s.obj.DeepCopyObject())
		}
	}
	return w, nil
}

// store saves a copy of obj under gvr in ns. With replace it updates an
// existing object (NotFound if there is none), otherwise it creates one
// (AlreadyExists if there is one). An object without a namespace takes ns;
// one with a different namespace is a BadRequest.
func (t *tracker) store(gvr schema.GroupVersionResource, obj runtime.Object, ns string, replace bool) error {
	if isNil(obj) {
		return apierrors.NewBadRequest("object tracker: the object is nil")
	}
	obj = obj.DeepCopyObject()
	m, err := meta.Accessor(obj)
	if err != nil {
		return apierrors.NewBadRequest(fmt.Sprintf("object tracker: %T has no object metadata: %v", obj, err))
	}
	if m.GetNamespace() == "" {
		m.SetNamespace(ns)
	}
	if m.GetNamespace() != ns {
		return apierrors.NewBadRequest(fmt.Sprintf("request namespace does not match object namespace, request: %q object: %q", ns, m.GetNamespace()))
	}

	t.mu.Lock()
	defer t.mu.Unlock()
	key := objectKey{Namespace: ns, Name: m.GetName()}
	_, exists := t.objects[gvr][key]
	switch {
	case exists && !replace:
		return apierrors.NewAlreadyExists(gvr.GroupResource(), m.GetName())
	case !exists && replace:
		return apierrors.NewNotFound(gvr.GroupResource(), m.GetName())
	}
	rv := t.versionLocked(gvr) + 1
	t.versions[gvr] = rv
	if t.objects[gvr] == nil {
		t.objects[gvr] = map[objectKey]storedObject{}
	}
	t.objects[gvr][key] = storedObject{rv: rv, obj: obj}
	event := watch.Added
	if exists {
		event = watch.Modified
	}
	t.notifyLocked(gvr, ns, event, obj)
	return nil
}

// versionLocked returns the current resource version of gvr (1 when nothing
// was ever stored).
func (t *tracker) versionLocked(gvr schema.GroupVersionResource) int64 {
	if v, ok := t.versions[gvr]; ok {
		return v
	}
	return 1
}

// inNamespaceLocked returns the objects of gvr in ns ("" for all), sorted
// by namespace and name.
func (t *tracker) inNamespaceLocked(gvr schema.GroupVersionResource, ns string) ([]storedObject, error) {
	out := make([]storedObject, 0, len(t.objects[gvr]))
	keys := make([]objectKey, 0, len(t.objects[gvr]))
	for k, s := range t.objects[gvr] {
		m, err := meta.Accessor(s.obj)
		if err != nil {
			return nil, err
		}
		if ns != "" && m.GetNamespace() != ns {
			continue
		}
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].Namespace != keys[j].Namespace {
			return keys[i].Namespace < keys[j].Namespace
		}
		return keys[i].Name < keys[j].Name
	})
	for _, k := range keys {
		out = append(out, t.objects[gvr][k])
	}
	return out, nil
}

// notifyLocked sends a copy of obj to the watchers of gvr in ns and in all
// namespaces, dropping watchers that were stopped.
func (t *tracker) notifyLocked(gvr schema.GroupVersionResource, ns string, event watch.EventType, obj runtime.Object) {
	byNS := t.watchers[gvr]
	if byNS == nil {
		return
	}
	namespaces := []string{ns}
	if ns != metav1.NamespaceAll {
		namespaces = append(namespaces, metav1.NamespaceAll)
	}
	for _, n := range namespaces {
		live := byNS[n][:0]
		for _, w := range byNS[n] {
			if w.isStopped() {
				continue
			}
			live = append(live, w)
			w.send(event, obj.DeepCopyObject())
		}
		clear(byNS[n][len(live):])
		if len(live) == 0 {
			delete(byNS, n)
		} else {
			byNS[n] = live
		}
	}
}
