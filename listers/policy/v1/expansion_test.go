package v1_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	policyv1beta1 "k8s.io/api/policy/v1beta1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	listerspolicyv1 "github.com/kclient/kclient/listers/policy/v1"
	listerspolicyv1beta1 "github.com/kclient/kclient/listers/policy/v1beta1"
	"github.com/kclient/kclient/tools/cache"
)

// An empty PDB selector matches every pod in policy/v1 but none in v1beta1.
func TestEmptySelectorSemanticsDifferByVersion(t *testing.T) {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "a", Name: "p", Labels: map[string]string{"app": "web"}}}
	newIdx := func() cache.Indexer {
		return cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
	}

	v1 := newIdx()
	require.NoError(t, v1.Add(&policyv1.PodDisruptionBudget{ObjectMeta: metav1.ObjectMeta{Namespace: "a", Name: "all"},
		Spec: policyv1.PodDisruptionBudgetSpec{Selector: &metav1.LabelSelector{}}}))
	got, err := listerspolicyv1.NewPodDisruptionBudgetLister(v1).GetPodPodDisruptionBudgets(pod)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "all", got[0].Name)

	beta := newIdx()
	require.NoError(t, beta.Add(&policyv1beta1.PodDisruptionBudget{ObjectMeta: metav1.ObjectMeta{Namespace: "a", Name: "all"},
		Spec: policyv1beta1.PodDisruptionBudgetSpec{Selector: &metav1.LabelSelector{}}}))
	_, err = listerspolicyv1beta1.NewPodDisruptionBudgetLister(beta).GetPodPodDisruptionBudgets(pod)
	assert.Error(t, err)
}
