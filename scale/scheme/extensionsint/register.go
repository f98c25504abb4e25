// Package extensionsint registers the internal Scale of package scale/scheme under
// the extensions group (version __internal), which runtime.Scheme needs to
// convert the extensions Scale versions. It has no types of its own.
package extensionsint

import (
	extensionsv1beta1 "k8s.io/api/extensions/v1beta1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/scale/scheme"
)

// GroupName is the extensions group.
const GroupName = extensionsv1beta1.GroupName

// SchemeGroupVersion is extensions/__internal.
var SchemeGroupVersion = schema.GroupVersion{Group: GroupName, Version: runtime.APIVersionInternal}

// Kind qualifies kind with GroupName.
func Kind(kind string) schema.GroupKind {
	return SchemeGroupVersion.WithKind(kind).GroupKind()
}

// Resource qualifies resource with GroupName.
func Resource(resource string) schema.GroupResource {
	return SchemeGroupVersion.WithResource(resource).GroupResource()
}

var (
	// SchemeBuilder registers the internal Scale under GroupName.
	SchemeBuilder = runtime.NewSchemeBuilder(addKnownTypes)
	// AddToScheme registers the internal Scale under GroupName in a scheme.
	AddToScheme = SchemeBuilder.AddToScheme
)

func addKnownTypes(s *runtime.Scheme) error {
	s.AddKnownTypes(SchemeGroupVersion, &scheme.Scale{})
	return nil
}
