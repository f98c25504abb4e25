package reference

import (
	"errors"
	"fmt"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// ErrNilObject is returned by GetReference and GetPartialReference when the
// object is nil.
var ErrNilObject = errors.New("can't reference a nil object")

// GetReference builds an ObjectReference (kind, apiVersion, namespace, name,
// uid, resourceVersion) for obj. An *v1.ObjectReference is returned as is.
// When obj's TypeMeta lacks the kind or the version, as typed objects
// returned by a client usually do, the missing part comes from scheme; if the scheme knows several
// kinds for the Go type, the first registered one wins. It fails when obj is
// nil, has no object metadata, or its kind cannot be determined.
//
// The returned reference is newly allocated and owned by the caller (except
// for the pass-through case above).
func GetReference(scheme *runtime.Scheme, obj runtime.Object) (*v1.ObjectReference, error) {
	if isNil(obj) {
		return nil, ErrNilObject
	}
	if ref, ok := obj.(*v1.ObjectReference); ok {
		return ref, nil
	}

	gvk := obj.GetObjectKind().GroupVersionKind()
	kind, version := gvk.Kind, gvk.GroupVersion().String()
	if kind == "" || gvk.Version == "" {
		known, err := schemeKind(scheme, obj)
		if err != nil {
			return nil, err
		}
		if kind == "" {
			kind = known.Kind
		}
		if gvk.Version == "" {
			version = known.GroupVersion().String()
		}
	}

	accessor, err := meta.Accessor(obj)
	if err != nil {
		return nil, fmt.Errorf("reference: reading metadata of %T: %w", obj, err)
	}

	return &v1.ObjectReference{
		APIVersion:      version,
		Kind:            kind,
		Namespace:       accessor.GetNamespace(),
		Name:            accessor.GetName(),
		UID:             accessor.GetUID(),
		ResourceVersion: accessor.GetResourceVersion(),
	}, nil
}

// GetPartialReference is GetReference with FieldPath set to fieldPath, for
// references to one part of an object such as a container
// ("spec.containers{web}").
func GetPartialReference(scheme *runtime.Scheme, obj runtime.Object, fieldPath string) (*v1.ObjectReference, error) {
	ref, err := GetReference(scheme, obj)
	if err == nil {
		ref.FieldPath = fieldPath
	}
	return ref, err
}

// schemeKind asks scheme for the first kind registered for obj's Go type.
func schemeKind(scheme *runtime.Scheme, obj runtime.Object) (schema.GroupVersionKind, error) {
	if scheme == nil {
		return schema.GroupVersionKind{}, fmt.Errorf("reference: %T lacks kind or apiVersion and no scheme was given", obj)
	}
	kinds, _, err := scheme.ObjectKinds(obj)
	if err != nil {
		return schema.GroupVersionKind{}, fmt.Errorf("reference: resolving the kind of %T: %w", obj, err)
	}
	return kinds[0], nil
}
