package discovery_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/rest"
)

func TestAcceptHeaders(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]string{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.URL.Path] = r.Header.Get("Accept")
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	newClient := func() *discovery.DiscoveryClient {
		c, err := discovery.NewDiscoveryClientForConfig(&rest.Config{Host: srv.URL})
		require.NoError(t, err)
		return c
	}
	noPeer := newClient()
	noPeer.NoPeerDiscovery = true
	tests := []struct {
		name   string
		client discovery.DiscoveryInterface
		want   string
	}{
		{"aggregated first", newClient(), discovery.AcceptV2 + "," + discovery.AcceptV1},
		{"no peer", noPeer, discovery.AcceptV2NoPeer + "," + discovery.AcceptV1},
		{"legacy only", newClient().WithLegacy(), discovery.AcceptV1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.client.ServerGroups()
			require.NoError(t, err)
			mu.Lock()
			defer mu.Unlock()
			assert.Equal(t, tt.want, seen["/api"])
			assert.Equal(t, tt.want, seen["/apis"])
		})
	}
	assert.Equal(t, "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", discovery.AcceptV2)
}
