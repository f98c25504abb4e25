package gentype

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// objectWithMeta is satisfied by API objects: a runtime.Object that also
// exposes object metadata (name, namespace, ...). Typed clients work on
// pointers such as *corev1.Pod. It has the same method set as the
// constraint of internal/gentypecore, so the aliases below instantiate.
type objectWithMeta interface {
	runtime.Object
	metav1.Object
}

// namedObject is satisfied by apply configurations: comparable (so a nil
// pointer can be detected) and carrying an optional name.
type namedObject interface {
	comparable
	GetName() *string
}
