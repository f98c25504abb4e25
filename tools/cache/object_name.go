package cache

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// ObjectName identifies an object of some kind known from context by its
// namespace (empty for cluster-scoped objects) and name. It is a comparable
// value type and safe to copy.
type ObjectName struct {
	Namespace string
	Name      string
}

// NewObjectName returns the ObjectName for namespace and name.
func NewObjectName(namespace, name string) ObjectName {
	return ObjectName{Namespace: namespace, Name: name}
}

// Parts returns the namespace and name; it is the inverse of NewObjectName.
func (objName ObjectName) Parts() (namespace, name string) {
	return objName.Namespace, objName.Name
}

// String encodes the name exactly like MetaNamespaceKeyFunc: "namespace/name",
// or "name" when the namespace is empty. Note that types.NamespacedName
// formats differently ("/name" for an empty namespace).
func (objName ObjectName) String() string {
	return joinKey(objName.Namespace, objName.Name)
}

// AsNamespacedName converts to the equivalent types.NamespacedName.
func (objName ObjectName) AsNamespacedName() types.NamespacedName {
	return types.NamespacedName{Namespace: objName.Namespace, Name: objName.Name}
}

// NamespacedNameAsObjectName converts a types.NamespacedName to an ObjectName.
func NamespacedNameAsObjectName(nn types.NamespacedName) ObjectName {
	return ObjectName{Namespace: nn.Namespace, Name: nn.Name}
}

// ParseObjectName parses the encoding produced by ObjectName.String. It
// rejects strings with more than one slash.
func ParseObjectName(str string) (ObjectName, error) {
	ns, name, found := strings.Cut(str, "/")
	if !found {
		return ObjectName{Name: str}, nil
	}
	if strings.Contains(name, "/") {
		return ObjectName{}, fmt.Errorf("invalid object name %q: more than one slash", str)
	}
	return ObjectName{Namespace: ns, Name: name}, nil
}

// MetaObjectToName returns the ObjectName of obj.
func MetaObjectToName(obj metav1.Object) ObjectName {
	return ObjectName{Namespace: obj.GetNamespace(), Name: obj.GetName()}
}

// ObjectToName returns the ObjectName of obj, or an error if obj has no
// object metadata.
func ObjectToName(obj interface{}) (ObjectName, error) {
	m, err := meta.Accessor(obj)
	if err != nil {
		return ObjectName{}, fmt.Errorf("object has no meta: %v", err)
	}
	return MetaObjectToName(m), nil
}

// DeletionHandlingObjectToName is ObjectToName that also accepts
// DeletedFinalStateUnknown tombstones, parsing the key they carry.
func DeletionHandlingObjectToName(obj interface{}) (ObjectName, error) {
	if d, ok := obj.(DeletedFinalStateUnknown); ok {
		return ParseObjectName(d.Key)
	}
	return ObjectToName(obj)
}
