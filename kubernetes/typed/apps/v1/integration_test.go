package v1_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"

	appsv1ac "github.com/kclient/kclient/applyconfigurations/apps/v1"
	autoscalingv1ac "github.com/kclient/kclient/applyconfigurations/autoscaling/v1"
	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes"
	appsv1client "github.com/kclient/kclient/kubernetes/typed/apps/v1"
	"github.com/kclient/kclient/rest"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

func TestIntegrationDeploymentScale(t *testing.T) {
	cluster := testcluster.Get(t)
	ctx := context.Background()
	cfg := &rest.Config{
		Host:            cluster.Host,
		TLSClientConfig: rest.TLSClientConfig{CAData: cluster.CAData, CertData: cluster.ClientCertData, KeyData: cluster.ClientKeyData},
		QPS:             100, Burst: 200,
	}
	// the umbrella clientset for the namespace, the group client for the rest
	cs, err := kubernetes.NewForConfig(cfg)
	require.NoError(t, err)
	ns := fmt.Sprintf("typed-apps-%d", time.Now().UnixNano()%1e6)
	_, err = cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{}) })

	apps, err := appsv1client.NewForConfig(cfg)
	require.NoError(t, err)
	deployments := apps.Deployments(ns)
	labels := map[string]string{"app": "web"}
	_, err = deployments.Create(ctx, &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr.To[int32](1),
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "registry.k8s.io/pause:3.10"}}},
			},
		},
	}, metav1.CreateOptions{})
	require.NoError(t, err)

	scale, err := deployments.GetScale(ctx, "web", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, int32(1), scale.Spec.Replicas)
	assert.Equal(t, "web", scale.Name)

	scale.Spec.Replicas = 3
	scaled, err := deployments.UpdateScale(ctx, "web", scale, metav1.UpdateOptions{})
	require.NoError(t, err)
	assert.Equal(t, int32(3), scaled.Spec.Replicas)
	d, err := deployments.Get(ctx, "web", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, int32(3), *d.Spec.Replicas)

	// a stale scale conflicts
	scale.Spec.Replicas = 5
	_, err = deployments.UpdateScale(ctx, "web", scale, metav1.UpdateOptions{})
	assert.True(t, apierrors.IsConflict(err), "%v", err)

	// ApplyScale through the scale subresource
	applied, err := deployments.ApplyScale(ctx, "web",
		(&autoscalingv1ac.ScaleApplyConfiguration{}).WithKind("Scale").WithAPIVersion("autoscaling/v1").WithName("web").WithNamespace(ns).WithSpec(autoscalingv1ac.ScaleSpec().WithReplicas(2)),
		metav1.ApplyOptions{FieldManager: "scaler", Force: true})
	require.NoError(t, err)
	assert.Equal(t, int32(2), applied.Spec.Replicas)

	// Apply on the deployment itself
	d2, err := deployments.Apply(ctx, appsv1ac.Deployment("web", ns).WithLabels(map[string]string{"applied": "yes"}), metav1.ApplyOptions{FieldManager: "labeler"})
	require.NoError(t, err)
	assert.Equal(t, "yes", d2.Labels["applied"])

	_, err = deployments.GetScale(ctx, "missing", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err), "%v", err)

	// status and patch through the group client, list through the clientset
	d, err = deployments.Get(ctx, "web", metav1.GetOptions{})
	require.NoError(t, err)
	d.Status.ObservedGeneration = d.Generation
	_, err = deployments.UpdateStatus(ctx, d, metav1.UpdateOptions{})
	require.NoError(t, err)
	_, err = deployments.Patch(ctx, "web", types.StrategicMergePatchType, []byte(`{"metadata":{"labels":{"patched":"yes"}}}`), metav1.PatchOptions{})
	require.NoError(t, err)
	list, err := cs.AppsV1().Deployments(ns).List(ctx, metav1.ListOptions{LabelSelector: "patched=yes"})
	require.NoError(t, err)
	require.Len(t, list.Items, 1)

	require.NoError(t, deployments.Delete(ctx, "web", metav1.DeleteOptions{}))
	_, err = deployments.Get(ctx, "web", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err), "%v", err)
}
