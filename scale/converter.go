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

// scaleGroupVersions is every group-version with a Scale kind, each with
// the function registering it; ScaleVersions reports them in this order.
var scaleGroupVersions = []struct {
	gv       schema.GroupVersion
	register func(*runtime.Scheme) error
}{
	{scaleautoscaling.SchemeGroupVersion, scaleautoscaling.AddToScheme},
	{scalescheme.SchemeGroupVersion, scalescheme.AddToScheme},
	{scaleext.SchemeGroupVersion, scaleext.AddToScheme},
	{scaleextint.SchemeGroupVersion, scaleextint.AddToScheme},
	{scaleappsint.SchemeGroupVersion, scaleappsint.AddToScheme},
	{scaleappsv1beta1.SchemeGroupVersion, scaleappsv1beta1.AddToScheme},
	{scaleappsv1beta2.SchemeGroupVersion, scaleappsv1beta2.AddToScheme},
}

// NewScaleConverter returns a converter whose scheme knows every Scale
// version, the internal Scale and the conversions between them.
func NewScaleConverter() *ScaleConverter {
	s := runtime.NewScheme()
	// Any external Scale (a served version, not an internal one) converts
	// to the internal Scale of package scale/scheme.
	var external []schema.GroupKind
	for _, e := range scaleGroupVersions {
		utilruntime.Must(e.register(s))
		if e.gv.Version != runtime.APIVersionInternal {
			external = append(external, e.gv.WithKind("Scale").GroupKind())
		}
	}
	return &ScaleConverter{
		scheme:            s,
		codecs:            serializer.NewCodecFactory(s),
		internalVersioner: runtime.NewMultiGroupVersioner(scalescheme.SchemeGroupVersion, external...),
	}
}

// Scheme returns the scheme with the Scale types. Do not modify it.
func (c *ScaleConverter) Scheme() *runtime.Scheme { return c.scheme }

// Codecs returns a codec factory for the scheme.
func (c *ScaleConverter) Codecs() serializer.CodecFactory { return c.codecs }

// ScaleVersions returns every group-version the scheme knows a Scale in,
// internal ones included, in a fixed order. The slice is the caller's.
func (c *ScaleConverter) ScaleVersions() []schema.GroupVersion {
	out := make([]schema.GroupVersion, len(scaleGroupVersions))
	for i, e := range scaleGroupVersions {
		out[i] = e.gv
	}
	return out
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
