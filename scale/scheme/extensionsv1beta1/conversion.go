package extensionsv1beta1

import (
	"fmt"

	api "k8s.io/api/extensions/v1beta1"
	"k8s.io/apimachinery/pkg/conversion"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/scale/scheme"
	"github.com/kclient/kclient/scale/scheme/internal/selector"
)

// RegisterConversions adds the conversions between this Scale version and
// the internal Scale to s.
func RegisterConversions(s *runtime.Scheme) error {
	if err := s.AddConversionFunc((*api.Scale)(nil), (*scheme.Scale)(nil), func(a, b interface{}, scope conversion.Scope) error {
		return Convert_v1beta1_Scale_To_scheme_Scale(a.(*api.Scale), b.(*scheme.Scale), scope)
	}); err != nil {
		return err
	}
	return s.AddConversionFunc((*scheme.Scale)(nil), (*api.Scale)(nil), func(a, b interface{}, scope conversion.Scope) error {
		return Convert_scheme_Scale_To_v1beta1_Scale(a.(*scheme.Scale), b.(*api.Scale), scope)
	})
}

// Convert_v1beta1_Scale_To_scheme_Scale converts a v1beta1 Scale to the internal one.
func Convert_v1beta1_Scale_To_scheme_Scale(in *api.Scale, out *scheme.Scale, s conversion.Scope) error {
	out.ObjectMeta = in.ObjectMeta
	if err := Convert_v1beta1_ScaleSpec_To_scheme_ScaleSpec(&in.Spec, &out.Spec, s); err != nil {
		return err
	}
	return Convert_v1beta1_ScaleStatus_To_scheme_ScaleStatus(&in.Status, &out.Status, s)
}

// Convert_scheme_Scale_To_v1beta1_Scale converts the internal Scale to v1beta1.
func Convert_scheme_Scale_To_v1beta1_Scale(in *scheme.Scale, out *api.Scale, s conversion.Scope) error {
	out.ObjectMeta = in.ObjectMeta
	if err := Convert_scheme_ScaleSpec_To_v1beta1_ScaleSpec(&in.Spec, &out.Spec, s); err != nil {
		return err
	}
	return Convert_scheme_ScaleStatus_To_v1beta1_ScaleStatus(&in.Status, &out.Status, s)
}

// Convert_v1beta1_ScaleSpec_To_scheme_ScaleSpec copies the replicas.
func Convert_v1beta1_ScaleSpec_To_scheme_ScaleSpec(in *api.ScaleSpec, out *scheme.ScaleSpec, _ conversion.Scope) error {
	out.Replicas = in.Replicas
	return nil
}

// Convert_scheme_ScaleSpec_To_v1beta1_ScaleSpec copies the replicas.
func Convert_scheme_ScaleSpec_To_v1beta1_ScaleSpec(in *scheme.ScaleSpec, out *api.ScaleSpec, _ conversion.Scope) error {
	out.Replicas = in.Replicas
	return nil
}

// Convert_v1beta1_ScaleStatus_To_scheme_ScaleStatus prefers targetSelector
// (any selector, as a string) over the equality-only selector map.
func Convert_v1beta1_ScaleStatus_To_scheme_ScaleStatus(in *api.ScaleStatus, out *scheme.ScaleStatus, _ conversion.Scope) error {
	out.Replicas = in.Replicas
	sel, err := selector.Parse(in.TargetSelector, in.Selector)
	out.Selector = sel
	if err != nil {
		return fmt.Errorf("failed to parse target selector: %w", err)
	}
	return nil
}

// Convert_scheme_ScaleStatus_To_v1beta1_ScaleStatus fills targetSelector
// and, for selectors without expressions, the selector map.
func Convert_scheme_ScaleStatus_To_v1beta1_ScaleStatus(in *scheme.ScaleStatus, out *api.ScaleStatus, _ conversion.Scope) error {
	out.Replicas = in.Replicas
	matchLabels, target, err := selector.Render(in.Selector)
	out.Selector, out.TargetSelector = matchLabels, target
	if err != nil {
		return fmt.Errorf("invalid label selector: %w", err)
	}
	return nil
}
