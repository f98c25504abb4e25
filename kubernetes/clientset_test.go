package kubernetes_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	authorizationv1 "k8s.io/api/authorization/v1"
	batchv1 "k8s.io/api/batch/v1"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/rest"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

func TestNewForConfigErrors(t *testing.T) {
	tests := []struct {
		name    string
		config  *rest.Config
		wantErr string
	}{
		{"nil config", nil, "nil *rest.Config"},
		{"qps without burst", &rest.Config{Host: "https://127.0.0.1:1", QPS: 5}, "burst"},
		{"bad host", &rest.Config{Host: "http://[::1"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs, err := kubernetes.NewForConfig(tt.config)
			require.Error(t, err)
			assert.Nil(t, cs)
			assert.Contains(t, err.Error(), tt.wantErr)
			assert.Panics(t, func() { kubernetes.NewForConfigOrDie(tt.config) })
		})
	}
}

func TestNewAndAccessors(t *testing.T) {
	cs, err := kubernetes.NewForConfig(&rest.Config{Host: "https://127.0.0.1:1"})
	require.NoError(t, err)
	var _ kubernetes.Interface = cs
	assert.NotNil(t, cs.CoreV1().RESTClient())
	assert.NotNil(t, cs.AppsV1().RESTClient())
	assert.NotNil(t, cs.Discovery())
	assert.Equal(t, "/api/v1/namespaces/ns/pods/p/log", cs.CoreV1().Pods("ns").GetLogs("p", &corev1.PodLogOptions{}).URL().Path)
	assert.Equal(t, "https://127.0.0.1:1/apis/apps/v1", cs.AppsV1().RESTClient().Get().URL().String())

	var nilSet *kubernetes.Clientset
	assert.Nil(t, nilSet.Discovery())

	shared := cs.CoreV1().RESTClient()
	viaNew := kubernetes.New(shared)
	assert.Same(t, shared, viaNew.CoreV1().RESTClient(), "New hands the rest client to every group")
}

func TestIntegrationClientsetGroups(t *testing.T) {
	cluster := testcluster.Get(t)
	ctx := context.Background()
	cs, err := kubernetes.NewForConfig(&rest.Config{
		Host:            cluster.Host,
		TLSClientConfig: rest.TLSClientConfig{CAData: cluster.CAData, CertData: cluster.ClientCertData, KeyData: cluster.ClientKeyData},
		QPS:             100, Burst: 200,
	})
	require.NoError(t, err)

	version, err := cs.Discovery().ServerVersion()
	require.NoError(t, err)
	assert.NotEmpty(t, version.GitVersion)

	ns := fmt.Sprintf("typed-clientset-%d", time.Now().UnixNano()%1e6)
	_, err = cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{}) })

	// coordination/v1
	lease, err := cs.CoordinationV1().Leases(ns).Create(ctx, &coordinationv1.Lease{
		ObjectMeta: metav1.ObjectMeta{Name: "leader"},
		Spec:       coordinationv1.LeaseSpec{HolderIdentity: ptr.To("me"), LeaseDurationSeconds: ptr.To[int32](15)},
	}, metav1.CreateOptions{})
	require.NoError(t, err)
	lease.Spec.HolderIdentity = ptr.To("you")
	lease, err = cs.CoordinationV1().Leases(ns).Update(ctx, lease, metav1.UpdateOptions{})
	require.NoError(t, err)
	assert.Equal(t, "you", *lease.Spec.HolderIdentity)

	// rbac/v1, namespaced and cluster-scoped
	_, err = cs.RbacV1().Roles(ns).Create(ctx, &rbacv1.Role{
		ObjectMeta: metav1.ObjectMeta{Name: "reader"},
		Rules:      []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"pods"}, Verbs: []string{"get"}}},
	}, metav1.CreateOptions{})
	require.NoError(t, err)
	roles, err := cs.RbacV1().Roles(ns).List(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	assert.Len(t, roles.Items, 1)
	_, err = cs.RbacV1().ClusterRoles().Get(ctx, "cluster-admin", metav1.GetOptions{})
	require.NoError(t, err)

	// batch/v1
	job, err := cs.BatchV1().Jobs(ns).Create(ctx, &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: "once"},
		Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
			RestartPolicy: corev1.RestartPolicyNever,
			Containers:    []corev1.Container{{Name: "c", Image: "registry.k8s.io/pause:3.10"}},
		}}},
	}, metav1.CreateOptions{})
	require.NoError(t, err)
	assert.NotEmpty(t, job.UID)
	require.NoError(t, cs.BatchV1().Jobs(ns).Delete(ctx, "once", metav1.DeleteOptions{PropagationPolicy: ptr.To(metav1.DeletePropagationBackground)}))
	_, err = cs.BatchV1().Jobs(ns).Get(ctx, "once", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err), "%v", err)

	// a create-only review API
	review, err := cs.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, &authorizationv1.SelfSubjectAccessReview{
		Spec: authorizationv1.SelfSubjectAccessReviewSpec{ResourceAttributes: &authorizationv1.ResourceAttributes{Verb: "get", Resource: "pods", Namespace: ns}},
	}, metav1.CreateOptions{})
	require.NoError(t, err)
	assert.True(t, review.Status.Allowed, "the admin may get pods")
}
