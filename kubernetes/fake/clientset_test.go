package fake_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	fakediscovery "github.com/kclient/kclient/discovery/fake"
	"github.com/kclient/kclient/kubernetes/fake"
	"github.com/kclient/kclient/kubernetes/internal/conformance"
	clienttesting "github.com/kclient/kclient/testing"
)

// TestConformance holds the fake to the checks the real clientset passes
// against a kube-apiserver (kubernetes' TestIntegrationConformance).
func TestConformance(t *testing.T) {
	t.Run("ConfigMaps", func(t *testing.T) { conformance.ConfigMaps(t, fake.NewClientset(), "default") })
	t.Run("Deployments", func(t *testing.T) { conformance.Deployments(t, fake.NewClientset(), "default") })
	t.Run("ApplyMerges", func(t *testing.T) { conformance.ApplyMerges(t, fake.NewClientset(), "default") })
}

func TestSeedObjectsAndTracker(t *testing.T) {
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "seed", Namespace: "ns"}, Data: map[string]string{"k": "v"}}
	for name, cs := range map[string]*fake.Clientset{"NewClientset": fake.NewClientset(cm), "NewSimpleClientset": fake.NewSimpleClientset(cm)} {
		t.Run(name, func(t *testing.T) {
			got, err := cs.CoreV1().ConfigMaps("ns").Get(context.Background(), "seed", metav1.GetOptions{})
			require.NoError(t, err)
			assert.Equal(t, "v", got.Data["k"])
			assert.NotSame(t, cm, got, "the tracker hands out copies")

			stored, err := cs.Tracker().Get(corev1.SchemeGroupVersion.WithResource("configmaps"), "ns", "seed")
			require.NoError(t, err)
			assert.Equal(t, "v", stored.(*corev1.ConfigMap).Data["k"])
			assert.True(t, cs.IsWatchListSemanticsUnSupported())
		})
	}
	assert.Panics(t, func() { fake.NewClientset(cm, cm) }, "duplicate seed objects")
}

func TestActionsAreRecorded(t *testing.T) {
	cs := fake.NewClientset()
	ctx := context.Background()
	_, err := cs.CoreV1().ConfigMaps("ns").Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "a"}}, metav1.CreateOptions{})
	require.NoError(t, err)
	_, err = cs.CoreV1().Nodes().Get(ctx, "n1", metav1.GetOptions{})
	require.True(t, apierrors.IsNotFound(err), "%v", err)

	actions := cs.Actions()
	require.Len(t, actions, 2)
	assert.True(t, actions[0].Matches("create", "configmaps"))
	assert.Equal(t, "ns", actions[0].GetNamespace())
	assert.True(t, actions[1].Matches("get", "nodes"))
	assert.Equal(t, "", actions[1].GetNamespace(), "cluster-scoped")
	assert.Equal(t, schema.GroupVersionResource{Version: "v1", Resource: "nodes"}, actions[1].GetResource())
}

func TestPrependReactorInjectsErrors(t *testing.T) {
	cs := fake.NewClientset()
	boom := apierrors.NewForbidden(schema.GroupResource{Resource: "configmaps"}, "a", errors.New("no"))
	cs.PrependReactor("create", "configmaps", func(clienttesting.Action) (bool, runtime.Object, error) {
		return true, nil, boom
	})
	got, err := cs.CoreV1().ConfigMaps("ns").Create(context.Background(), &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "a"}}, metav1.CreateOptions{})
	assert.True(t, apierrors.IsForbidden(err), "%v", err)
	require.NotNil(t, got, "an empty object, never nil")
	_, err = cs.Tracker().Get(corev1.SchemeGroupVersion.WithResource("configmaps"), "ns", "a")
	assert.True(t, apierrors.IsNotFound(err), "the tracker was not reached")

	// other verbs and resources still reach the tracker
	_, err = cs.CoreV1().Secrets("ns").Create(context.Background(), &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "s"}}, metav1.CreateOptions{})
	assert.NoError(t, err)
}

func TestDiscoverySharesTheFake(t *testing.T) {
	cs := fake.NewClientset()
	cs.Resources = []*metav1.APIResourceList{{GroupVersion: "v1", APIResources: []metav1.APIResource{{Name: "pods", Kind: "Pod", Namespaced: true}}}}
	disc, ok := cs.Discovery().(*fakediscovery.FakeDiscovery)
	require.True(t, ok, "%T", cs.Discovery())
	list, err := disc.ServerResourcesForGroupVersion("v1")
	require.NoError(t, err)
	assert.Equal(t, "pods", list.APIResources[0].Name)
	assert.NotEmpty(t, cs.Actions(), "discovery calls are recorded on the clientset's Fake")
}

func TestAddToScheme(t *testing.T) {
	s := runtime.NewScheme()
	require.NoError(t, fake.AddToScheme(s))
	for _, gvk := range []schema.GroupVersionKind{
		corev1.SchemeGroupVersion.WithKind("ConfigMap"),
		{Group: "apps", Version: "v1", Kind: "Deployment"},
		{Group: "storagemigration.k8s.io", Version: "v1beta1", Kind: "StorageVersionMigration"},
	} {
		assert.True(t, s.Recognizes(gvk), "%v", gvk)
	}
}
