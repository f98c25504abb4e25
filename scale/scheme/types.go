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

// DeepCopyInto copies in into out.
func (in *Scale) DeepCopyInto(out *Scale) {
	*out = *in
	out.TypeMeta = in.TypeMeta
	in.ObjectMeta.DeepCopyInto(&out.ObjectMeta)
	out.Spec = in.Spec
	in.Status.DeepCopyInto(&out.Status)
}

// DeepCopy returns a deep copy, or nil for nil.
func (in *Scale) DeepCopy() *Scale {
	if in == nil {
		return nil
	}
	out := new(Scale)
	in.DeepCopyInto(out)
	return out
}

// DeepCopyObject implements runtime.Object.
func (in *Scale) DeepCopyObject() runtime.Object {
	if c := in.DeepCopy(); c != nil {
		return c
	}
	return nil
}

// DeepCopyInto copies in into out.
func (in *ScaleSpec) DeepCopyInto(out *ScaleSpec) { *out = *in }

// DeepCopy returns a deep copy, or nil for nil.
func (in *ScaleSpec) DeepCopy() *ScaleSpec {
	if in == nil {
		return nil
	}
	out := new(ScaleSpec)
	in.DeepCopyInto(out)
	return out
}

// DeepCopyInto copies in into out.
func (in *ScaleStatus) DeepCopyInto(out *ScaleStatus) {
	*out = *in
	if in.Selector != nil {
		out.Selector = in.Selector.DeepCopy()
	}
}

// DeepCopy returns a deep copy, or nil for nil.
func (in *ScaleStatus) DeepCopy() *ScaleStatus {
	if in == nil {
		return nil
	}
	out := new(ScaleStatus)
	in.DeepCopyInto(out)
	return out
}
