package scheme

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestScaleDeepCopyIsIndependent(t *testing.T) {
	orig := &Scale{
		TypeMeta:   metav1.TypeMeta{APIVersion: "autoscaling/__internal", Kind: "Scale"},
		ObjectMeta: metav1.ObjectMeta{Name: "web", Labels: map[string]string{"app": "web"}},
		Spec:       ScaleSpec{Replicas: 3},
		Status: ScaleStatus{Replicas: 2, Selector: &metav1.LabelSelector{
			MatchLabels: map[string]string{"app": "web"},
		}},
	}
	cp := orig.DeepCopy()
	require.Equal(t, orig, cp)

	cp.Labels["app"] = "changed"
	cp.Status.Selector.MatchLabels["app"] = "changed"
	cp.Spec.Replicas = 9
	assert.Equal(t, "web", orig.Labels["app"])
	assert.Equal(t, "web", orig.Status.Selector.MatchLabels["app"])
	assert.Equal(t, int32(3), orig.Spec.Replicas)

	obj := orig.DeepCopyObject()
	assert.Equal(t, orig, obj)
}

func TestDeepCopyOfNil(t *testing.T) {
	var s *Scale
	assert.Nil(t, s.DeepCopy())
	assert.Nil(t, (*ScaleSpec)(nil).DeepCopy())
	assert.Nil(t, (*ScaleStatus)(nil).DeepCopy())
	// A nil interface, not an interface holding a nil *Scale.
	assert.True(t, s.DeepCopyObject() == nil)
}

func TestScaleStatusWithoutSelector(t *testing.T) {
	in := ScaleStatus{Replicas: 1}
	out := ScaleStatus{Selector: &metav1.LabelSelector{}}
	in.DeepCopyInto(&out)
	assert.Equal(t, in, out, "a nil selector overwrites the old one")
}
