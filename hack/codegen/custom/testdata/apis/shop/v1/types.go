package v1

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Widget is namespaced with a status subresource: every verb.
//
// +genclient
type Widget struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   WidgetSpec   `json:"spec"`
	Status WidgetStatus `json:"status,omitempty"`
}

// WidgetSpec is a Widget's desired state.
type WidgetSpec struct {
	Size   *int32            `json:"size,omitempty"`
	Colors []string          `json:"colors,omitempty"`
	Labels map[string]string `json:"labels,omitempty"`

	// k8s.io/api structs get kclient's apply configurations; ResourceList
	// is a map, not a struct, and stays a plain value.
	Template    corev1.PodTemplateSpec          `json:"template"`
	Tolerations []corev1.Toleration             `json:"tolerations,omitempty"`
	Affinity    *corev1.Affinity                `json:"affinity,omitempty"`
	Ports       map[string]corev1.ContainerPort `json:"ports,omitempty"`
	Reserved    corev1.ResourceList             `json:"reserved,omitempty"`
}

// WidgetStatus is a Widget's observed state.
type WidgetStatus struct {
	Ready bool `json:"ready"`
}

// WidgetList is a list of Widgets.
type WidgetList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata"`
	Items           []Widget `json:"items"`
}

// Shelf is cluster-scoped and has no status subresource although it has a
// Status field.
//
// +genclient
// +genclient:nonNamespaced
// +genclient:noStatus
type Shelf struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Status WidgetStatus `json:"status,omitempty"`
}

// ShelfList is a list of Shelves.
type ShelfList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata"`
	Items           []Shelf `json:"items"`
}

// Receipt is read-only: no informer-independent writes.
//
// +genclient
// +genclient:onlyVerbs=get,list,watch
type Receipt struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}

// ReceiptList is a list of Receipts.
type ReceiptList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata"`
	Items           []Receipt `json:"items"`
}

// Order cannot be listed or watched, so it gets no informer.
//
// +genclient
// +genclient:skipVerbs=list,watch,deleteCollection,apply,applyStatus
type Order struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
}
