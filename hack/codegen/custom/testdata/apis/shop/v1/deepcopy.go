package v1

import (
	"maps"
	"slices"

	"k8s.io/apimachinery/pkg/runtime"
)

// DeepCopy returns a copy of the Widget sharing no memory with it.
func (in *Widget) DeepCopy() *Widget {
	c := *in
	c.ObjectMeta = *in.ObjectMeta.DeepCopy()
	if in.Spec.Size != nil {
		c.Spec.Size = new(*in.Spec.Size)
	}
	c.Spec.Colors = slices.Clone(in.Spec.Colors)
	c.Spec.Labels = maps.Clone(in.Spec.Labels)
	c.Spec.Template = *in.Spec.Template.DeepCopy()
	c.Spec.Tolerations = nil
	for i := range in.Spec.Tolerations {
		c.Spec.Tolerations = append(c.Spec.Tolerations, *in.Spec.Tolerations[i].DeepCopy())
	}
	c.Spec.Affinity = in.Spec.Affinity.DeepCopy()
	c.Spec.Ports = maps.Clone(in.Spec.Ports)
	c.Spec.Reserved = in.Spec.Reserved.DeepCopy()
	return &c
}

// DeepCopyObject returns a copy of the Widget sharing no memory with it.
func (in *Widget) DeepCopyObject() runtime.Object { return in.DeepCopy() }

// DeepCopyObject returns a copy of the WidgetList sharing no memory with it.
func (in *WidgetList) DeepCopyObject() runtime.Object {
	c := *in
	c.Items = nil
	for i := range in.Items {
		c.Items = append(c.Items, *in.Items[i].DeepCopy())
	}
	return &c
}

// DeepCopyObject returns a copy of the Shelf sharing no memory with it.
func (in *Shelf) DeepCopyObject() runtime.Object {
	c := *in
	c.ObjectMeta = *in.ObjectMeta.DeepCopy()
	return &c
}

// DeepCopyObject returns a copy of the ShelfList sharing no memory with it.
func (in *ShelfList) DeepCopyObject() runtime.Object {
	c := *in
	c.Items = nil
	for i := range in.Items {
		c.Items = append(c.Items, *in.Items[i].DeepCopyObject().(*Shelf))
	}
	return &c
}

// DeepCopyObject returns a copy of the Receipt sharing no memory with it.
func (in *Receipt) DeepCopyObject() runtime.Object {
	c := *in
	c.ObjectMeta = *in.ObjectMeta.DeepCopy()
	return &c
}

// DeepCopyObject returns a copy of the ReceiptList sharing no memory with it.
func (in *ReceiptList) DeepCopyObject() runtime.Object {
	c := *in
	c.Items = nil
	for i := range in.Items {
		c.Items = append(c.Items, *in.Items[i].DeepCopyObject().(*Receipt))
	}
	return &c
}

// DeepCopyObject returns a copy of the Order sharing no memory with it.
func (in *Order) DeepCopyObject() runtime.Object {
	c := *in
	c.ObjectMeta = *in.ObjectMeta.DeepCopy()
	return &c
}
