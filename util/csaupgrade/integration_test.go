package csaupgrade_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/sets"

	applycorev1 "github.com/kclient/kclient/applyconfigurations/core/v1"
	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/util/csaupgrade"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

const (
	csaManager = "kubectl-client-side-apply"
	ssaManager = "kubectl"
)

// createClientSideApplied creates a ConfigMap the way kubectl apply without
// --server-side does: a Create by the client-side manager, carrying the
// last-applied-configuration annotation.
func createClientSideApplied(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns, name string) *corev1.ConfigMap {
	t.Helper()
	cm := &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, Annotations: map[string]string{
			corev1.LastAppliedConfigAnnotation: fmt.Sprintf(`{"apiVersion":"v1","data":{"a":"1","b":"2"},"kind":"ConfigMap","metadata":{"name":%q,"namespace":%q}}`, name, ns),
		}},
		Data: map[string]string{"a": "1", "b": "2"},
	}
	created, err := cs.CoreV1().ConfigMaps(ns).Create(ctx, cm, metav1.CreateOptions{FieldManager: csaManager})
	require.NoError(t, err)
	require.Len(t, created.ManagedFields, 1)
	require.Equal(t, metav1.ManagedFieldsOperationUpdate, created.ManagedFields[0].Operation)
	return created
}

// applyOnlyA server-side applies the ConfigMap with key b left out.
func applyOnlyA(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns, name string) *corev1.ConfigMap {
	t.Helper()
	out, err := cs.CoreV1().ConfigMaps(ns).Apply(ctx,
		applycorev1.ConfigMap(name, ns).WithData(map[string]string{"a": "1"}),
		metav1.ApplyOptions{FieldManager: ssaManager, Force: true})
	require.NoError(t, err)
	return out
}

func TestIntegrationUpgradeClientSideApply(t *testing.T) {
	c := testcluster.Get(t)
	ctx := context.Background()
	cs, err := kubernetes.NewForConfig(&rest.Config{
		Host:            c.Host,
		TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData},
	})
	require.NoError(t, err)
	ns := fmt.Sprintf("csaupgrade-%d", time.Now().UnixNano()%1e6)
	_, err = cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{}) })

	t.Run("without upgrade the client-side fields stay", func(t *testing.T) {
		createClientSideApplied(ctx, t, cs, ns, "control")
		out := applyOnlyA(ctx, t, cs, ns, "control")
		assert.Equal(t, map[string]string{"a": "1", "b": "2"}, out.Data)
	})

	t.Run("after the upgrade patch server-side apply prunes", func(t *testing.T) {
		live := createClientSideApplied(ctx, t, cs, ns, "upgraded")
		patch, err := csaupgrade.UpgradeManagedFieldsPatch(live, sets.New(csaManager), ssaManager)
		require.NoError(t, err)
		require.NotNil(t, patch)

		patched, err := cs.CoreV1().ConfigMaps(ns).Patch(ctx, "upgraded", types.JSONPatchType, patch, metav1.PatchOptions{})
		require.NoError(t, err)
		require.Len(t, patched.ManagedFields, 1)
		mf := patched.ManagedFields[0]
		assert.Equal(t, ssaManager, mf.Manager)
		assert.Equal(t, metav1.ManagedFieldsOperationApply, mf.Operation)
		assert.Contains(t, string(mf.FieldsV1.GetRawBytes()), `"f:b"`)

		// Upgrading again finds nothing to do.
		again, err := csaupgrade.UpgradeManagedFieldsPatch(patched, sets.New(csaManager), ssaManager)
		require.NoError(t, err)
		assert.Nil(t, again)

		out := applyOnlyA(ctx, t, cs, ns, "upgraded")
		assert.Equal(t, map[string]string{"a": "1"}, out.Data, "b was owned by the apply manager, so omitting it removes it")
	})

	t.Run("a stale patch is rejected", func(t *testing.T) {
		live := createClientSideApplied(ctx, t, cs, ns, "stale")
		patch, err := csaupgrade.UpgradeManagedFieldsPatch(live, sets.New(csaManager), ssaManager)
		require.NoError(t, err)

		live.Data["c"] = "3"
		_, err = cs.CoreV1().ConfigMaps(ns).Update(ctx, live, metav1.UpdateOptions{FieldManager: "someone-else"})
		require.NoError(t, err)

		_, err = cs.CoreV1().ConfigMaps(ns).Patch(ctx, "stale", types.JSONPatchType, patch, metav1.PatchOptions{})
		require.True(t, apierrors.IsConflict(err), "want a conflict, got %v", err)
	})

	t.Run("in-place upgrade sent with Update", func(t *testing.T) {
		live := createClientSideApplied(ctx, t, cs, ns, "inplace")
		require.NoError(t, csaupgrade.UpgradeManagedFields(live, sets.New(csaManager), ssaManager))
		updated, err := cs.CoreV1().ConfigMaps(ns).Update(ctx, live, metav1.UpdateOptions{})
		require.NoError(t, err)
		var managers []string
		for _, e := range updated.ManagedFields {
			managers = append(managers, e.Manager+"/"+string(e.Operation))
		}
		assert.Equal(t, []string{ssaManager + "/Apply"}, managers)
		out := applyOnlyA(ctx, t, cs, ns, "inplace")
		assert.Equal(t, map[string]string{"a": "1"}, out.Data)
	})
}
