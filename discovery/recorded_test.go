package discovery_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apidiscovery "k8s.io/api/apidiscovery/v2"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/rest"
)

// recorded reads an aggregated discovery document recorded from
// kube-apiserver v1.37 (testdata/*.json.gz; built-in groups only).
func recorded(tb testing.TB, name string) []byte {
	f, err := os.Open("testdata/" + name + ".json.gz")
	require.NoError(tb, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(tb, err)
	data, err := io.ReadAll(zr)
	require.NoError(tb, err)
	return data
}

// recordedServer serves the recorded /api and /apis documents in the
// aggregated format.
func recordedServer(tb testing.TB) *discovery.DiscoveryClient {
	api, apis := recorded(tb, "aggregated_api"), recorded(tb, "aggregated_apis")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", discovery.AcceptV2)
		switch r.URL.Path {
		case "/api":
			_, _ = w.Write(api)
		case "/apis":
			_, _ = w.Write(apis)
		default:
			http.NotFound(w, r)
		}
	}))
	tb.Cleanup(srv.Close)
	client, err := discovery.NewDiscoveryClientForConfig(&rest.Config{Host: srv.URL, QPS: -1})
	require.NoError(tb, err)
	return client
}

func TestRecordedAggregatedDocuments(t *testing.T) {
	groups, lists, err := recordedServer(t).ServerGroupsAndResources()
	require.NoError(t, err)
	assert.Equal(t, "", groups[0].Name)
	gvrs, err := discovery.GroupVersionResources(lists)
	require.NoError(t, err)
	for _, want := range []schema.GroupVersionResource{
		{Version: "v1", Resource: "pods"},
		{Version: "v1", Resource: "pods/log"},
		{Group: "apps", Version: "v1", Resource: "deployments/scale"},
		{Group: "autoscaling", Version: "v1", Resource: "horizontalpodautoscalers"},
		{Group: "autoscaling", Version: "v2", Resource: "horizontalpodautoscalers"},
	} {
		assert.Contains(t, gvrs, want)
	}
}

func BenchmarkAggregatedDiscovery(b *testing.B) {
	client := recordedServer(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := client.ServerGroupsAndResources(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSplitGroupsAndResources(b *testing.B) {
	var list apidiscovery.APIGroupDiscoveryList
	require.NoError(b, json.NewDecoder(bytes.NewReader(recorded(b, "aggregated_apis"))).Decode(&list))
	b.ReportAllocs()
	for b.Loop() {
		discovery.SplitGroupsAndResources(list)
	}
}
