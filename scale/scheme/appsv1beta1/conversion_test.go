package appsv1beta1_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1beta1 "k8s.io/api/apps/v1beta1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/scale/scheme"
	scaleappsv1beta1 "github.com/kclient/kclient/scale/scheme/appsv1beta1"
)

func TestStatusSelectorConversion(t *testing.T) {
	tests := []struct {
		name    string
		in      appsv1beta1.ScaleStatus
		want    *metav1.LabelSelector
		back    appsv1beta1.ScaleStatus
		wantErr bool
	}{
		{"none", appsv1beta1.ScaleStatus{Replicas: 1}, nil, appsv1beta1.ScaleStatus{Replicas: 1}, false},
		{"map only", appsv1beta1.ScaleStatus{Selector: map[string]string{"a": "b"}},
			&metav1.LabelSelector{MatchLabels: map[string]string{"a": "b"}},
			appsv1beta1.ScaleStatus{Selector: map[string]string{"a": "b"}, TargetSelector: "a=b"}, false},
		{"target wins", appsv1beta1.ScaleStatus{Selector: map[string]string{"a": "b"}, TargetSelector: "x=y"},
			&metav1.LabelSelector{MatchLabels: map[string]string{"x": "y"}, MatchExpressions: []metav1.LabelSelectorRequirement{}},
			appsv1beta1.ScaleStatus{Selector: map[string]string{"x": "y"}, TargetSelector: "x=y"}, false},
		{"bad target", appsv1beta1.ScaleStatus{TargetSelector: "(("}, nil, appsv1beta1.ScaleStatus{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var internal scheme.ScaleStatus
			err := scaleappsv1beta1.Convert_v1beta1_ScaleStatus_To_scheme_ScaleStatus(&tt.in, &internal, nil)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, internal.Selector)
			var back appsv1beta1.ScaleStatus
			require.NoError(t, scaleappsv1beta1.Convert_scheme_ScaleStatus_To_v1beta1_ScaleStatus(&internal, &back, nil))
			assert.Equal(t, tt.back, back)
		})
	}
}

func TestInternalScaleDeepCopy(t *testing.T) {
	in := &scheme.Scale{Status: scheme.ScaleStatus{Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"a": "b"}}}}
	out := in.DeepCopyObject().(*scheme.Scale)
	out.Status.Selector.MatchLabels["a"] = "changed"
	assert.Equal(t, "b", in.Status.Selector.MatchLabels["a"])
	assert.Nil(t, (*scheme.Scale)(nil).DeepCopy())
}
