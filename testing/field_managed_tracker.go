package testing

import (
	"fmt"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/api/meta/testrestmapper"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/managedfields"
)

// fieldManagedTracker wraps a plain tracker and runs every write through a
// managedfields.FieldManager, so stored objects carry managedFields and
// apply requests are merged with server-side apply semantics (field
// ownership, conflicts, force).
type fieldManagedTracker struct {
	ObjectTracker
	scheme        *runtime.Scheme
	typeConverter managedfields.TypeConverter

	mapperMu sync.Mutex
	mapper   meta.RESTMapper
}

var _ ObjectTracker = &fieldManagedTracker{}

// NewFieldManagedObjectTracker returns an ObjectTracker like
// NewObjectTracker's that also tracks managed fields: creates, updates and
// patches record their field manager (opts.FieldManager) in
// metadata.managedFields, and Apply performs a server-side apply with
// typeConverter (for example managedfields.NewDeducedTypeConverter or one
// built from OpenAPI schemas): it creates missing objects, merges owned
// fields, and fails with a Conflict error when another manager owns a field
// unless opts.Force is set. Resources are mapped to kinds with a static
// REST mapper built from scheme. Safe for concurrent use.
func NewFieldManagedObjectTracker(scheme *runtime.Scheme, decoder runtime.Decoder, typeConverter managedfields.TypeConverter) ObjectTracker {
	return &fieldManagedTracker{
		ObjectTracker: NewObjectTracker(scheme, decoder),
		scheme:        scheme,
		typeConverter: typeConverter,
	}
}

// kindFor maps gvr to its kind, rebuilding the REST mapper once if the
// scheme learnt new types since it was built.
func (t *fieldManagedTracker) kindFor(gvr schema.GroupVersionResource) (schema.GroupVersionKind, error) {
	if t.scheme == nil {
		return schema.GroupVersionKind{}, errNoScheme
	}
	t.mapperMu.Lock()
	defer t.mapperMu.Unlock()
	if t.mapper != nil {
		if gvk, err := t.mapper.KindFor(gvr); err == nil {
			return gvk, nil
		}
	}
	t.mapper = testrestmapper.TestOnlyStaticRESTMapper(t.scheme)
	return t.mapper.KindFor(gvr)
}

// manager returns the kind of gvr and a field manager for it.
func (t *fieldManagedTracker) manager(gvr schema.GroupVersionResource) (schema.GroupVersionKind, *managedfields.FieldManager, error) {
	gvk, err := t.kindFor(gvr)
	if err != nil {
		return gvk, nil, err
	}
	if t.typeConverter == nil {
		return gvk, nil, fmt.Errorf("field managed tracker: no type converter")
	}
	mgr, err := managedfields.NewDefaultFieldManager(t.typeConverter, t.scheme, noDefaults{}, t.scheme, gvk, gvk.GroupVersion(), "", nil)
	return gvk, mgr, err
}

// newLive returns an empty object of gvk, the "live" object of a create.
func (t *fieldManagedTracker) newLive(gvk schema.GroupVersionKind) (runtime.Object, error) {
	obj, err := t.scheme.New(gvk)
	if err != nil {
		return nil, err
	}
	obj.GetObjectKind().SetGroupVersionKind(gvk)
	return obj, nil
}

// Create records opts.FieldManager as the manager of obj's fields and
// stores it. apiVersion and kind of obj are set from the resource's kind.
func (t *fieldManagedTracker) Create(gvr schema.GroupVersionResource, obj runtime.Object, ns string, vopts ...metav1.CreateOptions) error {
	opts, err := optionalArg(vopts)
	if err != nil {
		return err
	}
	if isNil(obj) {
		return apierrors.NewBadRequest("object tracker: the object is nil")
	}
	gvk, mgr, err := t.manager(gvr)
	if err != nil {
		return err
	}
	obj = obj.DeepCopyObject()
	typ, err := meta.TypeAccessor(obj)
	if err != nil {
		return err
	}
	apiVersion, kind := gvk.ToAPIVersionAndKind()
	typ.SetAPIVersion(apiVersion)
	typ.SetKind(kind)
	name, err := nameOf(obj)
	if err != nil {
		return err
	}
	live, err := t.ObjectTracker.Get(gvr, ns, name)
	if apierrors.IsNotFound(err) {
		live, err = t.newLive(gvk)
	}
	if err != nil {
		return err
	}
	managed, err := mgr.Update(live, obj, opts.FieldManager)
	if err != nil {
		return err
	}
	return t.ObjectTracker.Create(gvr, managed, ns, opts)
}

// Update records opts.FieldManager as the manager of the fields obj
// changes and stores it; NotFound when there is no stored object.
func (t *fieldManagedTracker) Update(gvr schema.GroupVersionResource, obj runtime.Object, ns string, vopts ...metav1.UpdateOptions) error {
	opts, err := optionalArg(vopts)
	if err != nil {
		return err
	}
	managed, err := t.updateManaged(gvr, obj, ns, opts.FieldManager)
	if err != nil {
		return err
	}
	return t.ObjectTracker.Update(gvr, managed, ns, opts)
}

// Patch records opts.FieldManager as the manager of the fields the patch
// changed and stores the patched object; NotFound when there is no stored
// object.
func (t *fieldManagedTracker) Patch(gvr schema.GroupVersionResource, patchedObject runtime.Object, ns string, vopts ...metav1.PatchOptions) error {
	opts, err := optionalArg(vopts)
	if err != nil {
		return err
	}
	managed, err := t.updateManaged(gvr, patchedObject, ns, opts.FieldManager)
	if err != nil {
		return err
	}
	return t.ObjectTracker.Patch(gvr, managed, ns, opts)
}

func (t *fieldManagedTracker) updateManaged(gvr schema.GroupVersionResource, obj runtime.Object, ns, manager string) (runtime.Object, error) {
	if isNil(obj) {
		return nil, apierrors.NewBadRequest("object tracker: the object is nil")
	}
	_, mgr, err := t.manager(gvr)
	if err != nil {
		return nil, err
	}
	name, err := nameOf(obj)
	if err != nil {
		return nil, err
	}
	live, err := t.ObjectTracker.Get(gvr, ns, name)
	if err != nil {
		return nil, err
	}
	return mgr.Update(live, obj.DeepCopyObject(), manager)
}

// Apply performs a server-side apply of applyConfiguration (an object,
// typically *unstructured.Unstructured, holding the fields the manager
// wants to own) as opts.FieldManager, creating the object when it does not
// exist. Conflicts with other managers fail with a Conflict error unless
// opts.Force is true.
func (t *fieldManagedTracker) Apply(gvr schema.GroupVersionResource, applyConfiguration runtime.Object, ns string, vopts ...metav1.PatchOptions) error {
	opts, err := optionalArg(vopts)
	if err != nil {
		return err
	}
	name, err := nameOf(applyConfiguration)
	if err != nil {
		return err
	}
	gvk, mgr, err := t.manager(gvr)
	if err != nil {
		return err
	}
	exists := true
	live, err := t.ObjectTracker.Get(gvr, ns, name)
	if apierrors.IsNotFound(err) {
		exists = false
		live, err = t.newLive(gvk)
	}
	if err != nil {
		return err
	}
	force := opts.Force != nil && *opts.Force
	applied, err := mgr.Apply(live, applyConfiguration.DeepCopyObject(), opts.FieldManager, force)
	if err != nil {
		return err
	}
	if !exists {
		return t.ObjectTracker.Create(gvr, applied, ns, metav1.CreateOptions{
			DryRun: opts.DryRun, FieldManager: opts.FieldManager, FieldValidation: opts.FieldValidation,
		})
	}
	return t.ObjectTracker.Update(gvr, applied, ns, metav1.UpdateOptions{
		DryRun: opts.DryRun, FieldManager: opts.FieldManager, FieldValidation: opts.FieldValidation,
	})
}

// deleteCollection forwards to the wrapped tracker.
func (t *fieldManagedTracker) deleteCollection(gvr schema.GroupVersionResource, ns string, ls labels.Selector, fs fields.Selector) (int, error) {
	dc, ok := t.ObjectTracker.(collectionDeleter)
	if !ok {
		return 0, fmt.Errorf("field managed tracker: the wrapped tracker cannot delete collections")
	}
	return dc.deleteCollection(gvr, ns, ls, fs)
}

// IsWatchListSemanticsUnSupported tells reflectors that the tracker cannot
// serve watch-list requests.
func (t *fieldManagedTracker) IsWatchListSemanticsUnSupported() bool { return true }

// noDefaults is a runtime.ObjectDefaulter that does nothing: the fake does
// no server-side defaulting.
type noDefaults struct{}

// Default leaves the object unchanged.
func (noDefaults) Default(runtime.Object) {}
