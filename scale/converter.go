package scale

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	scalescheme "github.com/kclient/kclient/scale/scheme"
	scaleappsint "github.com/kclient/kclient/scale/scheme/appsint"
	scaleappsv1beta1 "github.com/kclient/kclient/scale/scheme/appsv1beta1"
	scaleappsv1beta2 "github.com/kclient/kclient/scale/scheme/appsv1beta2"
	scaleautoscaling "github.com/kclient/kclient/scale/scheme/autoscalingv1"
	scaleextint "github.com/kclient/kclient/scale/scheme/extensionsint"
	scaleext "github.com/kclient/kclient/scale/scheme/extensionsv1beta1"
)

// ScaleConverter converts between the Scale versions scale endpoints speak
// (autoscaling/v1, extensions/v1beta1, apps/v1beta1, apps/v1beta2) by way of
// the internal Scale of package scale/scheme. Selectors travel as label
// selectors: a string in autoscaling/v1, a targetSelector string plus (for
// equality-only selectors) a map in the older versions. Safe for concurrent
// use.
type ScaleConverter struct {
	scheme            *runtime.Scheme
	codecs            serializer.CodecFactory
	internalVersioner runtime.GroupVersioner
}

// NewScaleConverter returns a converter whose scheme knows every Scale
// version, the internal Scale and the conversions between them.
func NewScaleConverter() *ScaleConverter {
	s := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		scaleautoscaling.AddToScheme, scalescheme.AddToScheme,
		scaleext.AddToScheme, scaleextint.AddToScheme,
		scaleappsint.AddToScheme, scaleappsv1beta1.AddToScheme, scaleappsv1beta2.AddToScheme,
	} {
		utilruntime.Must(add(s))
	}
	return &ScaleConverter{
		scheme: s,
		codecs: serializer.NewCodecFactory(s),
		internalVersioner: runtime.NewMultiGroupVersioner(
			scalescheme.SchemeGroupVersion,
			schema.GroupKind{Group: scaleext.GroupName, Kind: "Scale"},
			schema.GroupKind{Group: scaleautoscaling.GroupName, Kind: "Scale"},
			schema.GroupKind{Group: scaleappsv1beta1.GroupName, Kind: "Scale"},
			schema.GroupKind{Group: scaleappsv1beta2.GroupName, Kind: "Scale"},
		),
	}
}

// Scheme returns the scheme with the Scale types. Do not modify it.
func (c *ScaleConverter) Scheme() *runtime.Scheme { return c.scheme }

// Codecs returns a codec factory for the scheme.
func (c *ScaleConverter) Codecs() serializer.CodecFactory { return c.codecs }

// ScaleVersions returns every group-version the scheme knows a Scale in,
// internal ones included.
func (c *ScaleConverter) ScaleVersions() []schema.GroupVersion {
	return []schema.GroupVersion{
		scaleautoscaling.SchemeGroupVersion,
		scalescheme.SchemeGroupVersion,
		scaleext.SchemeGroupVersion,
		scaleextint.SchemeGroupVersion,
		scaleappsint.SchemeGroupVersion,
		scaleappsv1beta1.SchemeGroupVersion,
		scaleappsv1beta2.SchemeGroupVersion,
	}
}

// ConvertToVersion converts a Scale of any known version to outVersion,
// through the internal Scale. The input is not modified.
func (c *ScaleConverter) ConvertToVersion(in runtime.Object, outVersion schema.GroupVersion) (runtime.Object, error) {
	internal, err := c.scheme.ConvertToVersion(in, c.internalVersioner)
	if err != nil {
		return nil, err
	}
	return c.scheme.ConvertToVersion(internal, outVersion)
}
