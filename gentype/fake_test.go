package gentype_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"

	"github.com/kclient/kclient/gentype"
	clienttesting "github.com/kclient/kclient/testing"
)

// newFakeConfigMaps builds the fake a generated package would, over f.
func newFakeConfigMaps(f *clienttesting.Fake, ns string) *gentype.FakeClientWithListAndApply[*corev1.ConfigMap, *corev1.ConfigMapList, *fakeApplyConfig] {
	gv := corev1.SchemeGroupVersion
	return gentype.NewFakeClientWithListAndApply[*corev1.ConfigMap, *corev1.ConfigMapList, *fakeApplyConfig](
		f, ns, gv.WithResource("configmaps"), gv.WithKind("ConfigMap"),
		func() *corev1.ConfigMap { return &corev1.ConfigMap{} },
		func() *corev1.ConfigMapList { return &corev1.ConfigMapList{} },
		func(to, from *corev1.ConfigMapList) { to.ListMeta = from.ListMeta },
		func(l *corev1.ConfigMapList) []*corev1.ConfigMap { return gentype.ToPointerSlice(l.Items) },
		func(l *corev1.ConfigMapList, items []*corev1.ConfigMap) { l.Items = gentype.FromPointerSlice(items) },
	)
}

func TestFakeClientRecordsActions(t *testing.T) {
	ctx := context.Background()
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "a"}}
	tests := []struct {
		name      string
		call      func(c *gentype.FakeClientWithListAndApply[*corev1.ConfigMap, *corev1.ConfigMapList, *fakeApplyConfig]) error
		verb, sub string
	}{
		{"get", func(c *gentype.FakeClientWithListAndApply[*corev1.ConfigMap, *corev1.ConfigMapList, *fakeApplyConfig]) error {
			_, err := c.Get(ctx, "a", metav1.GetOptions{})
			return err
		}, "get", ""},
		{"create", func(c *gentype.FakeClientWithListAndApply[*corev1.ConfigMap, *corev1.ConfigMapList, *fakeApplyConfig]) error {
			_, err := c.Create(ctx, cm, metav1.CreateOptions{})
			return err
		}, "create", ""},
		{"update status", func(c *gentype.FakeClientWithListAndApply[*corev1.ConfigMap, *corev1.ConfigMapList, *fakeApplyConfig]) error {
			_, err := c.UpdateStatus(ctx, cm, metav1.UpdateOptions{})
			return err
		}, "update", "status"},
		{"patch subresource", func(c *gentype.FakeClientWithListAndApply[*corev1.ConfigMap, *corev1.ConfigMapList, *fakeApplyConfig]) error {
			_, err := c.Patch(ctx, "a", types.MergePatchType, []byte(`{}`), metav1.PatchOptions{}, "scale")
			return err
		}, "patch", "scale"},
		{"apply status", func(c *gentype.FakeClientWithListAndApply[*corev1.ConfigMap, *corev1.ConfigMapList, *fakeApplyConfig]) error {
			_, err := c.ApplyStatus(ctx, &fakeApplyConfig{Name: ptr.To("a")}, metav1.ApplyOptions{FieldManager: "m"})
			return err
		}, "patch", "status"},
		{"delete", func(c *gentype.FakeClientWithListAndApply[*corev1.ConfigMap, *corev1.ConfigMapList, *fakeApplyConfig]) error {
			return c.Delete(ctx, "a", metav1.DeleteOptions{})
		}, "delete", ""},
		{"delete collection", func(c *gentype.FakeClientWithListAndApply[*corev1.ConfigMap, *corev1.ConfigMapList, *fakeApplyConfig]) error {
			return c.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{})
		}, "delete-collection", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &clienttesting.Fake{}
			require.NoError(t, tt.call(newFakeConfigMaps(f, "ns")), "an unhandled action is no error")
			actions := f.Actions()
			require.Len(t, actions, 1)
			assert.Equal(t, tt.verb, actions[0].GetVerb())
			assert.Equal(t, tt.sub, actions[0].GetSubresource())
			assert.Equal(t, "ns", actions[0].GetNamespace())
			assert.Equal(t, "configmaps", actions[0].GetResource().Resource)
		})
	}
}

func TestFakeClientAnswers(t *testing.T) {
	ctx := context.Background()
	f := &clienttesting.Fake{}
	c := newFakeConfigMaps(f, "ns")
	assert.Equal(t, "ns", c.Namespace())
	assert.Equal(t, "ConfigMap", c.Kind().Kind)
	assert.Equal(t, "configmaps", c.Resource().Resource)

	got, err := c.Get(ctx, "a", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, &corev1.ConfigMap{}, got, "no reactor: an empty object")

	f.AddReactor("list", "configmaps", func(clienttesting.Action) (bool, runtime.Object, error) {
		return true, &corev1.ConfigMapList{ListMeta: metav1.ListMeta{ResourceVersion: "7"}, Items: []corev1.ConfigMap{
			{ObjectMeta: metav1.ObjectMeta{Name: "x", Labels: map[string]string{"app": "a"}}},
			{ObjectMeta: metav1.ObjectMeta{Name: "y", Labels: map[string]string{"app": "b"}}},
		}}, nil
	})
	list, err := c.List(ctx, metav1.ListOptions{LabelSelector: "app=a"})
	require.NoError(t, err)
	require.Len(t, list.Items, 1, "filtered by the label selector")
	assert.Equal(t, "x", list.Items[0].Name)
	assert.Equal(t, "7", list.ResourceVersion, "list metadata is kept")
	list, err = c.List(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	assert.Len(t, list.Items, 2)

	f.AddReactor("get", "configmaps", func(clienttesting.Action) (bool, runtime.Object, error) {
		return true, &corev1.Secret{}, nil
	})
	_, err = c.Get(ctx, "a", metav1.GetOptions{})
	assert.ErrorContains(t, err, "*v1.Secret", "a reactor answering the wrong type")

	_, err = c.Apply(ctx, nil, metav1.ApplyOptions{})
	assert.ErrorContains(t, err, "must not be nil")
	_, err = c.Apply(ctx, &fakeApplyConfig{}, metav1.ApplyOptions{})
	assert.ErrorContains(t, err, "must set a name")
	_, err = c.Create(ctx, nil, metav1.CreateOptions{})
	assert.Error(t, err)
}
