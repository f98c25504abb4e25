package memory_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/discovery/cached/memory"
	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/rest"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// countingClient returns a discovery client for the test cluster whose
// requests are counted.
func countingClient(t *testing.T) (*discovery.DiscoveryClient, *atomic.Int64) {
	c := testcluster.Get(t)
	cfg := &rest.Config{Host: c.Host, TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData}}
	var n atomic.Int64
	cfg.Wrap(func(rt http.RoundTripper) http.RoundTripper {
		return roundTripperFunc(func(r *http.Request) (*http.Response, error) {
			n.Add(1)
			return rt.RoundTrip(r)
		})
	})
	client, err := discovery.NewDiscoveryClientForConfig(cfg)
	require.NoError(t, err)
	return client, &n
}

func TestCacheServesRepeatedCallsWithoutRequests(t *testing.T) {
	client, requests := countingClient(t)
	for name, delegate := range map[string]discovery.DiscoveryInterface{"aggregated": client, "legacy": client.WithLegacy()} {
		t.Run(name, func(t *testing.T) {
			cache := memory.NewMemCacheClient(delegate)
			assert.False(t, cache.Fresh(), "nothing cached yet")

			requests.Store(0)
			_, first, err := cache.ServerGroupsAndResources()
			require.NoError(t, err)
			filled := requests.Load()
			assert.Positive(t, filled)
			assert.True(t, cache.Fresh())

			_, again, err := cache.ServerGroupsAndResources()
			require.NoError(t, err)
			_, err = cache.ServerGroups()
			require.NoError(t, err)
			_, err = cache.ServerPreferredResources()
			require.NoError(t, err)
			rl, err := cache.ServerResourcesForGroupVersion("apps/v1")
			require.NoError(t, err)
			assert.NotEmpty(t, rl.APIResources)
			assert.Equal(t, filled, requests.Load(), "served from memory")
			assert.Equal(t, len(first), len(again))

			_, err = cache.ServerResourcesForGroupVersion("nosuch.example.com/v1")
			assert.ErrorIs(t, err, memory.ErrCacheNotFound)

			cache.Invalidate()
			assert.False(t, cache.Fresh())
			_, err = cache.ServerGroups()
			require.NoError(t, err)
			assert.Greater(t, requests.Load(), filled, "Invalidate makes the next call ask the server")
		})
	}
}

func TestCacheIsSafeForConcurrentUse(t *testing.T) {
	client, requests := countingClient(t)
	cache := memory.NewMemCacheClient(client)
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%4 == 0 {
				cache.Invalidate()
			}
			_, _, err := cache.ServerGroupsAndResources()
			assert.NoError(t, err)
			_, err = cache.ServerResourcesForGroupVersion("v1")
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	assert.Positive(t, requests.Load())
}

// TestTransientFailuresAreRetried: a group-version that failed with a 5xx is
// asked for again on the next lookup, while the rest stays cached.
func TestTransientFailuresAreRetried(t *testing.T) {
	var flakyCalls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api":
			fmt.Fprint(w, `{"versions":["v1"]}`)
		case "/apis":
			fmt.Fprint(w, `{"groups":[{"name":"flaky.io","versions":[{"groupVersion":"flaky.io/v1","version":"v1"}],"preferredVersion":{"groupVersion":"flaky.io/v1","version":"v1"}}]}`)
		case "/api/v1":
			fmt.Fprint(w, `{"groupVersion":"v1","resources":[{"name":"pods","namespaced":true,"kind":"Pod","verbs":["get"]}]}`)
		case "/apis/flaky.io/v1":
			if flakyCalls.Add(1) == 1 {
				w.WriteHeader(http.StatusServiceUnavailable)
				fmt.Fprint(w, `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"ServiceUnavailable","code":503}`)
				return
			}
			fmt.Fprint(w, `{"groupVersion":"flaky.io/v1","resources":[{"name":"flakes","namespaced":false,"kind":"Flake","verbs":["get"]}]}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	client, err := discovery.NewDiscoveryClientForConfig(&rest.Config{Host: srv.URL})
	require.NoError(t, err)
	cache := memory.NewMemCacheClient(client)

	// Filling the cache meets the failure...
	groups, err := cache.ServerGroups()
	require.NoError(t, err)
	assert.Len(t, groups.Groups, 2)
	assert.EqualValues(t, 1, flakyCalls.Load())
	assert.True(t, cache.Fresh())

	// ...and the lookup asks again instead of returning the cached 503.

	rl, err := cache.ServerResourcesForGroupVersion("flaky.io/v1")
	require.NoError(t, err)
	assert.Equal(t, "flakes", rl.APIResources[0].Name)
	assert.EqualValues(t, 2, flakyCalls.Load())
	_, err = cache.ServerResourcesForGroupVersion("flaky.io/v1")
	require.NoError(t, err)
	assert.EqualValues(t, 2, flakyCalls.Load(), "a success stays cached")
}
