package scale

import (
	"fmt"

	appsv1beta1 "k8s.io/api/apps/v1beta1"
	appsv1beta2 "k8s.io/api/apps/v1beta2"
	autoscalingapi "k8s.io/api/autoscaling/v1"
	extensionsv1beta1 "k8s.io/api/extensions/v1beta1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
)

// ScaleConverter converts between the Scale versions scale endpoints speak:
// autoscaling/v1 (the hub), extensions/v1beta1, apps/v1beta1 and
// apps/v1beta2. The selector, a string in autoscaling/v1, becomes
// targetSelector plus (when it is a plain equality selector) the selector
// map in the older versions, and back. Safe for concurrent use.
type ScaleConverter struct {
	scheme *runtime.Scheme
	codecs serializer.CodecFactory
}

// scaleVersions lists the supported versions, hub first.
var scaleVersions = []schema.GroupVersion{
	autoscalingapi.SchemeGroupVersion,
	extensionsv1beta1.SchemeGroupVersion,
	appsv1beta1.SchemeGroupVersion,
	appsv1beta2.SchemeGroupVersion,
}

// NewScaleConverter returns a converter with a scheme that knows the Scale
// type of every supported version.
func NewScaleConverter() *ScaleConverter {
	s := runtime.NewScheme()
	s.AddKnownTypes(autoscalingapi.SchemeGroupVersion, &autoscalingapi.Scale{})
	s.AddKnownTypes(extensionsv1beta1.SchemeGroupVersion, &extensionsv1beta1.Scale{})
	s.AddKnownTypes(appsv1beta1.SchemeGroupVersion, &appsv1beta1.Scale{})
	s.AddKnownTypes(appsv1beta2.SchemeGroupVersion, &appsv1beta2.Scale{})
	metav1.AddToGroupVersion(s, schema.GroupVersion{Version: "v1"})
	return &ScaleConverter{scheme: s, codecs: serializer.NewCodecFactory(s)}
}

// Scheme returns the scheme with the supported Scale types. Do not modify it.
func (c *ScaleConverter) Scheme() *runtime.Scheme { return c.scheme }

// Codecs returns a codec factory for the scheme.
func (c *ScaleConverter) Codecs() serializer.CodecFactory { return c.codecs }

// ScaleVersions returns the supported Scale group-versions.
func (c *ScaleConverter) ScaleVersions() []schema.GroupVersion {
	return append([]schema.GroupVersion(nil), scaleVersions...)
}

// ConvertToVersion converts a Scale of any supported version to outVersion.
// The input is not modified.
func (c *ScaleConverter) ConvertToVersion(in runtime.Object, outVersion schema.GroupVersion) (runtime.Object, error) {
	hub, err := toHub(in)
	if err != nil {
		return nil, err
	}
	return fromHub(hub, outVersion)
}

// legacyScale holds the fields all pre-autoscaling Scale versions share.
type legacyScale struct {
	meta           metav1.ObjectMeta
	specReplicas   int32
	statusReplicas int32
	selector       map[string]string
	targetSelector string
}

func (l legacyScale) hub() *autoscalingapi.Scale {
	selector := l.targetSelector
	if selector == "" && len(l.selector) > 0 {
		selector = labels.SelectorFromSet(l.selector).String()
	}
	return &autoscalingapi.Scale{
		ObjectMeta: *l.meta.DeepCopy(),
		Spec:       autoscalingapi.ScaleSpec{Replicas: l.specReplicas},
		Status:     autoscalingapi.ScaleStatus{Replicas: l.statusReplicas, Selector: selector},
	}
}

func toHub(in runtime.Object) (*autoscalingapi.Scale, error) {
	switch s := in.(type) {
	case *autoscalingapi.Scale:
		return s.DeepCopy(), nil
	case *extensionsv1beta1.Scale:
		return legacyScale{s.ObjectMeta, s.Spec.Replicas, s.Status.Replicas, s.Status.Selector, s.Status.TargetSelector}.hub(), nil
	case *appsv1beta1.Scale:
		return legacyScale{s.ObjectMeta, s.Spec.Replicas, s.Status.Replicas, s.Status.Selector, s.Status.TargetSelector}.hub(), nil
	case *appsv1beta2.Scale:
		return legacyScale{s.ObjectMeta, s.Spec.Replicas, s.Status.Replicas, s.Status.Selector, s.Status.TargetSelector}.hub(), nil
	default:
		return nil, fmt.Errorf("cannot convert %T: not a supported Scale type", in)
	}
}

func fromHub(hub *autoscalingapi.Scale, out schema.GroupVersion) (runtime.Object, error) {
	var selectorMap map[string]string
	if sel, err := labels.ConvertSelectorToLabelsMap(hub.Status.Selector); err == nil && len(sel) > 0 {
		selectorMap = sel
	}
	typeMeta := metav1.TypeMeta{APIVersion: out.String(), Kind: "Scale"}
	switch out {
	case autoscalingapi.SchemeGroupVersion:
		hub.TypeMeta = typeMeta
		return hub, nil
	case extensionsv1beta1.SchemeGroupVersion:
		return &extensionsv1beta1.Scale{TypeMeta: typeMeta, ObjectMeta: hub.ObjectMeta,
			Spec:   extensionsv1beta1.ScaleSpec{Replicas: hub.Spec.Replicas},
			Status: extensionsv1beta1.ScaleStatus{Replicas: hub.Status.Replicas, Selector: selectorMap, TargetSelector: hub.Status.Selector}}, nil
	case appsv1beta1.SchemeGroupVersion:
		return &appsv1beta1.Scale{TypeMeta: typeMeta, ObjectMeta: hub.ObjectMeta,
			Spec:   appsv1beta1.ScaleSpec{Replicas: hub.Spec.Replicas},
			Status: appsv1beta1.ScaleStatus{Replicas: hub.Status.Replicas, Selector: selectorMap, TargetSelector: hub.Status.Selector}}, nil
	case appsv1beta2.SchemeGroupVersion:
		return &appsv1beta2.Scale{TypeMeta: typeMeta, ObjectMeta: hub.ObjectMeta,
			Spec:   appsv1beta2.ScaleSpec{Replicas: hub.Spec.Replicas},
			Status: appsv1beta2.ScaleStatus{Replicas: hub.Status.Replicas, Selector: selectorMap, TargetSelector: hub.Status.Selector}}, nil
	default:
		return nil, fmt.Errorf("cannot convert Scale to %s: not a supported Scale version", out)
	}
}
