package discovery_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apidiscovery "k8s.io/api/apidiscovery/v2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/rest"
)

// fakeServer serves fixed bodies by path; other paths are 404.
func fakeServer(t *testing.T, routes map[string]struct{ contentType, body string }) *discovery.DiscoveryClient {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route, ok := routes[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", route.contentType)
		fmt.Fprint(w, route.body)
	}))
	t.Cleanup(srv.Close)
	client, err := discovery.NewDiscoveryClientForConfig(&rest.Config{Host: srv.URL})
	require.NoError(t, err)
	return client
}

func TestBadDiscoveryDocumentsNameTheURL(t *testing.T) {
	apiOK := struct{ contentType, body string }{"application/json", `{"kind":"APIVersions","versions":["v1"]}`}
	tests := []struct {
		name    string
		apis    struct{ contentType, body string }
		wantErr string
	}{
		{"html page", struct{ contentType, body string }{"text/html", "<html><body>Login</body></html>"}, `expected JSON, got content type "text/html"`},
		{"garbage json", struct{ contentType, body string }{"application/json", "{{{not json"}, "is not valid JSON"},
		{"garbage aggregated", struct{ contentType, body string }{discovery.AcceptV2, "<<<"}, "aggregated discovery document"},
		{"malformed content type", struct{ contentType, body string }{"application/json; =;", "{}"}, "invalid content type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := fakeServer(t, map[string]struct{ contentType, body string }{"/api": apiOK, "/apis": tt.apis})
			_, err := client.ServerGroups()
			require.Error(t, err)
			assert.ErrorContains(t, err, tt.wantErr)
			assert.ErrorContains(t, err, "/apis", "the error names the URL")
			_, _, err = client.ServerGroupsAndResources()
			require.Error(t, err)
			assert.False(t, discovery.IsGroupDiscoveryFailedError(err))
		})
	}
}

func TestLegacyDiscoveryPartialFailure(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api":
			fmt.Fprint(w, `{"versions":["v1"]}`)
		case "/apis":
			fmt.Fprint(w, `{"groups":[{"name":"good.io","versions":[{"groupVersion":"good.io/v1","version":"v1"}],"preferredVersion":{"groupVersion":"good.io/v1","version":"v1"}},
			  {"name":"bad.io","versions":[{"groupVersion":"bad.io/v1","version":"v1"}],"preferredVersion":{"groupVersion":"bad.io/v1","version":"v1"}}]}`)
		case "/api/v1":
			fmt.Fprint(w, `{"groupVersion":"v1","resources":[{"name":"pods","namespaced":true,"kind":"Pod","verbs":["get","list"]}]}`)
		case "/apis/good.io/v1":
			fmt.Fprint(w, `{"groupVersion":"good.io/v1","resources":[{"name":"widgets","namespaced":false,"kind":"Widget","verbs":["get"]}]}`)
		default:
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprint(w, `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"ServiceUnavailable","code":503,"message":"backend down"}`)
		}
	}))
	defer srv.Close()
	client, err := discovery.NewDiscoveryClientForConfig(&rest.Config{Host: srv.URL})
	require.NoError(t, err)

	groups, rls, err := client.ServerGroupsAndResources()
	require.Error(t, err)
	failed, ok := discovery.GroupDiscoveryFailedErrorGroups(err)
	require.True(t, ok)
	assert.Len(t, failed, 1)
	assert.Contains(t, failed, schema.GroupVersion{Group: "bad.io", Version: "v1"})
	assert.True(t, errors.Is(err, &discovery.ErrGroupDiscoveryFailed{}))
	assert.Len(t, groups, 3)
	gvrs, err := discovery.GroupVersionResources(rls)
	require.NoError(t, err)
	assert.Equal(t, map[schema.GroupVersionResource]struct{}{
		{Version: "v1", Resource: "pods"}:                      {},
		{Group: "good.io", Version: "v1", Resource: "widgets"}: {},
	}, gvrs)
}

func TestContentTypeIsGVK(t *testing.T) {
	gvk := schema.GroupVersionKind{Group: "apidiscovery.k8s.io", Version: "v2", Kind: "APIGroupDiscoveryList"}
	tests := []struct {
		contentType string
		want        bool
		wantErr     bool
	}{
		{"application/json; g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", true, false},
		{"application/json; as=APIGroupDiscoveryList;v=v2;g=apidiscovery.k8s.io;charset=utf-8", true, false},
		{"application/json", false, false},
		{"application/json; charset=UTF-8", false, false},
		{"application/yaml; g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", false, false},
		{"application/json; g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList", false, false},
		{"malformed content type string", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.contentType, func(t *testing.T) {
			got, err := discovery.ContentTypeIsGVK(tt.contentType, gvk)
			assert.Equal(t, tt.wantErr, err != nil, "err: %v", err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSplitGroupsAndResources(t *testing.T) {
	in := apidiscovery.APIGroupDiscoveryList{Items: []apidiscovery.APIGroupDiscovery{{
		ObjectMeta: metav1.ObjectMeta{Name: "apps"},
		Versions: []apidiscovery.APIVersionDiscovery{
			{Version: "v2", Freshness: apidiscovery.DiscoveryFreshnessStale},
			{Version: "v1", Freshness: apidiscovery.DiscoveryFreshnessCurrent, Resources: []apidiscovery.APIResourceDiscovery{{
				Resource: "deployments", SingularResource: "deployment", Scope: apidiscovery.ScopeNamespace,
				ResponseKind: &metav1.GroupVersionKind{Group: "apps", Version: "v1", Kind: "Deployment"},
				Verbs:        []string{"get", "list"}, ShortNames: []string{"deploy"}, Categories: []string{"all"},
				Subresources: []apidiscovery.APISubresourceDiscovery{
					{Subresource: "scale", ResponseKind: &metav1.GroupVersionKind{Group: "autoscaling", Version: "v1", Kind: "Scale"}, Verbs: []string{"get"}},
					{Subresource: "nokind"},
				},
			}, {Resource: "nokind", Scope: apidiscovery.ScopeCluster}}},
		},
	}}}
	groups, resources, failed := discovery.SplitGroupsAndResources(in)

	require.Len(t, groups.Groups, 1)
	assert.Equal(t, metav1.APIGroup{
		Name:             "apps",
		Versions:         []metav1.GroupVersionForDiscovery{{GroupVersion: "apps/v1", Version: "v1"}},
		PreferredVersion: metav1.GroupVersionForDiscovery{GroupVersion: "apps/v1", Version: "v1"},
	}, groups.Groups[0])
	v2 := schema.GroupVersion{Group: "apps", Version: "v2"}
	require.Contains(t, failed, v2)
	assert.EqualError(t, failed[v2], "stale GroupVersion discovery: apps/v2")
	assert.Equal(t, &metav1.APIResourceList{GroupVersion: "apps/v1", APIResources: []metav1.APIResource{
		{Name: "deployments", SingularName: "deployment", Namespaced: true, Group: "apps", Version: "v1", Kind: "Deployment",
			Verbs: []string{"get", "list"}, ShortNames: []string{"deploy"}, Categories: []string{"all"}},
		{Name: "deployments/scale", SingularName: "deployment", Namespaced: true, Group: "autoscaling", Version: "v1", Kind: "Scale", Verbs: []string{"get"}},
	}}, resources[schema.GroupVersion{Group: "apps", Version: "v1"}])
}

func TestErrGroupDiscoveryFailedMessageIsSorted(t *testing.T) {
	err := &discovery.ErrGroupDiscoveryFailed{Groups: map[schema.GroupVersion]error{
		{Group: "b.io", Version: "v1"}: errors.New("down"),
		{Group: "a.io", Version: "v1"}: errors.New("stale"),
	}}
	assert.EqualError(t, err, "unable to retrieve the complete list of server APIs: a.io/v1: stale, b.io/v1: down")
	wrapped := fmt.Errorf("context: %w", err)
	assert.True(t, discovery.IsGroupDiscoveryFailedError(wrapped))
	assert.False(t, discovery.IsGroupDiscoveryFailedError(errors.New("other")))
	assert.False(t, discovery.IsGroupDiscoveryFailedError(nil))
}

func TestFilteredByAndSupportsAllVerbs(t *testing.T) {
	rls := []*metav1.APIResourceList{
		{GroupVersion: "v1", APIResources: []metav1.APIResource{
			{Name: "pods", Verbs: []string{"get", "list", "watch"}},
			{Name: "bindings", Verbs: []string{"create"}},
		}},
		{GroupVersion: "x.io/v1", APIResources: []metav1.APIResource{{Name: "things", Verbs: []string{"get"}}}},
	}
	got := discovery.FilteredBy(discovery.SupportsAllVerbs{Verbs: []string{"list", "watch"}}, rls)
	require.Len(t, got, 1, "lists left empty are dropped")
	assert.Equal(t, "v1", got[0].GroupVersion)
	assert.Equal(t, []metav1.APIResource{{Name: "pods", Verbs: []string{"get", "list", "watch"}}}, got[0].APIResources)
	assert.Len(t, rls[0].APIResources, 2, "input is not modified")

	_, err := discovery.GroupVersionResources([]*metav1.APIResourceList{{GroupVersion: "a/b/c"}})
	assert.Error(t, err)
}
