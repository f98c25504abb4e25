package restmapper_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/discovery/cached/memory"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/restmapper"
)

func gv(group, version string) metav1.GroupVersionForDiscovery {
	if group == "" {
		return metav1.GroupVersionForDiscovery{GroupVersion: version, Version: version}
	}
	return metav1.GroupVersionForDiscovery{GroupVersion: group + "/" + version, Version: version}
}

// snapshot: core v1, extensions (v1beta1 only, also serving deployments),
// apps (preferred v1, also v1beta1 with a resource only there).
var snapshot = []*restmapper.APIGroupResources{
	{
		Group: metav1.APIGroup{Name: "", Versions: []metav1.GroupVersionForDiscovery{gv("", "v1")}, PreferredVersion: gv("", "v1")},
		VersionedResources: map[string][]metav1.APIResource{"v1": {
			{Name: "pods", SingularName: "pod", Namespaced: true, Kind: "Pod"},
			{Name: "pods/status", Namespaced: true, Kind: "Pod"},
			{Name: "nodes", Namespaced: false, Kind: "Node"},
		}},
	},
	{
		Group: metav1.APIGroup{Name: "extensions", Versions: []metav1.GroupVersionForDiscovery{gv("extensions", "v1beta1")}, PreferredVersion: gv("extensions", "v1beta1")},
		VersionedResources: map[string][]metav1.APIResource{"v1beta1": {
			{Name: "deployments", SingularName: "deployment", Namespaced: true, Kind: "Deployment"},
		}},
	},
	{
		Group: metav1.APIGroup{Name: "apps", Versions: []metav1.GroupVersionForDiscovery{gv("apps", "v1beta1"), gv("apps", "v1")}, PreferredVersion: gv("apps", "v1")},
		VersionedResources: map[string][]metav1.APIResource{
			"v1":      {{Name: "deployments", SingularName: "deployment", Namespaced: true, Kind: "Deployment"}},
			"v1beta1": {{Name: "deployments", SingularName: "deployment", Namespaced: true, Kind: "Deployment"}, {Name: "oldthings", Namespaced: true, Kind: "OldThing"}},
		},
	},
}

func TestDiscoveryRESTMapperPriorities(t *testing.T) {
	mapper := restmapper.NewDiscoveryRESTMapper(snapshot)
	tests := []struct {
		name  string
		input schema.GroupVersionResource
		want  schema.GroupVersionResource
	}{
		{"core wins for a bare resource", schema.GroupVersionResource{Resource: "pods"}, schema.GroupVersionResource{Version: "v1", Resource: "pods"}},
		{"singular name", schema.GroupVersionResource{Resource: "pod"}, schema.GroupVersionResource{Version: "v1", Resource: "pods"}},
		{"first group in discovery order wins", schema.GroupVersionResource{Resource: "deployments"}, schema.GroupVersionResource{Group: "extensions", Version: "v1beta1", Resource: "deployments"}},
		{"preferred version within a group", schema.GroupVersionResource{Group: "apps", Resource: "deployments"}, schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}},
		{"non-preferred version when only it serves", schema.GroupVersionResource{Resource: "oldthings"}, schema.GroupVersionResource{Group: "apps", Version: "v1beta1", Resource: "oldthings"}},
		{"explicit version", schema.GroupVersionResource{Group: "apps", Version: "v1beta1", Resource: "deployments"}, schema.GroupVersionResource{Group: "apps", Version: "v1beta1", Resource: "deployments"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := mapper.ResourceFor(tt.input)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}

	mapping, err := mapper.RESTMapping(schema.GroupKind{Group: "apps", Kind: "Deployment"})
	require.NoError(t, err)
	assert.Equal(t, "v1", mapping.GroupVersionKind.Version)
	assert.Equal(t, meta.RESTScopeNameNamespace, mapping.Scope.Name())
	mapping, err = mapper.RESTMapping(schema.GroupKind{Kind: "Node"})
	require.NoError(t, err)
	assert.Equal(t, meta.RESTScopeNameRoot, mapping.Scope.Name())

	kind, err := mapper.KindFor(schema.GroupVersionResource{Resource: "nodes"})
	require.NoError(t, err)
	assert.Equal(t, schema.GroupVersionKind{Version: "v1", Kind: "Node"}, kind)
	singular, err := mapper.ResourceSingularizer("nodes")
	require.NoError(t, err)
	assert.Equal(t, "node", singular, "guessed from the kind when discovery has no singular name")

	_, err = mapper.ResourceFor(schema.GroupVersionResource{Resource: "pods/status"})
	assert.True(t, meta.IsNoMatchError(err), "subresources are not mapped: %v", err)
	_, err = mapper.RESTMapping(schema.GroupKind{Group: "nope", Kind: "Nope"})
	assert.True(t, meta.IsNoMatchError(err))
}

// discoveryServer serves legacy discovery for the core group plus, once
// crdReady is set, a custom group with short names and categories.
func discoveryServer(t *testing.T, crdReady *atomic.Bool, requests *atomic.Int64) *discovery.DiscoveryClient {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api":
			fmt.Fprint(w, `{"versions":["v1"]}`)
		case "/apis":
			if !crdReady.Load() {
				fmt.Fprint(w, `{"groups":[]}`)
				return
			}
			fmt.Fprint(w, `{"groups":[{"name":"zoo.io","versions":[{"groupVersion":"zoo.io/v1","version":"v1"}],"preferredVersion":{"groupVersion":"zoo.io/v1","version":"v1"}}]}`)
		case "/api/v1":
			fmt.Fprint(w, `{"groupVersion":"v1","resources":[
				{"name":"pods","singularName":"pod","namespaced":true,"kind":"Pod","verbs":["get"],"shortNames":["po"],"categories":["all"]},
				{"name":"configmaps","singularName":"configmap","namespaced":true,"kind":"ConfigMap","verbs":["get"],"shortNames":["cm"]}]}`)
		case "/apis/zoo.io/v1":
			fmt.Fprint(w, `{"groupVersion":"zoo.io/v1","resources":[
				{"name":"pandas","singularName":"panda","namespaced":true,"kind":"Panda","verbs":["get"],"shortNames":["pd","po"],"categories":["all","animals"]}]}`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	client, err := discovery.NewDiscoveryClientForConfig(&rest.Config{Host: srv.URL})
	require.NoError(t, err)
	return client
}

func TestDeferredMapperResetsOnMissWhenStale(t *testing.T) {
	var ready atomic.Bool
	var requests atomic.Int64
	cache := memory.NewMemCacheClient(discoveryServer(t, &ready, &requests))
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(cache)
	assert.Zero(t, requests.Load(), "nothing is fetched before the first lookup")

	_, err := mapper.RESTMapping(schema.GroupKind{Kind: "Pod"})
	require.NoError(t, err)
	ready.Store(true)

	// Fresh cache: a miss is authoritative, no new requests.
	before := requests.Load()
	_, err = mapper.KindFor(schema.GroupVersionResource{Resource: "pandas"})
	assert.True(t, meta.IsNoMatchError(err), "err: %v", err)
	assert.Equal(t, before, requests.Load())

	// Stale cache: the miss resets the mapper and the retry succeeds.
	cache.Invalidate()
	gvk, err := mapper.KindFor(schema.GroupVersionResource{Resource: "pandas"})
	require.NoError(t, err)
	assert.Equal(t, schema.GroupVersionKind{Group: "zoo.io", Version: "v1", Kind: "Panda"}, gvk)
	assert.Contains(t, mapper.String(), "DeferredDiscoveryRESTMapper")

	gvrs, err := mapper.ResourcesFor(schema.GroupVersionResource{Resource: "panda"})
	require.NoError(t, err)
	assert.Equal(t, []schema.GroupVersionResource{{Group: "zoo.io", Version: "v1", Resource: "pandas"}}, gvrs)

	// Reset refetches on the next lookup.
	before = requests.Load()
	mapper.Reset()
	_, err = mapper.RESTMappings(schema.GroupKind{Group: "zoo.io", Kind: "Panda"})
	require.NoError(t, err)
	assert.Greater(t, requests.Load(), before)
}

func TestShortcutExpander(t *testing.T) {
	var ready atomic.Bool
	ready.Store(true)
	var requests atomic.Int64
	cache := memory.NewMemCacheClient(discoveryServer(t, &ready, &requests))
	var warnings []string
	expander := restmapper.NewShortcutExpander(restmapper.NewDeferredDiscoveryRESTMapper(cache), cache, func(w string) { warnings = append(warnings, w) })

	tests := []struct {
		input schema.GroupVersionResource
		want  schema.GroupVersionResource
	}{
		{schema.GroupVersionResource{Resource: "cm"}, schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}},
		{schema.GroupVersionResource{Resource: "pd"}, schema.GroupVersionResource{Group: "zoo.io", Version: "v1", Resource: "pandas"}},
		{schema.GroupVersionResource{Resource: "po"}, schema.GroupVersionResource{Version: "v1", Resource: "pods"}},
		{schema.GroupVersionResource{Group: "zoo.io", Resource: "po"}, schema.GroupVersionResource{Group: "zoo.io", Version: "v1", Resource: "pandas"}},
		{schema.GroupVersionResource{Group: "zoo", Resource: "pd"}, schema.GroupVersionResource{Group: "zoo.io", Version: "v1", Resource: "pandas"}},
		{schema.GroupVersionResource{Group: "zoo.io", Version: "v1", Resource: "pd"}, schema.GroupVersionResource{Group: "zoo.io", Version: "v1", Resource: "pandas"}},
		{schema.GroupVersionResource{Resource: "pandas"}, schema.GroupVersionResource{Group: "zoo.io", Version: "v1", Resource: "pandas"}},
	}
	for _, tt := range tests {
		t.Run(tt.input.String(), func(t *testing.T) {
			got, err := expander.ResourceFor(tt.input)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	assert.Contains(t, warnings, `short name "po" could also match lower priority resource pandas.zoo.io`)

	kind, err := expander.KindFor(schema.GroupVersionResource{Resource: "cm"})
	require.NoError(t, err)
	assert.Equal(t, "ConfigMap", kind.Kind)
	singular, err := expander.ResourceSingularizer("pd")
	require.NoError(t, err)
	assert.Equal(t, "panda", singular)
	_, err = expander.ResourceFor(schema.GroupVersionResource{Resource: "nosuch"})
	assert.True(t, meta.IsNoMatchError(err))
}

func TestCategoryExpanders(t *testing.T) {
	var ready atomic.Bool
	ready.Store(true)
	var requests atomic.Int64
	cache := memory.NewMemCacheClient(discoveryServer(t, &ready, &requests))
	fromDiscovery := restmapper.NewDiscoveryCategoryExpander(cache)

	all, ok := fromDiscovery.Expand("all")
	require.True(t, ok)
	assert.Equal(t, []schema.GroupResource{{Resource: "pods"}, {Group: "zoo.io", Resource: "pandas"}}, all)
	_, ok = fromDiscovery.Expand("nosuch")
	assert.False(t, ok)

	simple := restmapper.SimpleCategoryExpander{Expansions: map[string][]schema.GroupResource{
		"all": {{Resource: "services"}, {Resource: "pods"}},
	}}
	union := restmapper.UnionCategoryExpander{simple, fromDiscovery}
	merged, ok := union.Expand("all")
	require.True(t, ok)
	assert.Equal(t, []schema.GroupResource{{Resource: "services"}, {Resource: "pods"}, {Group: "zoo.io", Resource: "pandas"}}, merged)
	animals, ok := union.Expand("animals")
	assert.True(t, ok)
	assert.Len(t, animals, 1)
	none, ok := union.Expand("nosuch")
	assert.False(t, ok)
	assert.Empty(t, none)
}
