package scheme

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// Scale is the version-independent form of a scale subresource.
type Scale struct {
	metav1.TypeMeta
	metav1.ObjectMeta

	// Spec is the desired scale.
	Spec ScaleSpec
	// Status is the observed scale. Read-only.
	Status ScaleStatus
}

// ScaleSpec is the desired scale.
type ScaleSpec struct {
	// Replicas is the desired number of instances.
	Replicas int32
}

// ScaleStatus is the observed scale.
type ScaleStatus struct {
	// Replicas is the observed number of instances.
	Replicas int32
	// Selector selects the pods counted in Replicas; nil if unknown.
	Selector *metav1.LabelSelector
}

// copyable is a pointer to a type that can deep-copy itself into another
// value of that type.
type copyable[T any] interface {
	*T
	DeepCopyInto(*T)
}

// deepCopyOf allocates a fresh T and deep-copies *in into it; nil stays nil.
func deepCopyOf[T any, P copyable[T]](in P) P {
	if in == nil {
		return nil
	}
	var fresh P = new(T)
	in.DeepCopyInto(fresh)
	return fresh
}

// DeepCopyInto overwrites every field of out with a deep copy of the
// corresponding field of in. in is only read.
func (in *Scale) DeepCopyInto(out *Scale) {
	out.TypeMeta, out.Spec = in.TypeMeta, in.Spec // plain values
	in.ObjectMeta.DeepCopyInto(&out.ObjectMeta)
	in.Status.DeepCopyInto(&out.Status)
}

// DeepCopy returns an independent copy of in, or nil when in is nil.
func (in *Scale) DeepCopy() *Scale { return deepCopyOf(in) }

// DeepCopyObject implements runtime.Object. A nil *Scale yields a nil
// interface, not an interface holding a nil pointer.
func (in *Scale) DeepCopyObject() runtime.Object {
	if in == nil {
		return nil
	}
	return deepCopyOf(in)
}

// DeepCopyInto overwrites out with in; ScaleSpec holds no references.
func (in *ScaleSpec) DeepCopyInto(out *ScaleSpec) { *out = *in }

// DeepCopy returns an independent copy of in, or nil when in is nil.
func (in *ScaleSpec) DeepCopy() *ScaleSpec { return deepCopyOf(in) }

// DeepCopyInto overwrites out with in, giving out its own copy of the
// selector.
func (in *ScaleStatus) DeepCopyInto(out *ScaleStatus) {
	out.Replicas = in.Replicas
	out.Selector = in.Selector.DeepCopy() // nil-safe
}

// DeepCopy returns an independent copy of in, or nil when in is nil.
func (in *ScaleStatus) DeepCopy() *ScaleStatus { return deepCopyOf(in) }
