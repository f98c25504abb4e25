package v1alpha1

import "k8s.io/apimachinery/pkg/runtime"

// The deep-copy methods below are written by hand: kclient's generator
// makes clients, listers, informers and apply configurations, not DeepCopy
// (use deepcopy-gen or controller-gen for larger APIs).

// DeepCopy returns a copy of the Foo that shares no memory with it; nil
// for nil.
func (in *Foo) DeepCopy() *Foo {
	if in == nil {
		return nil
	}
	c := *in
	c.ObjectMeta = *in.ObjectMeta.DeepCopy()
	if in.Spec.Replicas != nil {
		c.Spec.Replicas = new(*in.Spec.Replicas)
	}
	return &c
}

// DeepCopyInto overwrites out with a deep copy of the Foo.
func (in *Foo) DeepCopyInto(out *Foo) { *out = *in.DeepCopy() }

// DeepCopyObject implements runtime.Object.
func (in *Foo) DeepCopyObject() runtime.Object {
	if in == nil {
		return nil
	}
	return in.DeepCopy()
}

// DeepCopy returns a copy of the FooList that shares no memory with it;
// nil for nil.
func (in *FooList) DeepCopy() *FooList {
	if in == nil {
		return nil
	}
	c := *in
	c.ListMeta = *in.ListMeta.DeepCopy()
	if in.Items != nil {
		c.Items = make([]Foo, len(in.Items))
		for i := range in.Items {
			c.Items[i] = *in.Items[i].DeepCopy()
		}
	}
	return &c
}

// DeepCopyInto overwrites out with a deep copy of the FooList.
func (in *FooList) DeepCopyInto(out *FooList) { *out = *in.DeepCopy() }

// DeepCopyObject implements runtime.Object.
func (in *FooList) DeepCopyObject() runtime.Object {
	if in == nil {
		return nil
	}
	return in.DeepCopy()
}
