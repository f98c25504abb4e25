package v1

import (
	scalingv1 "example.com/api/scaling/v1"
	metav1 "example.com/meta/v1"
	"example.com/resource"
)

// +genclient
// +genclient:method=ApplyScale,verb=apply,subresource=scale,input=example.com/api/scaling/v1.Scale,result=example.com/api/scaling/v1.Scale

// Widget is a namespaced kind.
type Widget struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   WidgetSpec   `json:"spec,omitempty"`
	Status WidgetStatus `json:"status,omitempty"`
}

// WidgetSpec exercises every field shape.
type WidgetSpec struct {
	Replicas *int32                `json:"replicas,omitempty"`
	Paused   bool                  `json:"paused,omitempty"`
	Mode     Mode                  `json:"mode,omitempty"`
	Selector *metav1.LabelSelector `json:"selector,omitempty"`
	Template Template              `json:"template"`
	Parts    []Part                `json:"parts,omitempty"`
	Tags     []string              `json:"tags,omitempty"`
	Blob     []byte                `json:"blob,omitempty"`
	Files    map[string][]byte     `json:"files,omitempty"`
	Limits   ResourceList          `json:"limits,omitempty"`
	Counters map[string]Counter    `json:"counters,omitempty"`
	Size     resource.Quantity     `json:"size"`
	Created  metav1.Time           `json:"created,omitempty"`
	Marker   Marker                `json:"marker,omitempty"`
	Internal string                `json:"-"`
	// OldMode is kept for old clients.
	// Deprecated: use Mode.
	OldMode    string `json:"oldMode,omitempty"`
	unexported string
}

// Mode is a string enum.
type Mode string

// ResourceList is a named map: set whole.
type ResourceList map[string]resource.Quantity

// Template embeds object metadata without TypeMeta.
type Template struct {
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              PartSpec `json:"spec,omitempty"`
}

// PartSpec is inlined into Part.
type PartSpec struct {
	Image string   `json:"image,omitempty"`
	Args  []string `json:"args,omitempty"`
}

// Part inlines PartSpec.
type Part struct {
	Name     string `json:"name"`
	PartSpec `json:",inline"`
}

// Counter is a map value.
type Counter struct {
	Value int64 `json:"value"`
}

// Marker is empty: sent as a plain value.
type Marker struct{}

// WidgetStatus is the status.
type WidgetStatus struct {
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
}

// +genclient
// +genclient:nonNamespaced

// Gizmo is a cluster-scoped kind.
//
// Deprecated: use Widget.
type Gizmo struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Color             string `json:"color,omitempty"`
}

// +genclient
// +genclient:noVerbs

// Poke has no standard verbs but is still sent whole.
type Poke struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Force             bool `json:"force,omitempty"`
}

// +genclient
// +genclient:onlyVerbs=create

// Review is create-only: no apply configuration.
type Review struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Answer            string `json:"answer,omitempty"`
}

// Unused is reachable from nothing.
type Unused struct {
	Field string `json:"field"`
}

// keep the import used.
var _ scalingv1.Scale
