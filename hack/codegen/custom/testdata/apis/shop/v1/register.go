package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// SchemeGroupVersion is the group-version of this package.
var SchemeGroupVersion = schema.GroupVersion{Group: "shop.example.com", Version: "v1"}

var schemeBuilder = runtime.NewSchemeBuilder(func(s *runtime.Scheme) error {
	s.AddKnownTypes(SchemeGroupVersion, &Widget{}, &WidgetList{}, &Shelf{}, &ShelfList{}, &Receipt{}, &ReceiptList{}, &Order{})
	metav1.AddToGroupVersion(s, SchemeGroupVersion)
	return nil
})

// AddToScheme registers the package's kinds.
var AddToScheme = schemeBuilder.AddToScheme
