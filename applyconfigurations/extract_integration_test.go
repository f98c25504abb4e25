package applyconfigurations_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	applyappsv1 "github.com/kclient/kclient/applyconfigurations/apps/v1"
	applycorev1 "github.com/kclient/kclient/applyconfigurations/core/v1"
	applymetav1 "github.com/kclient/kclient/applyconfigurations/meta/v1"
	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/rest"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

// TestIntegrationExtract applies objects with two field managers and
// checks that Extract returns exactly what each one applied, as the
// apiserver's managed fields record it.
func TestIntegrationExtract(t *testing.T) {
	cluster := testcluster.Get(t)
	ctx := context.Background()
	cs, err := kubernetes.NewForConfig(&rest.Config{
		Host:            cluster.Host,
		TLSClientConfig: rest.TLSClientConfig{CAData: cluster.CAData, CertData: cluster.ClientCertData, KeyData: cluster.ClientKeyData},
	})
	require.NoError(t, err)
	ns := fmt.Sprintf("applyconfig-%d", time.Now().UnixNano()%1e6)
	_, err = cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{}) })

	t.Run("Deployment", func(t *testing.T) {
		labels := map[string]string{"app": "web"}
		mine := applyappsv1.Deployment("web", ns).
			WithLabels(map[string]string{"team": "a"}).
			WithSpec(applyappsv1.DeploymentSpec().
				WithReplicas(0).
				WithSelector(applymetav1.LabelSelector().WithMatchLabels(labels)).
				WithTemplate(applycorev1.PodTemplateSpec().
					WithLabels(labels).
					WithSpec(applycorev1.PodSpec().WithContainers(
						applycorev1.Container().WithName("web").WithImage("registry.k8s.io/pause:3.10").
							WithPorts(applycorev1.ContainerPort().WithContainerPort(8080).WithProtocol(corev1.ProtocolTCP)),
					))))
		_, err := cs.AppsV1().Deployments(ns).Apply(ctx, mine, metav1.ApplyOptions{FieldManager: "owner-a"})
		require.NoError(t, err)
		theirs := applyappsv1.Deployment("web", ns).WithAnnotations(map[string]string{"note": "b"})
		live, err := cs.AppsV1().Deployments(ns).Apply(ctx, theirs, metav1.ApplyOptions{FieldManager: "owner-b"})
		require.NoError(t, err)

		got, err := applyappsv1.ExtractDeployment(live, "owner-a")
		require.NoError(t, err)
		assertSameJSON(t, mine, got)

		got, err = applyappsv1.ExtractDeployment(live, "owner-b")
		require.NoError(t, err)
		assertSameJSON(t, theirs, got)

		got, err = applyappsv1.ExtractDeploymentStatus(live, "owner-a")
		require.NoError(t, err)
		assertSameJSON(t, applyappsv1.Deployment("web", ns), got)

		// The extracted configuration can be changed and applied again.
		got, err = applyappsv1.ExtractDeployment(live, "owner-a")
		require.NoError(t, err)
		got.Spec.WithReplicas(1)
		updated, err := cs.AppsV1().Deployments(ns).Apply(ctx, got, metav1.ApplyOptions{FieldManager: "owner-a"})
		require.NoError(t, err)
		assert.Equal(t, int32(1), *updated.Spec.Replicas)
		assert.Equal(t, "b", updated.Annotations["note"], "the other manager's fields stay")
	})

	t.Run("cluster-scoped Namespace", func(t *testing.T) {
		mine := applycorev1.Namespace(ns).WithLabels(map[string]string{"extract": "yes"})
		live, err := cs.CoreV1().Namespaces().Apply(ctx, mine, metav1.ApplyOptions{FieldManager: "owner-a"})
		require.NoError(t, err)
		got, err := applycorev1.ExtractNamespace(live, "owner-a")
		require.NoError(t, err)
		assertSameJSON(t, mine, got)
		assert.Nil(t, got.GetNamespace())
	})
}

func assertSameJSON(t *testing.T, want, got any) {
	t.Helper()
	w, err := json.Marshal(want)
	require.NoError(t, err)
	g, err := json.Marshal(got)
	require.NoError(t, err)
	assert.JSONEq(t, string(w), string(g))
}
