// Package appsv1beta1 registers the k8s.io/api/apps/v1beta1 Scale type and its conversions to and
// from the internal Scale of package scale/scheme.
package appsv1beta1

import (
	api "k8s.io/api/apps/v1beta1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// GroupName is the group of this Scale version.
const GroupName = api.GroupName

// SchemeGroupVersion is the group-version of this Scale version.
var SchemeGroupVersion = schema.GroupVersion{Group: GroupName, Version: "v1beta1"}

// Resource qualifies resource with GroupName.
func Resource(resource string) schema.GroupResource {
	return SchemeGroupVersion.WithResource(resource).GroupResource()
}

var (
	localSchemeBuilder = runtime.NewSchemeBuilder(addKnownTypes, RegisterConversions)
	// AddToScheme registers the Scale type and its conversions in a scheme.
	AddToScheme = localSchemeBuilder.AddToScheme
)

func addKnownTypes(s *runtime.Scheme) error {
	s.AddKnownTypes(SchemeGroupVersion, &api.Scale{})
	return nil
}
