package kubernetes_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/kubernetes/fake"
	"github.com/kclient/kclient/kubernetes/internal/conformance"
	"github.com/kclient/kclient/rest"
)

// TestIntegrationConformance runs against a real kube-apiserver the checks
// kubernetes/fake's TestConformance runs against the fake Clientset.
func TestIntegrationConformance(t *testing.T) {
	cluster := testcluster.Get(t)
	cs, err := kubernetes.NewForConfig(&rest.Config{
		Host:            cluster.Host,
		TLSClientConfig: rest.TLSClientConfig{CAData: cluster.CAData, CertData: cluster.ClientCertData, KeyData: cluster.ClientKeyData},
		QPS:             100, Burst: 200,
	})
	require.NoError(t, err)
	namespace := func(t *testing.T) string {
		name := fmt.Sprintf("conformance-%d", time.Now().UnixNano()%1e9)
		_, err := cs.CoreV1().Namespaces().Create(context.Background(), &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
		require.NoError(t, err)
		t.Cleanup(func() { _ = cs.CoreV1().Namespaces().Delete(context.Background(), name, metav1.DeleteOptions{}) })
		return name
	}
	t.Run("ConfigMaps", func(t *testing.T) { conformance.ConfigMaps(t, cs, namespace(t)) })
	t.Run("Deployments", func(t *testing.T) { conformance.Deployments(t, cs, namespace(t)) })
	t.Run("ApplyMerges", func(t *testing.T) {
		real := conformance.ApplyMerges(t, cs, namespace(t))
		fake := conformance.ApplyMerges(t, fake.NewClientset(), "default")
		assert.Equal(t, real, fake, "the fake Clientset applies like the apiserver")
	})
}
