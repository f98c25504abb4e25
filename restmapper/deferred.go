package restmapper

import (
	"context"
	"fmt"
	"sync"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/klog/v2"

	"github.com/kclient/kclient/discovery"
)

// DeferredDiscoveryRESTMapper is a RESTMapper built from a cached discovery
// client on first use. When a lookup misses and the cache is not fresh (its
// data may predate the object asked for), it invalidates the cache, rebuilds
// itself and tries once more. It is safe for concurrent use.
type DeferredDiscoveryRESTMapper struct {
	mu       sync.Mutex
	delegate meta.RESTMapperWithContext
	cl       discovery.CachedDiscoveryInterfaceWithContext
}

var (
	_ meta.ResettableRESTMapper            = &DeferredDiscoveryRESTMapper{}
	_ meta.ResettableRESTMapperWithContext = &DeferredDiscoveryRESTMapper{}
	_ fmt.Stringer                         = &DeferredDiscoveryRESTMapper{}
)

// NewDeferredDiscoveryRESTMapper returns a mapper over cl. Nothing is fetched
// until the first lookup.
func NewDeferredDiscoveryRESTMapper(cl discovery.CachedDiscoveryInterface) *DeferredDiscoveryRESTMapper {
	return &DeferredDiscoveryRESTMapper{cl: discovery.ToCachedDiscoveryInterfaceWithContext(cl)}
}

// NewDeferredDiscoveryRESTMapperWithContext returns a mapper over cl.
func NewDeferredDiscoveryRESTMapperWithContext(cl discovery.CachedDiscoveryInterfaceWithContext) *DeferredDiscoveryRESTMapper {
	return &DeferredDiscoveryRESTMapper{cl: cl}
}

// mapper returns the delegate, building it if needed.
func (d *DeferredDiscoveryRESTMapper) mapper(ctx context.Context) (meta.RESTMapperWithContext, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.delegate != nil {
		return d.delegate, nil
	}
	groups, err := GetAPIGroupResourcesWithContext(ctx, d.cl)
	if err != nil {
		return nil, err
	}
	d.delegate = NewDiscoveryRESTMapperWithContext(groups)
	return d.delegate, nil
}

// Reset invalidates the discovery cache and drops the mapper so the next
// lookup rebuilds it.
func (d *DeferredDiscoveryRESTMapper) Reset() { d.ResetWithContext(context.Background()) }

// ResetWithContext is Reset with a context.
func (d *DeferredDiscoveryRESTMapper) ResetWithContext(ctx context.Context) {
	klog.FromContext(ctx).V(5).Info("Invalidating discovery information")
	d.mu.Lock()
	defer d.mu.Unlock()
	d.cl.InvalidateWithContext(ctx)
	d.delegate = nil
}

// lookup runs f on the mapper and, if missed reports a miss while the cache
// is stale, once more after a Reset.
func lookup[T any](ctx context.Context, d *DeferredDiscoveryRESTMapper, f func(meta.RESTMapperWithContext) (T, error), missed func(T, error) bool) (T, error) {
	m, err := d.mapper(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	out, err := f(m)
	if missed(out, err) && !d.cl.FreshWithContext(ctx) {
		d.ResetWithContext(ctx)
		if m, err = d.mapper(ctx); err != nil {
			var zero T
			return zero, err
		}
		out, err = f(m)
	}
	return out, err
}

func failed[T any](_ T, err error) bool { return err != nil }

func empty[T any](out []T, _ error) bool { return len(out) == 0 }

// KindFor returns the single kind that resource maps to.
func (d *DeferredDiscoveryRESTMapper) KindFor(resource schema.GroupVersionResource) (schema.GroupVersionKind, error) {
	return d.KindForWithContext(context.Background(), resource)
}

// KindForWithContext returns the single kind that resource maps to.
func (d *DeferredDiscoveryRESTMapper) KindForWithContext(ctx context.Context, resource schema.GroupVersionResource) (schema.GroupVersionKind, error) {
	return lookup(ctx, d, func(m meta.RESTMapperWithContext) (schema.GroupVersionKind, error) {
		return m.KindForWithContext(ctx, resource)
	}, failed)
}

// KindsFor returns the kinds resource may map to, in priority order.
func (d *DeferredDiscoveryRESTMapper) KindsFor(resource schema.GroupVersionResource) ([]schema.GroupVersionKind, error) {
	return d.KindsForWithContext(context.Background(), resource)
}

// KindsForWithContext returns the kinds resource may map to, in priority order.
func (d *DeferredDiscoveryRESTMapper) KindsForWithContext(ctx context.Context, resource schema.GroupVersionResource) ([]schema.GroupVersionKind, error) {
	return lookup(ctx, d, func(m meta.RESTMapperWithContext) ([]schema.GroupVersionKind, error) {
		return m.KindsForWithContext(ctx, resource)
	}, empty)
}

// ResourceFor returns the single fully qualified resource input maps to.
func (d *DeferredDiscoveryRESTMapper) ResourceFor(input schema.GroupVersionResource) (schema.GroupVersionResource, error) {
	return d.ResourceForWithContext(context.Background(), input)
}

// ResourceForWithContext returns the single fully qualified resource input maps to.
func (d *DeferredDiscoveryRESTMapper) ResourceForWithContext(ctx context.Context, input schema.GroupVersionResource) (schema.GroupVersionResource, error) {
	return lookup(ctx, d, func(m meta.RESTMapperWithContext) (schema.GroupVersionResource, error) {
		return m.ResourceForWithContext(ctx, input)
	}, failed)
}

// ResourcesFor returns the resources input may map to, in priority order.
func (d *DeferredDiscoveryRESTMapper) ResourcesFor(input schema.GroupVersionResource) ([]schema.GroupVersionResource, error) {
	return d.ResourcesForWithContext(context.Background(), input)
}

// ResourcesForWithContext returns the resources input may map to, in priority order.
func (d *DeferredDiscoveryRESTMapper) ResourcesForWithContext(ctx context.Context, input schema.GroupVersionResource) ([]schema.GroupVersionResource, error) {
	return lookup(ctx, d, func(m meta.RESTMapperWithContext) ([]schema.GroupVersionResource, error) {
		return m.ResourcesForWithContext(ctx, input)
	}, empty)
}

// RESTMapping returns the preferred mapping of gk, limited to versions if given.
func (d *DeferredDiscoveryRESTMapper) RESTMapping(gk schema.GroupKind, versions ...string) (*meta.RESTMapping, error) {
	return d.RESTMappingWithContext(context.Background(), gk, versions...)
}

// RESTMappingWithContext returns the preferred mapping of gk, limited to versions if given.
func (d *DeferredDiscoveryRESTMapper) RESTMappingWithContext(ctx context.Context, gk schema.GroupKind, versions ...string) (*meta.RESTMapping, error) {
	return lookup(ctx, d, func(m meta.RESTMapperWithContext) (*meta.RESTMapping, error) {
		return m.RESTMappingWithContext(ctx, gk, versions...)
	}, failed)
}

// RESTMappings returns all mappings of gk, limited to versions if given.
func (d *DeferredDiscoveryRESTMapper) RESTMappings(gk schema.GroupKind, versions ...string) ([]*meta.RESTMapping, error) {
	return d.RESTMappingsWithContext(context.Background(), gk, versions...)
}

// RESTMappingsWithContext returns all mappings of gk, limited to versions if given.
func (d *DeferredDiscoveryRESTMapper) RESTMappingsWithContext(ctx context.Context, gk schema.GroupKind, versions ...string) ([]*meta.RESTMapping, error) {
	return lookup(ctx, d, func(m meta.RESTMapperWithContext) ([]*meta.RESTMapping, error) {
		return m.RESTMappingsWithContext(ctx, gk, versions...)
	}, empty)
}

// ResourceSingularizer returns the singular name of a plural resource.
func (d *DeferredDiscoveryRESTMapper) ResourceSingularizer(resource string) (string, error) {
	return d.ResourceSingularizerWithContext(context.Background(), resource)
}

// ResourceSingularizerWithContext returns the singular name of a plural resource.
func (d *DeferredDiscoveryRESTMapper) ResourceSingularizerWithContext(ctx context.Context, resource string) (string, error) {
	return lookup(ctx, d, func(m meta.RESTMapperWithContext) (string, error) {
		return m.ResourceSingularizerWithContext(ctx, resource)
	}, failed)
}

// String describes the current delegate, building it if needed.
func (d *DeferredDiscoveryRESTMapper) String() string {
	m, err := d.mapper(context.Background())
	if err != nil {
		return fmt.Sprintf("DeferredDiscoveryRESTMapper{%v}", err)
	}
	return fmt.Sprintf("DeferredDiscoveryRESTMapper{\n\t%v\n}", m)
}
