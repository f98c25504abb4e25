package v1_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	listersappsv1 "github.com/kclient/kclient/listers/apps/v1"
	"github.com/kclient/kclient/tools/cache"
)

func rs(ns, name string, sel *metav1.LabelSelector) *appsv1.ReplicaSet {
	return &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}, Spec: appsv1.ReplicaSetSpec{Selector: sel}}
}

func TestGetPodReplicaSets(t *testing.T) {
	idx := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
	for _, r := range []*appsv1.ReplicaSet{
		rs("a", "web", &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}),
		rs("a", "everything", &metav1.LabelSelector{}),
		rs("b", "web-elsewhere", &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}),
		rs("a", "db", &metav1.LabelSelector{MatchLabels: map[string]string{"app": "db"}}),
	} {
		require.NoError(t, idx.Add(r))
	}
	lister := listersappsv1.NewReplicaSetLister(idx)
	tests := []struct {
		name    string
		pod     *corev1.Pod
		want    []string
		wantErr bool
	}{
		{"selected in its own namespace only", &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "a", Name: "p", Labels: map[string]string{"app": "web"}}}, []string{"web"}, false},
		{"no labels", &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "a", Name: "p"}}, nil, true},
		{"no match", &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "a", Name: "p", Labels: map[string]string{"app": "cache"}}}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := lister.GetPodReplicaSets(tt.pod)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			var names []string
			for _, r := range got {
				names = append(names, r.Name)
			}
			assert.Equal(t, tt.want, names)
		})
	}
	got, err := lister.ReplicaSets("a").Get("db")
	require.NoError(t, err)
	assert.Equal(t, "db", got.Name)
}
