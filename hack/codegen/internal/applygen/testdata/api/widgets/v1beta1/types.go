// +groupName=widgets.example.com

// Package v1beta1 reuses v1 types by alias and by definition.
package v1beta1

import (
	v1 "example.com/api/widgets/v1"
	metav1 "example.com/meta/v1"
)

// Part is an alias: fields of this type use v1's apply configuration.
type Part = v1.Part

// Counter is defined over v1.Counter: it gets its own apply configuration.
type Counter v1.Counter

// +genclient
// +genclient:method=ApplyScale,verb=apply,subresource=scale,input=Scale,result=Scale

// Gadget is the v1beta1 kind.
type Gadget struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Parts             []Part   `json:"parts,omitempty"`
	Counter           *Counter `json:"counter,omitempty"`
}

// Scale is a same-package apply input: it gets an apply configuration but
// its fields stay plain values.
type Scale struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              ScaleSpec `json:"spec,omitempty"`
}

// ScaleSpec is not followed.
type ScaleSpec struct {
	Replicas int32 `json:"replicas,omitempty"`
}
