package discovery

import (
	"context"

	openapi_v2 "github.com/google/gnostic-models/openapiv2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/version"

	"github.com/kclient/kclient/openapi"
	restclient "github.com/kclient/kclient/rest"
)

// The To...WithContext functions adapt an implementation of a context-free
// interface to its context-aware variant. When the value already implements
// the variant it is returned as is; otherwise the context is ignored, which
// means cancellation does not reach the wrapped call.

// ToDiscoveryInterfaceWithContext adapts a DiscoveryInterface.
func ToDiscoveryInterfaceWithContext(i DiscoveryInterface) DiscoveryInterfaceWithContext {
	if i == nil {
		return nil
	}
	if c, ok := i.(DiscoveryInterfaceWithContext); ok {
		return c
	}
	if a, ok := i.(AggregatedDiscoveryInterface); ok {
		// Keep the aggregated fast path visible to the helpers.
		return &aggregatedAdapter{discoveryAdapter{i}, a}
	}
	return &discoveryAdapter{i}
}

// ToAggregatedDiscoveryInterfaceWithContext adapts an AggregatedDiscoveryInterface.
func ToAggregatedDiscoveryInterfaceWithContext(i AggregatedDiscoveryInterface) AggregatedDiscoveryInterfaceWithContext {
	if i == nil {
		return nil
	}
	if c, ok := i.(AggregatedDiscoveryInterfaceWithContext); ok {
		return c
	}
	return &aggregatedAdapter{discoveryAdapter{i}, i}
}

// ToCachedDiscoveryInterfaceWithContext adapts a CachedDiscoveryInterface.
func ToCachedDiscoveryInterfaceWithContext(i CachedDiscoveryInterface) CachedDiscoveryInterfaceWithContext {
	if i == nil {
		return nil
	}
	if c, ok := i.(CachedDiscoveryInterfaceWithContext); ok {
		return c
	}
	return &cachedAdapter{discoveryAdapter{i}, i}
}

// ToServerGroupsInterfaceWithContext adapts a ServerGroupsInterface.
func ToServerGroupsInterfaceWithContext(i ServerGroupsInterface) ServerGroupsInterfaceWithContext {
	if i == nil {
		return nil
	}
	if c, ok := i.(ServerGroupsInterfaceWithContext); ok {
		return c
	}
	return groupsAdapter{i}
}

// ToServerResourcesInterfaceWithContext adapts a ServerResourcesInterface.
func ToServerResourcesInterfaceWithContext(i ServerResourcesInterface) ServerResourcesInterfaceWithContext {
	if i == nil {
		return nil
	}
	if c, ok := i.(ServerResourcesInterfaceWithContext); ok {
		return c
	}
	return resourcesAdapter{i}
}

// ToServerVersionInterfaceWithContext adapts a ServerVersionInterface.
func ToServerVersionInterfaceWithContext(i ServerVersionInterface) ServerVersionInterfaceWithContext {
	if i == nil {
		return nil
	}
	if c, ok := i.(ServerVersionInterfaceWithContext); ok {
		return c
	}
	return versionAdapter{i}
}

// ToOpenAPISchemaInterfaceWithContext adapts an OpenAPISchemaInterface.
func ToOpenAPISchemaInterfaceWithContext(i OpenAPISchemaInterface) OpenAPISchemaInterfaceWithContext {
	if i == nil {
		return nil
	}
	if c, ok := i.(OpenAPISchemaInterfaceWithContext); ok {
		return c
	}
	return openAPIV2Adapter{i}
}

// OpenAPIV3ToSchemaInterfaceWithContext adapts an OpenAPIV3SchemaInterface.
func OpenAPIV3ToSchemaInterfaceWithContext(i OpenAPIV3SchemaInterface) OpenAPIV3SchemaInterfaceWithContext {
	if i == nil {
		return nil
	}
	if c, ok := i.(OpenAPIV3SchemaInterfaceWithContext); ok {
		return c
	}
	return openAPIV3Adapter{i}
}

// ToOpenAPIClientWithContext adapts an openapi.Client.
func ToOpenAPIClientWithContext(i openapi.Client) openapi.ClientWithContext {
	return openapi.ToClientWithContext(i)
}

type groupsAdapter struct{ ServerGroupsInterface }

func (a groupsAdapter) ServerGroupsWithContext(context.Context) (*metav1.APIGroupList, error) {
	return a.ServerGroups()
}

type resourcesAdapter struct{ ServerResourcesInterface }

func (a resourcesAdapter) ServerResourcesForGroupVersionWithContext(_ context.Context, gv string) (*metav1.APIResourceList, error) {
	return a.ServerResourcesForGroupVersion(gv)
}

func (a resourcesAdapter) ServerGroupsAndResourcesWithContext(context.Context) ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	return a.ServerGroupsAndResources()
}

func (a resourcesAdapter) ServerPreferredResourcesWithContext(context.Context) ([]*metav1.APIResourceList, error) {
	return a.ServerPreferredResources()
}

func (a resourcesAdapter) ServerPreferredNamespacedResourcesWithContext(context.Context) ([]*metav1.APIResourceList, error) {
	return a.ServerPreferredNamespacedResources()
}

type versionAdapter struct{ ServerVersionInterface }

func (a versionAdapter) ServerVersionWithContext(context.Context) (*version.Info, error) {
	return a.ServerVersion()
}

type openAPIV2Adapter struct{ OpenAPISchemaInterface }

func (a openAPIV2Adapter) OpenAPISchemaWithContext(context.Context) (*openapi_v2.Document, error) {
	return a.OpenAPISchema()
}

type openAPIV3Adapter struct{ OpenAPIV3SchemaInterface }

func (a openAPIV3Adapter) OpenAPIV3WithContext(context.Context) openapi.ClientWithContext {
	return openapi.ToClientWithContext(a.OpenAPIV3())
}

// discoveryAdapter turns a DiscoveryInterface into a DiscoveryInterfaceWithContext.
type discoveryAdapter struct{ d DiscoveryInterface }

func (a *discoveryAdapter) RESTClient() restclient.Interface { return a.d.RESTClient() }

func (a *discoveryAdapter) ServerGroupsWithContext(context.Context) (*metav1.APIGroupList, error) {
	return a.d.ServerGroups()
}

func (a *discoveryAdapter) ServerResourcesForGroupVersionWithContext(_ context.Context, gv string) (*metav1.APIResourceList, error) {
	return a.d.ServerResourcesForGroupVersion(gv)
}

func (a *discoveryAdapter) ServerGroupsAndResourcesWithContext(context.Context) ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	return a.d.ServerGroupsAndResources()
}

func (a *discoveryAdapter) ServerPreferredResourcesWithContext(context.Context) ([]*metav1.APIResourceList, error) {
	return a.d.ServerPreferredResources()
}

func (a *discoveryAdapter) ServerPreferredNamespacedResourcesWithContext(context.Context) ([]*metav1.APIResourceList, error) {
	return a.d.ServerPreferredNamespacedResources()
}

func (a *discoveryAdapter) ServerVersionWithContext(context.Context) (*version.Info, error) {
	return a.d.ServerVersion()
}

func (a *discoveryAdapter) OpenAPISchemaWithContext(context.Context) (*openapi_v2.Document, error) {
	return a.d.OpenAPISchema()
}

func (a *discoveryAdapter) OpenAPIV3WithContext(context.Context) openapi.ClientWithContext {
	return openapi.ToClientWithContext(a.d.OpenAPIV3())
}

func (a *discoveryAdapter) WithLegacyWithContext(context.Context) DiscoveryInterfaceWithContext {
	return ToDiscoveryInterfaceWithContext(a.d.WithLegacy())
}

type aggregatedAdapter struct {
	discoveryAdapter
	agg AggregatedDiscoveryInterface
}

func (a *aggregatedAdapter) GroupsAndMaybeResourcesWithContext(context.Context) (*metav1.APIGroupList, map[schema.GroupVersion]*metav1.APIResourceList, map[schema.GroupVersion]error, error) {
	return a.agg.GroupsAndMaybeResources()
}

type cachedAdapter struct {
	discoveryAdapter
	cached CachedDiscoveryInterface
}

func (a *cachedAdapter) FreshWithContext(context.Context) bool { return a.cached.Fresh() }

func (a *cachedAdapter) InvalidateWithContext(context.Context) { a.cached.Invalidate() }
