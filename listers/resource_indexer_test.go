package listers_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/listers"
	"github.com/kclient/kclient/tools/cache"
)

func pod(ns, name string, lbls map[string]string) *corev1.Pod {
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, Labels: lbls}}
}

func newIndexer(t *testing.T, objs ...interface{}) cache.Indexer {
	idx := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
	for _, o := range objs {
		require.NoError(t, idx.Add(o))
	}
	return idx
}

func keys(pods []*corev1.Pod) []string {
	var out []string
	for _, p := range pods {
		out = append(out, p.Namespace+"/"+p.Name)
	}
	return out
}

func TestResourceIndexer(t *testing.T) {
	idx := newIndexer(t,
		pod("a", "web", map[string]string{"app": "web"}),
		pod("a", "db", map[string]string{"app": "db"}),
		pod("b", "web", map[string]string{"app": "web"}),
		&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: "a", Name: "stray"}},
	)
	gr := schema.GroupResource{Resource: "pods"}
	all := listers.New[*corev1.Pod](idx, gr)
	web := labels.SelectorFromSet(labels.Set{"app": "web"})

	tests := []struct {
		name     string
		ri       listers.ResourceIndexer[*corev1.Pod]
		selector labels.Selector
		want     []string
	}{
		{"every namespace", all, labels.Everything(), []string{"a/web", "a/db", "b/web"}},
		{"selector across namespaces", all, web, []string{"a/web", "b/web"}},
		{"one namespace", listers.NewNamespaced(all, "a"), labels.Everything(), []string{"a/web", "a/db"}},
		{"namespace and selector", listers.NewNamespaced(all, "b"), web, []string{"b/web"}},
		{"empty namespace", listers.NewNamespaced(all, "c"), labels.Everything(), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.ri.List(tt.selector)
			require.NoError(t, err)
			assert.ElementsMatch(t, tt.want, keys(got), "objects of other types are skipped")
		})
	}

	p, err := listers.NewNamespaced(all, "a").Get("db")
	require.NoError(t, err)
	assert.Equal(t, "db", p.Name)

	_, err = listers.NewNamespaced(all, "b").Get("db")
	require.True(t, apierrors.IsNotFound(err))

	_, err = listers.NewNamespaced(all, "a").Get("stray")
	require.Error(t, err)
	assert.False(t, apierrors.IsNotFound(err), "a wrong type is not reported as missing")
}
