package cache

import (
	"errors"
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// KeyFunc computes the storage key of an object. Implementations must be
// deterministic: the same object always yields the same key.
type KeyFunc func(obj interface{}) (string, error)

// KeyError is returned whenever a KeyFunc fails. Obj is the object whose key
// could not be computed and Err the underlying cause.
type KeyError struct {
	Obj interface{}
	Err error
}

// Error describes the failure, naming the offending object.
func (k KeyError) Error() string {
	return fmt.Sprintf("couldn't create key for object %+v: %v", k.Obj, k.Err)
}

// Unwrap returns the underlying cause so that errors.Is and errors.As see it.
func (k KeyError) Unwrap() error { return k.Err }

// ExplicitKey is a key that the caller already knows. MetaNamespaceKeyFunc
// (and therefore every store using it) returns it unchanged, which lets
// callers address an object by key without having the object.
type ExplicitKey string

// MetaNamespaceKeyFunc is the default KeyFunc. For any object that exposes
// metav1.Object it returns "<namespace>/<name>", or just "<name>" for
// cluster-scoped objects. An ExplicitKey is returned as is. Objects without
// metadata produce an error; the function never panics.
//
// Use ObjectToName or MetaObjectToName for a structured alternative.
func MetaNamespaceKeyFunc(obj interface{}) (string, error) {
	switch o := obj.(type) {
	case ExplicitKey:
		return string(o), nil
	case metav1.Object:
		if isNilObject(o) {
			return "", errors.New("object is a nil pointer")
		}
		return joinKey(o.GetNamespace(), o.GetName()), nil
	}
	m, err := meta.Accessor(obj)
	if err != nil {
		return "", fmt.Errorf("object has no meta: %v", err)
	}
	return joinKey(m.GetNamespace(), m.GetName()), nil
}

// isNilObject reports whether o holds a typed nil pointer, which would panic
// when its accessors are called.
func isNilObject(o metav1.Object) (isNil bool) {
	defer func() {
		if recover() != nil {
			isNil = true
		}
	}()
	_ = o.GetName()
	return false
}

func joinKey(namespace, name string) string {
	if namespace == "" {
		return name
	}
	return namespace + "/" + name
}

// SplitMetaNamespaceKey is the inverse of MetaNamespaceKeyFunc: it splits key
// into namespace and name. A key without a slash is a cluster-scoped name.
// Keys with more than one slash, or an empty name, are rejected.
func SplitMetaNamespaceKey(key string) (namespace, name string, err error) {
	ns, n, found := strings.Cut(key, "/")
	if !found {
		return "", key, nil
	}
	if n == "" || strings.Contains(n, "/") {
		return "", "", fmt.Errorf("unexpected key format: %q", key)
	}
	return ns, n, nil
}

// DeletionHandlingMetaNamespaceKeyFunc is MetaNamespaceKeyFunc that also
// accepts DeletedFinalStateUnknown tombstones, returning the key they carry.
// Use it wherever deleted objects may be seen, for example in OnDelete.
func DeletionHandlingMetaNamespaceKeyFunc(obj interface{}) (string, error) {
	if d, ok := obj.(DeletedFinalStateUnknown); ok {
		return d.Key, nil
	}
	return MetaNamespaceKeyFunc(obj)
}

// IndexFuncToKeyFuncAdapter turns an IndexFunc that yields exactly one value
// per object into a KeyFunc. It fails for objects that produce zero or
// several values; prefer writing a proper KeyFunc.
func IndexFuncToKeyFuncAdapter(indexFunc IndexFunc) KeyFunc {
	return func(obj interface{}) (string, error) {
		values, err := indexFunc(obj)
		if err != nil {
			return "", fmt.Errorf("unexpected error from index function: %w", err)
		}
		switch len(values) {
		case 0:
			return "", fmt.Errorf("index function returned no value for %v", obj)
		case 1:
			return values[0], nil
		default:
			return "", fmt.Errorf("index function returned %d values for %v, a key needs exactly one", len(values), obj)
		}
	}
}
