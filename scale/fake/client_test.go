package fake_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kclient/kclient/scale/fake"
	kubetesting "github.com/kclient/kclient/testing"
)

func TestFakeScaleClient(t *testing.T) {
	ctx := context.Background()
	client := &fake.FakeScaleClient{}
	client.AddReactor("get", "deployments", func(a kubetesting.Action) (bool, runtime.Object, error) {
		return true, &autoscalingv1.Scale{ObjectMeta: metav1.ObjectMeta{Name: a.(kubetesting.GetAction).GetName()}, Spec: autoscalingv1.ScaleSpec{Replicas: 2}}, nil
	})
	deployments := schema.GroupResource{Group: "apps", Resource: "deployments"}

	s, err := client.Scales("ns").Get(ctx, deployments, "web", metav1.GetOptions{})
	require.NoError(t, err)
	assert.EqualValues(t, 2, s.Spec.Replicas)
	assert.Equal(t, "web", s.Name)

	s.Spec.Replicas = 4
	updated, err := client.Scales("ns").Update(ctx, deployments, s, metav1.UpdateOptions{})
	require.NoError(t, err)
	assert.EqualValues(t, 4, updated.Spec.Replicas, "without a reactor the input comes back")

	_, err = client.Scales("ns").Patch(ctx, deployments.WithVersion("v1"), "web", types.MergePatchType, []byte(`{}`), metav1.PatchOptions{})
	require.NoError(t, err)

	actions := client.Actions()
	require.Len(t, actions, 3)
	for i, verb := range []string{"get", "update", "patch"} {
		assert.Equal(t, verb, actions[i].GetVerb())
		assert.Equal(t, "scale", actions[i].GetSubresource())
		assert.Equal(t, "ns", actions[i].GetNamespace())
	}
}
