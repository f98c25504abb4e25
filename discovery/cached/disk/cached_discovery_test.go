package disk_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/discovery/cached/disk"
	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/rest"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// recorder counts the requests that reach the network and their statuses.
type recorder struct {
	mu       sync.Mutex
	requests []string
}

func (r *recorder) wrap(rt http.RoundTripper) http.RoundTripper {
	return roundTripperFunc(func(req *http.Request) (*http.Response, error) {
		resp, err := rt.RoundTrip(req)
		r.mu.Lock()
		defer r.mu.Unlock()
		if err == nil {
			r.requests = append(r.requests, req.URL.Path+" "+resp.Status)
		}
		return resp, err
	})
}

func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.requests
	r.requests = nil
	return out
}

func clusterConfig(t *testing.T, rec *recorder) *rest.Config {
	c := testcluster.Get(t)
	cfg := &rest.Config{Host: c.Host, TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData}}
	cfg.Wrap(rec.wrap)
	return cfg
}

func TestSecondRunIsServedFromDisk(t *testing.T) {
	rec := &recorder{}
	cfg := clusterConfig(t, rec)
	dir := t.TempDir()
	discoveryDir, httpDir := filepath.Join(dir, "discovery", "127.0.0.1_6443"), filepath.Join(dir, "http")

	first, err := disk.NewCachedDiscoveryClientForConfig(cfg, discoveryDir, httpDir, 10*time.Minute)
	require.NoError(t, err)
	groups, lists, err := first.ServerGroupsAndResources()
	require.NoError(t, err)
	assert.NotEmpty(t, rec.take(), "the first run asks the server")
	assert.True(t, first.Fresh())
	assert.FileExists(t, filepath.Join(discoveryDir, "servergroups.json"))
	assert.FileExists(t, filepath.Join(discoveryDir, "apps", "v1", "serverresources.json"))
	assert.FileExists(t, filepath.Join(discoveryDir, "v1", "serverresources.json"))

	// A new client (think: the next kubectl run) sends no request at all.
	second, err := disk.NewCachedDiscoveryClientForConfig(cfg, discoveryDir, httpDir, 10*time.Minute)
	require.NoError(t, err)
	groups2, lists2, err := second.ServerGroupsAndResources()
	require.NoError(t, err)
	_, err = second.ServerPreferredResources()
	require.NoError(t, err)
	rl, err := second.ServerResourcesForGroupVersion("apps/v1")
	require.NoError(t, err)
	assert.NotEmpty(t, rl.APIResources)
	assert.Empty(t, rec.take(), "served from disk")
	assert.Len(t, groups2, len(groups))
	assert.Len(t, lists2, len(lists))
	assert.False(t, second.Fresh(), "data from an earlier run may be stale")

	// After Invalidate only files written by this client count.
	second.Invalidate()
	assert.True(t, second.Fresh())
	_, _, err = second.ServerGroupsAndResources()
	require.NoError(t, err)
	assert.NotEmpty(t, rec.take())
	assert.True(t, second.Fresh())
	_, _, err = second.ServerGroupsAndResources()
	require.NoError(t, err)
	assert.Empty(t, rec.take(), "its own files are used again")

	// An expired cache is ignored.
	expired, err := disk.NewCachedDiscoveryClientForConfig(cfg, discoveryDir, "", time.Nanosecond)
	require.NoError(t, err)
	_, err = expired.ServerGroups()
	require.NoError(t, err)
	assert.NotEmpty(t, rec.take())
}

func TestOpenAPIGoesThroughTheHTTPCache(t *testing.T) {
	rec := &recorder{}
	cfg := clusterConfig(t, rec)
	dir := t.TempDir()
	first, err := disk.NewCachedDiscoveryClientForConfig(cfg, filepath.Join(dir, "d"), filepath.Join(dir, "http"), time.Minute)
	require.NoError(t, err)
	doc, err := first.OpenAPISchema()
	require.NoError(t, err)
	require.NotNil(t, doc.Info)
	assert.Equal(t, []string{"/openapi/v2 200 OK"}, rec.take())

	second, err := disk.NewCachedDiscoveryClientForConfig(cfg, filepath.Join(dir, "d"), filepath.Join(dir, "http"), time.Minute)
	require.NoError(t, err)
	doc2, err := second.OpenAPISchema()
	require.NoError(t, err)
	assert.Equal(t, doc.Info.Version, doc2.Info.Version)
	assert.Equal(t, []string{"/openapi/v2 304 Not Modified"}, rec.take(), "revalidated with the ETag, body from disk")

	paths, err := second.OpenAPIV3().Paths()
	require.NoError(t, err)
	rec.take()
	apps := paths["apis/apps/v1"]
	require.NotNil(t, apps)
	schema1, err := apps.Schema("application/json")
	require.NoError(t, err)
	fetched := rec.take()
	require.Len(t, fetched, 1)
	assert.True(t, strings.HasPrefix(fetched[0], "/openapi/v3/apis/apps/v1 200"), fetched[0])
	schema2, err := apps.Schema("application/json")
	require.NoError(t, err)
	assert.Equal(t, schema1, schema2)
	assert.Empty(t, rec.take(), "content-addressed v3 documents are immutable")
}
