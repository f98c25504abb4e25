package disk

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	openapi_v2 "github.com/google/gnostic-models/openapiv2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/version"
	"k8s.io/klog/v2"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/discovery/cached/memory"
	"github.com/kclient/kclient/openapi"
	restclient "github.com/kclient/kclient/rest"
)

// CachedDiscoveryClient answers discovery questions from files on disk when
// they are younger than the TTL, and from the server (through an in-memory
// cache) otherwise, writing what it fetched back to disk. It is safe for
// concurrent use, also by several processes sharing a directory.
type CachedDiscoveryClient struct {
	delegate discovery.DiscoveryInterfaceWithContext
	// invalidateDelegate invalidates the in-memory cache in front of the server.
	invalidateDelegate func(context.Context)
	dir                string
	ttl                time.Duration

	mu sync.Mutex
	// ours records the files this client wrote since the last Invalidate.
	ours map[string]struct{}
	// invalidated: only ours may be read.
	invalidated bool
	// fresh: everything returned so far was fetched by this client.
	fresh bool
}

var (
	_ discovery.CachedDiscoveryInterface            = &CachedDiscoveryClient{}
	_ discovery.CachedDiscoveryInterfaceWithContext = &CachedDiscoveryClient{}
)

// NewCachedDiscoveryClientForConfig returns a discovery client for config
// that caches discovery documents under discoveryCacheDir (the current
// directory if empty) for ttl. If httpCacheDir is not empty, the client's
// requests also go through an on-disk HTTP cache there, which revalidates
// responses with their ETag (OpenAPI documents in particular). config is not
// modified.
func NewCachedDiscoveryClientForConfig(config *restclient.Config, discoveryCacheDir, httpCacheDir string, ttl time.Duration) (*CachedDiscoveryClient, error) {
	if httpCacheDir != "" {
		config = restclient.CopyConfig(config)
		config.Wrap(func(rt http.RoundTripper) http.RoundTripper {
			return newHTTPCache(httpCacheDir, rt)
		})
	}
	client, err := discovery.NewDiscoveryClientForConfig(config)
	if err != nil {
		return nil, err
	}
	mem := memory.NewMemCacheClientWithContext(client)
	return &CachedDiscoveryClient{
		delegate:           mem,
		invalidateDelegate: mem.(discovery.CachedDiscoveryInterfaceWithContext).InvalidateWithContext,
		dir:                discoveryCacheDir,
		ttl:                ttl,
		ours:               map[string]struct{}{},
		fresh:              true,
	}, nil
}

// readCached returns the contents of a cache file if it may be used: not
// expired, and written by this client if Invalidate was called.
func (d *CachedDiscoveryClient) readCached(filename string) ([]byte, error) {
	d.mu.Lock()
	_, ours := d.ours[filename]
	invalidated := d.invalidated
	d.mu.Unlock()
	if invalidated && !ours {
		return nil, errors.New("cache invalidated")
	}
	info, err := os.Stat(filename)
	if err != nil {
		return nil, err
	}
	if time.Now().After(info.ModTime().Add(d.ttl)) {
		return nil, errors.New("cache expired")
	}
	data, err := os.ReadFile(filename)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	d.fresh = d.fresh && ours
	d.mu.Unlock()
	return data, nil
}

// writeCached stores obj as JSON in filename atomically.
func (d *CachedDiscoveryClient) writeCached(filename string, obj any) error {
	data, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(filename, data); err != nil {
		return err
	}
	d.mu.Lock()
	d.ours[filename] = struct{}{}
	d.mu.Unlock()
	return nil
}

// ServerResourcesForGroupVersion is ServerResourcesForGroupVersionWithContext
// without a context.
func (d *CachedDiscoveryClient) ServerResourcesForGroupVersion(groupVersion string) (*metav1.APIResourceList, error) {
	return d.ServerResourcesForGroupVersionWithContext(context.Background(), groupVersion)
}

// ServerResourcesForGroupVersionWithContext returns the resources of one
// group-version from disk if possible, else from the server; non-empty live
// answers are written to disk.
func (d *CachedDiscoveryClient) ServerResourcesForGroupVersionWithContext(ctx context.Context, groupVersion string) (*metav1.APIResourceList, error) {
	logger := klog.FromContext(ctx)
	filename := filepath.Join(d.dir, groupVersion, "serverresources.json")
	if data, err := d.readCached(filename); err == nil {
		var cached metav1.APIResourceList
		if err := json.Unmarshal(data, &cached); err == nil {
			logger.V(10).Info("Returning cached discovery info", "path", filename)
			return &cached, nil
		}
	}
	live, err := d.delegate.ServerResourcesForGroupVersionWithContext(ctx, groupVersion)
	if err != nil {
		logger.V(3).Info("Skipped caching discovery info", "groupVersion", groupVersion, "err", err)
		return live, err
	}
	if live == nil || len(live.APIResources) == 0 {
		logger.V(3).Info("Skipped caching discovery info, no resources found", "groupVersion", groupVersion)
		return live, nil
	}
	if err := d.writeCached(filename, live); err != nil {
		logger.V(1).Info("Failed to write the discovery cache", "path", filename, "err", err)
	}
	return live, nil
}

// ServerGroups is ServerGroupsWithContext without a context.
func (d *CachedDiscoveryClient) ServerGroups() (*metav1.APIGroupList, error) {
	return d.ServerGroupsWithContext(context.Background())
}

// ServerGroupsWithContext returns the group list from disk if possible,
// else from the server; a non-empty live answer is written to disk.
func (d *CachedDiscoveryClient) ServerGroupsWithContext(ctx context.Context) (*metav1.APIGroupList, error) {
	logger := klog.FromContext(ctx)
	filename := filepath.Join(d.dir, "servergroups.json")
	if data, err := d.readCached(filename); err == nil {
		var cached metav1.APIGroupList
		if err := json.Unmarshal(data, &cached); err == nil {
			logger.V(10).Info("Returning cached discovery info", "path", filename)
			return &cached, nil
		}
	}
	live, err := d.delegate.ServerGroupsWithContext(ctx)
	if err != nil {
		return live, err
	}
	if live == nil || len(live.Groups) == 0 {
		return live, nil
	}
	if err := d.writeCached(filename, live); err != nil {
		logger.V(1).Info("Failed to write the discovery cache", "path", filename, "err", err)
	}
	return live, nil
}

// ServerGroupsAndResources is ServerGroupsAndResourcesWithContext without a
// context.
func (d *CachedDiscoveryClient) ServerGroupsAndResources() ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	return discovery.ServerGroupsAndResourcesWithContext(context.Background(), d)
}

// ServerGroupsAndResourcesWithContext returns all groups and resources,
// from disk where possible.
func (d *CachedDiscoveryClient) ServerGroupsAndResourcesWithContext(ctx context.Context) ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	return discovery.ServerGroupsAndResourcesWithContext(ctx, d)
}

// ServerPreferredResources is ServerPreferredResourcesWithContext without a
// context.
func (d *CachedDiscoveryClient) ServerPreferredResources() ([]*metav1.APIResourceList, error) {
	return discovery.ServerPreferredResourcesWithContext(context.Background(), d)
}

// ServerPreferredResourcesWithContext returns the preferred resources, from
// disk where possible.
func (d *CachedDiscoveryClient) ServerPreferredResourcesWithContext(ctx context.Context) ([]*metav1.APIResourceList, error) {
	return discovery.ServerPreferredResourcesWithContext(ctx, d)
}

// ServerPreferredNamespacedResources is
// ServerPreferredNamespacedResourcesWithContext without a context.
func (d *CachedDiscoveryClient) ServerPreferredNamespacedResources() ([]*metav1.APIResourceList, error) {
	return discovery.ServerPreferredNamespacedResourcesWithContext(context.Background(), d)
}

// ServerPreferredNamespacedResourcesWithContext returns the preferred
// namespaced resources, from disk where possible.
func (d *CachedDiscoveryClient) ServerPreferredNamespacedResourcesWithContext(ctx context.Context) ([]*metav1.APIResourceList, error) {
	return discovery.ServerPreferredNamespacedResourcesWithContext(ctx, d)
}

// ServerVersion asks the server (the version is not cached on disk).
func (d *CachedDiscoveryClient) ServerVersion() (*version.Info, error) {
	return d.delegate.ServerVersionWithContext(context.Background())
}

// ServerVersionWithContext asks the server (the version is not cached on disk).
func (d *CachedDiscoveryClient) ServerVersionWithContext(ctx context.Context) (*version.Info, error) {
	return d.delegate.ServerVersionWithContext(ctx)
}

// RESTClient returns the REST client of the underlying discovery client.
func (d *CachedDiscoveryClient) RESTClient() restclient.Interface {
	return d.delegate.RESTClient()
}

// OpenAPISchema fetches the OpenAPI v2 document, through the HTTP cache if
// one is configured.
func (d *CachedDiscoveryClient) OpenAPISchema() (*openapi_v2.Document, error) {
	return d.delegate.OpenAPISchemaWithContext(context.Background())
}

// OpenAPISchemaWithContext fetches the OpenAPI v2 document, through the HTTP
// cache if one is configured.
func (d *CachedDiscoveryClient) OpenAPISchemaWithContext(ctx context.Context) (*openapi_v2.Document, error) {
	return d.delegate.OpenAPISchemaWithContext(ctx)
}

// OpenAPIV3 returns a client for the OpenAPI v3 documents, fetched through
// the HTTP cache if one is configured.
func (d *CachedDiscoveryClient) OpenAPIV3() openapi.Client {
	return openapi.NewClient(d.delegate.RESTClient())
}

// OpenAPIV3WithContext returns a client for the OpenAPI v3 documents,
// fetched through the HTTP cache if one is configured.
func (d *CachedDiscoveryClient) OpenAPIV3WithContext(ctx context.Context) openapi.ClientWithContext {
	return d.delegate.OpenAPIV3WithContext(ctx)
}

// WithLegacy returns d: the disk cache has no legacy-only mode.
func (d *CachedDiscoveryClient) WithLegacy() discovery.DiscoveryInterface { return d }

// WithLegacyWithContext returns d: the disk cache has no legacy-only mode.
func (d *CachedDiscoveryClient) WithLegacyWithContext(context.Context) discovery.DiscoveryInterfaceWithContext {
	return d
}

// Fresh reports whether everything returned since the last Invalidate was
// fetched from the server by this client (false when something came from
// files written earlier, which may be outdated).
func (d *CachedDiscoveryClient) Fresh() bool { return d.FreshWithContext(context.Background()) }

// FreshWithContext is Fresh.
func (d *CachedDiscoveryClient) FreshWithContext(context.Context) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.fresh
}

// Invalidate stops the use of cache files not written by this client from
// now on, and clears the in-memory cache.
func (d *CachedDiscoveryClient) Invalidate() { d.InvalidateWithContext(context.Background()) }

// InvalidateWithContext is Invalidate.
func (d *CachedDiscoveryClient) InvalidateWithContext(ctx context.Context) {
	d.mu.Lock()
	d.ours = map[string]struct{}{}
	d.fresh = true
	d.invalidated = true
	d.mu.Unlock()
	if d.invalidateDelegate != nil {
		d.invalidateDelegate(ctx)
	}
}
