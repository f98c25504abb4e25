package apply_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	applycorev1 "github.com/kclient/kclient/applyconfigurations/core/v1"
	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/util/apply"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

func TestNewRequestEncodingError(t *testing.T) {
	cs, err := kubernetes.NewForConfig(&rest.Config{Host: "https://127.0.0.1:1"})
	require.NoError(t, err)
	_, err = apply.NewRequest(cs.CoreV1().RESTClient(), map[string]interface{}{"bad": make(chan int)})
	require.ErrorContains(t, err, "encoding")
}

func TestIntegrationNewRequest(t *testing.T) {
	c := testcluster.Get(t)
	ctx := context.Background()
	cs, err := kubernetes.NewForConfig(&rest.Config{
		Host:            c.Host,
		TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData},
	})
	require.NoError(t, err)
	ns := fmt.Sprintf("utilapply-%d", time.Now().UnixNano()%1e6)
	_, err = cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{}) })

	send := func(data map[string]string) *corev1.ConfigMap {
		t.Helper()
		req, err := apply.NewRequest(cs.CoreV1().RESTClient(), applycorev1.ConfigMap("cfg", ns).WithData(data))
		require.NoError(t, err)
		var out corev1.ConfigMap
		require.NoError(t, req.Namespace(ns).Resource("configmaps").Name("cfg").
			Param("fieldManager", "util-apply-test").Do(ctx).Into(&out))
		return &out
	}
	created := send(map[string]string{"a": "1", "b": "2"})
	assert.Equal(t, map[string]string{"a": "1", "b": "2"}, created.Data)
	require.Len(t, created.ManagedFields, 1)
	assert.Equal(t, metav1.ManagedFieldsOperationApply, created.ManagedFields[0].Operation)
	assert.Equal(t, "util-apply-test", created.ManagedFields[0].Manager)

	// Applying again without b removes it: the request really is an apply patch.
	updated := send(map[string]string{"a": "1"})
	assert.Equal(t, map[string]string{"a": "1"}, updated.Data)
}
