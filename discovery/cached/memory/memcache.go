// Package memory caches discovery results in memory. The cache fills on first
// use and serves every later call without contacting the server until
// Invalidate is called; it never falls back to a live lookup on a miss.
package memory

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"syscall"

	openapi_v2 "github.com/google/gnostic-models/openapiv2"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/apimachinery/pkg/version"
	"k8s.io/klog/v2"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/openapi"
	"github.com/kclient/kclient/openapi/cached"
	"github.com/kclient/kclient/rest"
)

// ErrCacheNotFound is returned by ServerResourcesForGroupVersion for a
// group-version the cached group list does not contain. Call Invalidate to
// look again.
var ErrCacheNotFound = errors.New("not found")

// entry is the cached outcome of discovering one group-version.
type entry struct {
	resources *metav1.APIResourceList
	err       error
}

// cache implements CachedDiscoveryInterface and its context variant. All
// methods are safe for concurrent use; returned values are shared with the
// cache and must not be modified.
type cache struct {
	delegate discovery.DiscoveryInterfaceWithContext
	// invalidate propagates Invalidate to a cached delegate, if any.
	invalidate func(ctx context.Context)

	mu         sync.Mutex
	valid      bool
	groups     *metav1.APIGroupList
	byGV       map[string]*entry
	aggregated bool // byGV came from one aggregated discovery response
	openapiV3  *cached.Client
}

var (
	_ discovery.CachedDiscoveryInterface                = &cache{}
	_ discovery.CachedDiscoveryInterfaceWithContext     = &cache{}
	_ discovery.AggregatedDiscoveryInterface            = &cache{}
	_ discovery.AggregatedDiscoveryInterfaceWithContext = &cache{}
)

// NewMemCacheClient returns a CachedDiscoveryInterface that caches what
// delegate discovers. It stays current only if Invalidate is called when the
// server's APIs may have changed (the restmapper does so on a miss).
func NewMemCacheClient(delegate discovery.DiscoveryInterface) discovery.CachedDiscoveryInterface {
	c := &cache{delegate: discovery.ToDiscoveryInterfaceWithContext(delegate)}
	if cd, ok := delegate.(discovery.CachedDiscoveryInterface); ok {
		c.invalidate = func(context.Context) { cd.Invalidate() }
	}
	return c
}

// NewMemCacheClientWithContext is NewMemCacheClient for a context-aware
// delegate.
func NewMemCacheClientWithContext(delegate discovery.DiscoveryInterfaceWithContext) discovery.CachedDiscoveryInterfaceWithContext {
	c := &cache{delegate: delegate}
	if cd, ok := delegate.(discovery.CachedDiscoveryInterfaceWithContext); ok {
		c.invalidate = cd.InvalidateWithContext
	}
	return c
}

// refreshLocked fills the cache: from one aggregated response when the
// delegate offers it, otherwise with one request per group-version,
// concurrently. Callers hold c.mu.
func (c *cache) refreshLocked(ctx context.Context) error {
	var groups *metav1.APIGroupList
	var err error
	if ad, ok := c.delegate.(discovery.AggregatedDiscoveryInterfaceWithContext); ok {
		var resources map[schema.GroupVersion]*metav1.APIResourceList
		var failed map[schema.GroupVersion]error
		groups, resources, failed, err = ad.GroupsAndMaybeResourcesWithContext(ctx)
		if err == nil && resources != nil {
			byGV := make(map[string]*entry, len(resources)+len(failed))
			for gv, rl := range resources {
				byGV[gv.String()] = &entry{resources: rl}
			}
			for gv, ferr := range failed {
				byGV[gv.String()] = &entry{err: ferr}
			}
			c.groups, c.byGV, c.aggregated, c.valid = groups, byGV, true, true
			return nil
		}
	} else {
		groups, err = c.delegate.ServerGroupsWithContext(ctx)
	}
	if err != nil {
		return fmt.Errorf("couldn't get current server API group list: %w", err)
	}
	if groups == nil || len(groups.Groups) == 0 {
		return fmt.Errorf("couldn't get current server API group list: the server lists no API groups")
	}

	byGV := map[string]*entry{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, g := range groups.Groups {
		for _, v := range g.Versions {
			wg.Add(1)
			go func(gv string) {
				defer wg.Done()
				rl, err := c.fetch(ctx, gv)
				if err != nil {
					klog.FromContext(ctx).V(2).Info("Discovery of a group-version failed", "groupVersion", gv, "err", err)
				}
				mu.Lock()
				byGV[gv] = &entry{rl, err}
				mu.Unlock()
			}(v.GroupVersion)
		}
	}
	wg.Wait()
	c.groups, c.byGV, c.aggregated, c.valid = groups, byGV, false, true
	return nil
}

// fetch asks the delegate for one group-version; an empty list counts as a
// failure so that it is retried after Invalidate.
func (c *cache) fetch(ctx context.Context, gv string) (*metav1.APIResourceList, error) {
	rl, err := c.delegate.ServerResourcesForGroupVersionWithContext(ctx, gv)
	if err != nil {
		return rl, err
	}
	if len(rl.APIResources) == 0 {
		return rl, fmt.Errorf("Got empty response for: %v", gv) //nolint:staticcheck // message kept for compatibility
	}
	return rl, nil
}

// isTransient reports errors worth asking again for even from a valid cache:
// connection failures, 5xx and 429 responses.
func isTransient(err error) bool {
	if utilnet.IsConnectionReset(err) || utilnet.IsConnectionRefused(err) || errors.Is(err, syscall.ECONNRESET) {
		return true
	}
	var status apierrors.APIStatus
	if errors.As(err, &status) && status.Status().Code >= 500 {
		return true
	}
	return apierrors.IsTooManyRequests(err)
}

func (c *cache) ServerResourcesForGroupVersion(groupVersion string) (*metav1.APIResourceList, error) {
	return c.ServerResourcesForGroupVersionWithContext(context.Background(), groupVersion)
}

// ServerResourcesForGroupVersionWithContext answers from the cache, filling
// it first if needed. A group-version that failed transiently is asked for
// again.
func (c *cache) ServerResourcesForGroupVersionWithContext(ctx context.Context, groupVersion string) (*metav1.APIResourceList, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.valid {
		if err := c.refreshLocked(ctx); err != nil {
			return nil, err
		}
	}
	e, ok := c.byGV[groupVersion]
	if !ok {
		return nil, ErrCacheNotFound
	}
	if e.err != nil && isTransient(e.err) {
		rl, err := c.fetch(ctx, groupVersion)
		e = &entry{rl, err}
		c.byGV[groupVersion] = e
	}
	return e.resources, e.err
}

func (c *cache) ServerGroups() (*metav1.APIGroupList, error) {
	return c.ServerGroupsWithContext(context.Background())
}

// ServerGroupsWithContext returns the cached group list, filling the cache
// first if needed.
func (c *cache) ServerGroupsWithContext(ctx context.Context) (*metav1.APIGroupList, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.groups == nil || !c.valid {
		if err := c.refreshLocked(ctx); err != nil {
			return nil, err
		}
	}
	return c.groups, nil
}

func (c *cache) GroupsAndMaybeResources() (*metav1.APIGroupList, map[schema.GroupVersion]*metav1.APIResourceList, map[schema.GroupVersion]error, error) {
	return c.GroupsAndMaybeResourcesWithContext(context.Background())
}

// GroupsAndMaybeResourcesWithContext returns the cached groups and, when the
// cache was filled from aggregated discovery, the cached resources and
// failures.
func (c *cache) GroupsAndMaybeResourcesWithContext(ctx context.Context) (*metav1.APIGroupList, map[schema.GroupVersion]*metav1.APIResourceList, map[schema.GroupVersion]error, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.valid {
		if err := c.refreshLocked(ctx); err != nil {
			return nil, nil, nil, err
		}
	}
	if !c.aggregated {
		return c.groups, nil, nil, nil
	}
	resources := make(map[schema.GroupVersion]*metav1.APIResourceList, len(c.byGV))
	failed := map[schema.GroupVersion]error{}
	for key, e := range c.byGV {
		gv, err := schema.ParseGroupVersion(key)
		if err != nil {
			continue
		}
		if e.err != nil {
			failed[gv] = e.err
		} else {
			resources[gv] = e.resources
		}
	}
	return c.groups, resources, failed, nil
}

func (c *cache) ServerGroupsAndResources() ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	return discovery.ServerGroupsAndResourcesWithContext(context.Background(), c)
}

// ServerGroupsAndResourcesWithContext answers from the cache.
func (c *cache) ServerGroupsAndResourcesWithContext(ctx context.Context) ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	return discovery.ServerGroupsAndResourcesWithContext(ctx, c)
}

func (c *cache) ServerPreferredResources() ([]*metav1.APIResourceList, error) {
	return discovery.ServerPreferredResourcesWithContext(context.Background(), c)
}

// ServerPreferredResourcesWithContext answers from the cache.
func (c *cache) ServerPreferredResourcesWithContext(ctx context.Context) ([]*metav1.APIResourceList, error) {
	return discovery.ServerPreferredResourcesWithContext(ctx, c)
}

func (c *cache) ServerPreferredNamespacedResources() ([]*metav1.APIResourceList, error) {
	return discovery.ServerPreferredNamespacedResourcesWithContext(context.Background(), c)
}

// ServerPreferredNamespacedResourcesWithContext answers from the cache.
func (c *cache) ServerPreferredNamespacedResourcesWithContext(ctx context.Context) ([]*metav1.APIResourceList, error) {
	return discovery.ServerPreferredNamespacedResourcesWithContext(ctx, c)
}

// ServerVersion is not cached.
func (c *cache) ServerVersion() (*version.Info, error) {
	return c.delegate.ServerVersionWithContext(context.Background())
}

// ServerVersionWithContext is not cached.
func (c *cache) ServerVersionWithContext(ctx context.Context) (*version.Info, error) {
	return c.delegate.ServerVersionWithContext(ctx)
}

// OpenAPISchema is not cached.
func (c *cache) OpenAPISchema() (*openapi_v2.Document, error) {
	return c.delegate.OpenAPISchemaWithContext(context.Background())
}

// OpenAPISchemaWithContext is not cached.
func (c *cache) OpenAPISchemaWithContext(ctx context.Context) (*openapi_v2.Document, error) {
	return c.delegate.OpenAPISchemaWithContext(ctx)
}

// OpenAPIV3 returns a client that fetches the OpenAPI v3 index and each
// document once, until Invalidate.
func (c *cache) OpenAPIV3() openapi.Client {
	return c.openAPIV3(context.Background())
}

// OpenAPIV3WithContext is OpenAPIV3.
func (c *cache) OpenAPIV3WithContext(ctx context.Context) openapi.ClientWithContext {
	return c.openAPIV3(ctx)
}

func (c *cache) openAPIV3(ctx context.Context) *cached.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.openapiV3 == nil {
		c.openapiV3 = cached.NewClientWithContext(c.delegate.OpenAPIV3WithContext(ctx))
	}
	return c.openapiV3
}

// RESTClient returns the delegate's REST client.
func (c *cache) RESTClient() rest.Interface { return c.delegate.RESTClient() }

// WithLegacy returns c itself: the cache has no legacy-only mode.
func (c *cache) WithLegacy() discovery.DiscoveryInterface { return c }

// WithLegacyWithContext returns c itself: the cache has no legacy-only mode.
func (c *cache) WithLegacyWithContext(context.Context) discovery.DiscoveryInterfaceWithContext {
	return c
}

// Fresh reports whether the cache was filled since the last Invalidate.
func (c *cache) Fresh() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.valid
}

// FreshWithContext is Fresh.
func (c *cache) FreshWithContext(context.Context) bool { return c.Fresh() }

// Invalidate drops the cached data (and invalidates a cached delegate) so
// the next call asks the server again.
func (c *cache) Invalidate() { c.InvalidateWithContext(context.Background()) }

// InvalidateWithContext is Invalidate.
func (c *cache) InvalidateWithContext(ctx context.Context) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.valid, c.groups, c.byGV, c.aggregated, c.openapiV3 = false, nil, nil, false, nil
	if c.invalidate != nil {
		c.invalidate(ctx)
	}
}
