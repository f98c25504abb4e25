package testing

import (
	"fmt"
	"reflect"

	jsonpatch "gopkg.in/evanphx/json-patch.v4"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	"sigs.k8s.io/yaml"
)

// ObjectReaction returns a ReactionFunc that answers actions from tracker,
// the way the generated fake clientsets wire their tracker in:
//
//   - get, list, delete: the tracker's Get, List and Delete;
//   - create, update: stored with the tracker's Create or Update, then the
//     stored object is read back and returned. A create or update of a
//     subresource whose body is of the stored object's type (a status
//     update) updates the whole stored object; a body of another type (an
//     eviction, a scale) is returned as is and not stored;
//   - patch: the stored object is read, patched (JSON patch, JSON merge
//     patch, or strategic merge patch driven by the object's Go type) and
//     written back with the tracker's Patch; apply patches go to the
//     tracker's Apply, which honours field ownership when the tracker comes
//     from NewFieldManagedObjectTracker;
//   - delete-collection: the objects matching the label selector (and a
//     field selector on metadata.name or metadata.namespace) are deleted,
//     when tracker is one of this package's trackers; client-go leaves this
//     verb unhandled.
//
// Errors from the tracker are returned as the reaction's error; they are
// apierrors (NotFound, AlreadyExists, BadRequest) where the API server
// would return one. Actions of other types are left unhandled.
//
// There is no defaulting, validation or conversion, and subresources are
// approximated (updating a scale does not change the parent's replicas).
func ObjectReaction(tracker ObjectTracker) ReactionFunc {
	return func(action Action) (bool, runtime.Object, error) {
		if tracker == nil {
			return false, nil, fmt.Errorf("object reaction: no tracker")
		}
		// Switch on the implementation types: CreateAction and UpdateAction
		// are the same interface, so interface cases would mix them up.
		switch a := action.(type) {
		case GetActionImpl:
			obj, err := tracker.Get(a.Resource, a.Namespace, a.Name, a.GetOptions)
			return true, obj, err
		case ListActionImpl:
			obj, err := tracker.List(a.Resource, a.Kind, a.Namespace, a.ListOptions)
			return true, obj, err
		case CreateActionImpl:
			obj, err := reactCreate(tracker, a)
			return true, obj, err
		case UpdateActionImpl:
			obj, err := reactUpdate(tracker, a)
			return true, obj, err
		case DeleteActionImpl:
			return true, nil, tracker.Delete(a.Resource, a.Namespace, a.Name, a.DeleteOptions)
		case DeleteCollectionActionImpl:
			dc, ok := tracker.(collectionDeleter)
			if !ok {
				return false, nil, fmt.Errorf("no reaction implemented for %s", action)
			}
			_, err := dc.deleteCollection(a.Resource, a.Namespace, a.ListRestrictions.Labels, a.ListRestrictions.Fields)
			return true, nil, err
		case PatchActionImpl:
			if a.PatchType == types.ApplyPatchType {
				obj, err := reactApply(tracker, a)
				return true, obj, err
			}
			obj, err := reactPatch(tracker, a)
			return true, obj, err
		default:
			return false, nil, fmt.Errorf("no reaction implemented for %s", action)
		}
	}
}

// collectionDeleter is implemented by the trackers of this package.
type collectionDeleter interface {
	deleteCollection(gvr schema.GroupVersionResource, ns string, ls labels.Selector, fs fields.Selector) (int, error)
}

func nameOf(obj runtime.Object) (string, error) {
	if isNil(obj) {
		return "", apierrors.NewBadRequest("the action carries no object")
	}
	m, err := meta.Accessor(obj)
	if err != nil {
		return "", err
	}
	return m.GetName(), nil
}

func reactCreate(tracker ObjectTracker, a CreateActionImpl) (runtime.Object, error) {
	name, err := nameOf(a.Object)
	if err != nil {
		return nil, err
	}
	if a.Subresource == "" {
		if err := tracker.Create(a.Resource, a.Object, a.Namespace, a.CreateOptions); err != nil {
			return nil, err
		}
		return tracker.Get(a.Resource, a.Namespace, name)
	}
	// A subresource create: treated as an update of the parent when the
	// body has the parent's type. The action names the parent; older
	// callers leave that to the body.
	parentName := a.Name
	if parentName == "" {
		parentName = name
	}
	parent, err := tracker.Get(a.Resource, a.Namespace, parentName)
	if err != nil {
		return nil, err
	}
	if reflect.TypeOf(parent) != reflect.TypeOf(a.Object) {
		return a.Object, nil
	}
	opts := metav1.UpdateOptions{
		DryRun:          a.CreateOptions.DryRun,
		FieldManager:    a.CreateOptions.FieldManager,
		FieldValidation: a.CreateOptions.FieldValidation,
	}
	if err := tracker.Update(a.Resource, a.Object, a.Namespace, opts); err != nil {
		return nil, err
	}
	return tracker.Get(a.Resource, a.Namespace, name)
}

func reactUpdate(tracker ObjectTracker, a UpdateActionImpl) (runtime.Object, error) {
	name, err := nameOf(a.Object)
	if err != nil {
		return nil, err
	}
	if a.Subresource != "" {
		// A body of another type than the stored object (a Scale for a
		// Deployment) must not replace it.
		parent, err := tracker.Get(a.Resource, a.Namespace, name)
		if err != nil {
			return nil, err
		}
		if reflect.TypeOf(parent) != reflect.TypeOf(a.Object) {
			return a.Object, nil
		}
	}
	if err := tracker.Update(a.Resource, a.Object, a.Namespace, a.UpdateOptions); err != nil {
		return nil, err
	}
	return tracker.Get(a.Resource, a.Namespace, name)
}

func reactApply(tracker ObjectTracker, a PatchActionImpl) (runtime.Object, error) {
	cfg := &unstructured.Unstructured{Object: map[string]interface{}{}}
	if err := yaml.Unmarshal(a.Patch, &cfg.Object); err != nil {
		return nil, fmt.Errorf("apply patch for %s %q is not valid YAML or JSON: %w", a.Resource.Resource, a.Name, err)
	}
	if cfg.Object == nil {
		cfg.Object = map[string]interface{}{}
	}
	cfg.SetName(a.Name)
	if err := tracker.Apply(a.Resource, cfg, a.Namespace, a.PatchOptions); err != nil {
		return nil, err
	}
	return tracker.Get(a.Resource, a.Namespace, a.Name)
}

func reactPatch(tracker ObjectTracker, a PatchActionImpl) (runtime.Object, error) {
	live, err := tracker.Get(a.Resource, a.Namespace, a.Name)
	if err != nil {
		return nil, err
	}
	var apply func(original []byte, schemaObj runtime.Object) ([]byte, error)
	switch a.PatchType {
	case types.JSONPatchType:
		p, err := jsonpatch.DecodePatch(a.Patch)
		if err != nil {
			return nil, err
		}
		apply = func(original []byte, _ runtime.Object) ([]byte, error) { return p.Apply(original) }
	case types.MergePatchType:
		apply = func(original []byte, _ runtime.Object) ([]byte, error) {
			return jsonpatch.MergePatch(original, a.Patch)
		}
	case types.StrategicMergePatchType:
		apply = func(original []byte, schemaObj runtime.Object) ([]byte, error) {
			return strategicpatch.StrategicMergePatch(original, a.Patch, schemaObj)
		}
	default:
		return nil, fmt.Errorf("PatchType %s is not supported", a.PatchType)
	}
	patched, err := patchObject(live, apply)
	if err != nil {
		return nil, err
	}
	if err := tracker.Patch(a.Resource, patched, a.Namespace, a.PatchOptions); err != nil {
		return nil, err
	}
	return tracker.Get(a.Resource, a.Namespace, a.Name)
}

// patchObject serialises live to JSON, transforms it with apply and decodes
// the result into a fresh object of live's type (so fields the patch
// removed are gone). apply also receives an empty object of that type, the
// schema a strategic merge patch needs.
func patchObject(live runtime.Object, apply func(original []byte, schemaObj runtime.Object) ([]byte, error)) (runtime.Object, error) {
	original, err := json.Marshal(live)
	if err != nil {
		return nil, err
	}
	fresh, err := emptyLike(live)
	if err != nil {
		return nil, err
	}
	modified, err := apply(original, fresh)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(modified, fresh); err != nil {
		return nil, err
	}
	return fresh, nil
}

// emptyLike returns a new zero object of obj's concrete type, which must be
// a pointer to a struct.
func emptyLike(obj runtime.Object) (runtime.Object, error) {
	t := reflect.TypeOf(obj)
	if t == nil || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return nil, fmt.Errorf("cannot patch an object of type %T: not a pointer to a struct", obj)
	}
	fresh, ok := reflect.New(t.Elem()).Interface().(runtime.Object)
	if !ok {
		return nil, fmt.Errorf("cannot patch an object of type %T", obj)
	}
	return fresh, nil
}

// isNil reports whether obj is nil or a typed nil pointer.
func isNil(obj runtime.Object) bool {
	if obj == nil {
		return true
	}
	v := reflect.ValueOf(obj)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
