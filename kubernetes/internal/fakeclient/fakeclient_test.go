package fakeclient_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/kubernetes/internal/fakeclient"
	clienttesting "github.com/kclient/kclient/testing"
)

var pods = corev1.SchemeGroupVersion.WithResource("pods")

func TestInvoke(t *testing.T) {
	tests := []struct {
		name    string
		answer  runtime.Object
		want    *autoscalingv1.Scale
		wantErr string
	}{
		{"unhandled gives the empty object", nil, &autoscalingv1.Scale{}, ""},
		{"typed answer", &autoscalingv1.Scale{Spec: autoscalingv1.ScaleSpec{Replicas: 3}}, &autoscalingv1.Scale{Spec: autoscalingv1.ScaleSpec{Replicas: 3}}, ""},
		{"wrong type", &corev1.Pod{}, &autoscalingv1.Scale{}, "returned *v1.Pod"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &clienttesting.Fake{}
			if tt.answer != nil {
				f.AddReactor("get", "pods", func(clienttesting.Action) (bool, runtime.Object, error) { return true, tt.answer, nil })
			}
			got, err := fakeclient.Invoke(f, clienttesting.NewGetSubresourceAction(pods, "ns", "scale", "p"), &autoscalingv1.Scale{})
			if tt.wantErr != "" {
				assert.ErrorContains(t, err, tt.wantErr)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestApply(t *testing.T) {
	f := &clienttesting.Fake{}
	_, err := fakeclient.Apply(f, pods, "ns", "p", "scale", (*autoscalingv1.Scale)(nil), metav1.ApplyOptions{}, &autoscalingv1.Scale{})
	assert.ErrorContains(t, err, "must not be nil")
	assert.Empty(t, f.Actions(), "nothing recorded")

	_, err = fakeclient.Apply(f, pods, "ns", "p", "scale", map[string]int{"replicas": 2}, metav1.ApplyOptions{FieldManager: "m", Force: true}, &autoscalingv1.Scale{})
	require.NoError(t, err)
	a, ok := f.Actions()[0].(clienttesting.PatchAction)
	require.True(t, ok)
	assert.Equal(t, types.ApplyPatchType, a.GetPatchType())
	assert.JSONEq(t, `{"replicas":2}`, string(a.GetPatch()))
	assert.Equal(t, "scale", a.GetSubresource())
}

func TestServeFromTracker(t *testing.T) {
	scheme := runtime.NewScheme()
	require.NoError(t, corev1.AddToScheme(scheme))
	tracker := clienttesting.NewObjectTracker(scheme, serializer.NewCodecFactory(scheme).UniversalDecoder())
	f := &clienttesting.Fake{}
	seed := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}}
	fakeclient.ServeFromTracker(f, tracker, seed)

	obj, err := f.Invokes(clienttesting.NewGetAction(pods, "ns", "p"), &corev1.Pod{})
	require.NoError(t, err)
	assert.Equal(t, "p", obj.(*corev1.Pod).Name)

	w, err := f.InvokesWatch(clienttesting.NewWatchActionWithOptions(pods, "ns", metav1.ListOptions{}))
	require.NoError(t, err)
	defer w.Stop()
	require.NoError(t, tracker.Add(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "q", Namespace: "ns"}}))
	for _, name := range []string{"p", "q"} { // the stored pod first, as a server does
		ev := <-w.ResultChan()
		assert.Equal(t, watch.Added, ev.Type)
		assert.Equal(t, name, ev.Object.(*corev1.Pod).Name)
	}

	assert.Panics(t, func() { fakeclient.ServeFromTracker(&clienttesting.Fake{}, tracker, seed) }, "seed already stored")
}
