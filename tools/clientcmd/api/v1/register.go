package v1

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// SchemeGroupVersion is the group/version of the wire Config: the legacy
// core group, version v1.
var SchemeGroupVersion = schema.GroupVersion{Group: "", Version: "v1"}

var (
	// SchemeBuilder registers the v1 Config type, its conversions to and
	// from package api, and its defaulting.
	SchemeBuilder runtime.SchemeBuilder
	// AddToScheme applies SchemeBuilder to a scheme.
	AddToScheme = SchemeBuilder.AddToScheme
)

func init() {
	SchemeBuilder.Register(addKnownTypes, RegisterConversions, RegisterDefaults)
}

func addKnownTypes(scheme *runtime.Scheme) error {
	scheme.AddKnownTypes(SchemeGroupVersion, &Config{})
	return nil
}

// GetObjectKind lets Config act as its own schema.ObjectKind.
func (obj *Config) GetObjectKind() schema.ObjectKind { return obj }

// SetGroupVersionKind records gvk in APIVersion and Kind.
func (obj *Config) SetGroupVersionKind(gvk schema.GroupVersionKind) {
	obj.APIVersion, obj.Kind = gvk.ToAPIVersionAndKind()
}

// GroupVersionKind parses APIVersion and Kind.
func (obj *Config) GroupVersionKind() schema.GroupVersionKind {
	return schema.FromAPIVersionAndKind(obj.APIVersion, obj.Kind)
}
