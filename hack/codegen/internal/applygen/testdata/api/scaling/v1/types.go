// Package v1 has no client kinds; its Scale is the input of an apply
// extension in another package, so its fields are followed.
package v1

import metav1 "example.com/meta/v1"

// Scale is a scale subresource.
type Scale struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              ScaleSpec `json:"spec,omitempty"`
}

// ScaleSpec is followed from Scale.
type ScaleSpec struct {
	Replicas int32 `json:"replicas,omitempty"`
}
