package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// GroupName is the API group of every kind in this package.
const GroupName = "client.authentication.k8s.io"

// SchemeGroupVersion is the group and version under which this package's
// types are registered.
var SchemeGroupVersion = schema.GroupVersion{Group: GroupName, Version: "v1beta1"}

// Resource qualifies a resource name with GroupName.
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

// RegisterDefaults would install this version's defaulting functions in
// scheme. The version defines none, so it is a no-op that always succeeds.
func RegisterDefaults(scheme *runtime.Scheme) error {
	return nil
}
