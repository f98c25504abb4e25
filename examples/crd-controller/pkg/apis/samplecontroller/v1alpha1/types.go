package v1alpha1

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// Foo asks for a Deployment called Spec.DeploymentName running
// Spec.Replicas copies of a small web server. The crd-controller example
// creates and scales that Deployment and reports what it did in Status.
//
// +genclient
type Foo struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   FooSpec   `json:"spec"`
	Status FooStatus `json:"status,omitempty"`
}

// FooSpec is the desired state of a Foo.
type FooSpec struct {
	// DeploymentName names the Deployment the Foo owns, in the Foo's
	// namespace.
	DeploymentName string `json:"deploymentName"`
	// Replicas is the replica count the Deployment should have; nil
	// means 1.
	Replicas *int32 `json:"replicas,omitempty"`
}

// FooStatus is what the controller last did for a Foo.
type FooStatus struct {
	// Replicas is the replica count of the Deployment's spec when the
	// controller last synced the Foo.
	Replicas int32 `json:"replicas"`
	// ObservedGeneration is the Foo generation that status describes.
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
}

// FooList is a list of Foos.
type FooList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata"`

	Items []Foo `json:"items"`
}
