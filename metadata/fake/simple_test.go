package fake_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/metadata/fake"
)

var pods = schema.GroupVersionResource{Version: "v1", Resource: "pods"}

func pod(ns, name string, labels map[string]string) *metav1.PartialObjectMetadata {
	return &metav1.PartialObjectMetadata{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, Labels: labels},
	}
}

func TestFakeMetadataClient(t *testing.T) {
	ctx := context.Background()
	scheme := fake.NewTestScheme()
	require.NoError(t, metav1.AddMetaToScheme(scheme))
	client := fake.NewSimpleMetadataClient(scheme, pod("ns", "a", map[string]string{"app": "x"}), pod("ns", "b", nil))
	ps := client.Resource(pods).Namespace("ns")

	got, err := ps.Get(ctx, "a", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, "a", got.Name)

	list, err := ps.List(ctx, metav1.ListOptions{LabelSelector: "app=x"})
	require.NoError(t, err)
	require.Len(t, list.Items, 1)
	assert.Equal(t, "a", list.Items[0].Name)

	w, err := ps.Watch(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	defer w.Stop()

	creator := client.Resource(pods).(fake.MetadataClient)
	_, err = creator.Namespace("ns").(fake.MetadataClient).CreateFake(pod("ns", "c", nil), metav1.CreateOptions{})
	require.NoError(t, err)
	select {
	case ev := <-w.ResultChan():
		assert.Equal(t, watch.Added, ev.Type)
	case <-time.After(5 * time.Second):
		t.Fatal("no watch event")
	}

	patched, err := ps.Patch(ctx, "b", types.MergePatchType, []byte(`{"metadata":{"labels":{"app":"y"}}}`), metav1.PatchOptions{})
	require.NoError(t, err)
	assert.Equal(t, "y", patched.Labels["app"])

	require.NoError(t, ps.Delete(ctx, "a", metav1.DeleteOptions{}))
	_, err = ps.Get(ctx, "a", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err))

	all, err := client.Resource(pods).List(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	assert.Len(t, all.Items, 2)
	assert.True(t, client.IsWatchListSemanticsUnSupported())
	assert.NotNil(t, client.Tracker())
	assert.NotEmpty(t, client.Actions())
}
