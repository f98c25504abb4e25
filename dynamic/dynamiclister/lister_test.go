package dynamiclister_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/dynamic/dynamiclister"
	"github.com/kclient/kclient/tools/cache"
)

func obj(ns, name, app string) *unstructured.Unstructured {
	u := &unstructured.Unstructured{Object: map[string]interface{}{"apiVersion": "example.com/v1", "kind": "Widget"}}
	u.SetNamespace(ns)
	u.SetName(name)
	u.SetLabels(map[string]string{"app": app})
	return u
}

func names(objs []*unstructured.Unstructured) []string {
	var out []string
	for _, o := range objs {
		out = append(out, o.GetNamespace()+"/"+o.GetName())
	}
	return out
}

func TestLister(t *testing.T) {
	gvr := schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "widgets"}
	indexer := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
	for _, o := range []*unstructured.Unstructured{obj("a", "one", "x"), obj("a", "two", "y"), obj("b", "one", "x")} {
		require.NoError(t, indexer.Add(o))
	}
	lister := dynamiclister.New(indexer, gvr)
	sel := func(s string) labels.Selector { l, err := labels.Parse(s); require.NoError(t, err); return l }

	tests := []struct {
		name string
		list func() ([]*unstructured.Unstructured, error)
		want []string
	}{
		{"all namespaces", func() ([]*unstructured.Unstructured, error) { return lister.List(labels.Everything()) }, []string{"a/one", "a/two", "b/one"}},
		{"selector", func() ([]*unstructured.Unstructured, error) { return lister.List(sel("app=x")) }, []string{"a/one", "b/one"}},
		{"one namespace", func() ([]*unstructured.Unstructured, error) { return lister.Namespace("a").List(labels.Everything()) }, []string{"a/one", "a/two"}},
		{"namespace and selector", func() ([]*unstructured.Unstructured, error) { return lister.Namespace("b").List(sel("app=y")) }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.list()
			require.NoError(t, err)
			assert.ElementsMatch(t, tt.want, names(got))
		})
	}

	got, err := lister.Namespace("b").Get("one")
	require.NoError(t, err)
	assert.Equal(t, "b", got.GetNamespace())
	_, err = lister.Namespace("b").Get("two")
	assert.True(t, apierrors.IsNotFound(err), "got %v", err)
	_, err = lister.Get("one")
	assert.True(t, apierrors.IsNotFound(err), "cluster-level Get uses the bare name as key")

	shim := dynamiclister.NewRuntimeObjectShim(lister)
	all, err := shim.List(labels.Everything())
	require.NoError(t, err)
	assert.Len(t, all, 3)
	o, err := shim.ByNamespace("a").Get("two")
	require.NoError(t, err)
	assert.Equal(t, "two", o.(*unstructured.Unstructured).GetName())
	inA, err := shim.ByNamespace("a").List(sel("app=x"))
	require.NoError(t, err)
	assert.Len(t, inA, 1)
}
