// Package v1 is a trimmed stand-in for apimachinery's meta/v1 used by the
// applygen tests.
package v1

import "example.com/types"

// TypeMeta carries kind and apiVersion.
type TypeMeta struct {
	Kind       string `json:"kind,omitempty"`
	APIVersion string `json:"apiVersion,omitempty"`
}

// ObjectMeta is object metadata.
type ObjectMeta struct {
	Name              string               `json:"name,omitempty"`
	Namespace         string               `json:"namespace,omitempty"`
	SelfLink          string               `json:"selfLink,omitempty"`
	UID               types.UID            `json:"uid,omitempty"`
	CreationTimestamp Time                 `json:"creationTimestamp,omitempty"`
	Labels            map[string]string    `json:"labels,omitempty"`
	OwnerReferences   []OwnerReference     `json:"ownerReferences,omitempty"`
	ManagedFields     []ManagedFieldsEntry `json:"managedFields,omitempty"`
}

// OwnerReference names an owner.
type OwnerReference struct {
	Kind       string `json:"kind"`
	Name       string `json:"name"`
	Controller *bool  `json:"controller,omitempty"`
}

// ManagedFieldsEntry is server-owned.
type ManagedFieldsEntry struct {
	Manager string `json:"manager,omitempty"`
}

// Time is a timestamp with its own JSON form: a plain value.
type Time struct {
	unexported int64
}

// LabelSelector selects by labels.
type LabelSelector struct {
	MatchLabels      map[string]string          `json:"matchLabels,omitempty"`
	MatchExpressions []LabelSelectorRequirement `json:"matchExpressions,omitempty"`
}

// LabelSelectorRequirement is one expression.
type LabelSelectorRequirement struct {
	Key    string   `json:"key"`
	Values []string `json:"values,omitempty"`
}

// ListMeta is not in the list of meta types: never an apply configuration.
type ListMeta struct {
	Continue string `json:"continue,omitempty"`
}
