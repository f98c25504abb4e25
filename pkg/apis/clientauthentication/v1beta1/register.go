package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// GroupName is the group name use in this package.
const GroupName = "client.authentication.k8s.io"

// SchemeGroupVersion is group version used to register these objects.
var SchemeGroupVersion = schema.GroupVersion{Group: GroupName, Version: "v1beta1"}

// Resource takes an unqualified resource and returns a Group qualified GroupResource.
func Resource(resource string) schema.GroupResource {
	return schema.GroupResource{Group: GroupName, Resource: resource}
}

var (
	// SchemeBuilder collects the functions that register this version's
	// types, conversions and defaults in a scheme.
	SchemeBuilder = runtime.NewSchemeBuilder(addKnownTypes, RegisterConversions, RegisterDefaults)
	// AddToScheme registers this version's types, its conversions to and
	// from the internal version, and its (empty) defaults in a scheme.
	AddToScheme = SchemeBuilder.AddToScheme
)

// addKnownTypes registers ExecCredential and the meta/v1 option types under
// this group version.
func addKnownTypes(scheme *runtime.Scheme) error {
	scheme.AddKnownTypes(SchemeGroupVersion, &ExecCredential{})
	metav1.AddToGroupVersion(scheme, SchemeGroupVersion)
	return nil
}

// RegisterDefaults adds defaulters functions to the given scheme.
// This version has no defaults, so it registers nothing and never fails.
func RegisterDefaults(scheme *runtime.Scheme) error {
	return nil
}
