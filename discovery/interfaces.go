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

// DiscoveryInterface answers what a cluster serves: its API groups and
// versions, the resources in each, its version, and its OpenAPI documents.
// Every implementation in this module may be shared between goroutines.
// Returned objects belong to the caller unless a method says otherwise.
//
// DiscoveryInterfaceWithContext is the context-aware variant.
type DiscoveryInterface interface {
	RESTClient() restclient.Interface
	ServerGroupsInterface
	ServerResourcesInterface
	ServerVersionInterface
	OpenAPISchemaInterface
	OpenAPIV3SchemaInterface
	// WithLegacy returns a copy of the client that only uses the legacy
	// (unaggregated) discovery format, or the client itself if it has no
	// such mode.
	WithLegacy() DiscoveryInterface
}

// DiscoveryInterfaceWithContext offers what DiscoveryInterface offers, with
// a context on every call that may reach the server.
type DiscoveryInterfaceWithContext interface {
	RESTClient() restclient.Interface
	ServerGroupsInterfaceWithContext
	ServerResourcesInterfaceWithContext
	ServerVersionInterfaceWithContext
	OpenAPISchemaInterfaceWithContext
	OpenAPIV3SchemaInterfaceWithContext
	// WithLegacyWithContext returns a copy of the client that only uses the
	// legacy discovery format, or the client itself if it has no such mode.
	WithLegacyWithContext(ctx context.Context) DiscoveryInterfaceWithContext
}

// DiscoveryInterfaces is the union of DiscoveryInterface and
// DiscoveryInterfaceWithContext, as implemented by *DiscoveryClient.
type DiscoveryInterfaces interface {
	DiscoveryInterface
	DiscoveryInterfaceWithContext
}

// AggregatedDiscoveryInterface is a DiscoveryInterface that may return the
// resources together with the groups, as aggregated discovery does.
type AggregatedDiscoveryInterface interface {
	DiscoveryInterface
	// GroupsAndMaybeResources returns the groups and, when the server served
	// aggregated discovery, the resources per group-version (nil otherwise)
	// and the group-versions that failed.
	GroupsAndMaybeResources() (*metav1.APIGroupList, map[schema.GroupVersion]*metav1.APIResourceList, map[schema.GroupVersion]error, error)
}

// AggregatedDiscoveryInterfaceWithContext is the context-aware variant of
// AggregatedDiscoveryInterface.
type AggregatedDiscoveryInterfaceWithContext interface {
	DiscoveryInterfaceWithContext
	// GroupsAndMaybeResourcesWithContext is GroupsAndMaybeResources with a context.
	GroupsAndMaybeResourcesWithContext(ctx context.Context) (*metav1.APIGroupList, map[schema.GroupVersion]*metav1.APIResourceList, map[schema.GroupVersion]error, error)
}

// CachedDiscoveryInterface is a DiscoveryInterface backed by a cache. When
// ServerResourcesForGroupVersion reports a cache miss, callers must call
// Invalidate before asking again, or they get the same miss.
type CachedDiscoveryInterface interface {
	DiscoveryInterface
	// Fresh reports whether every answer so far came from data fetched after
	// the last Invalidate (true: a miss is authoritative, no need to retry).
	Fresh() bool
	// Invalidate drops everything cached so the next call asks the server.
	Invalidate()
}

// CachedDiscoveryInterfaceWithContext is the context-aware variant of
// CachedDiscoveryInterface.
type CachedDiscoveryInterfaceWithContext interface {
	DiscoveryInterfaceWithContext
	// FreshWithContext is Fresh with a context.
	FreshWithContext(ctx context.Context) bool
	// InvalidateWithContext is Invalidate with a context.
	InvalidateWithContext(ctx context.Context)
}

// ServerGroupsInterface lists the API groups of a server.
type ServerGroupsInterface interface {
	// ServerGroups lists every API group the server serves, each with all
	// of its versions and the one the server prefers.
	ServerGroups() (*metav1.APIGroupList, error)
}

// ServerGroupsInterfaceWithContext is the context-aware variant of
// ServerGroupsInterface.
type ServerGroupsInterfaceWithContext interface {
	// ServerGroupsWithContext lists every API group the server serves, each
	// with all of its versions and the one the server prefers.
	ServerGroupsWithContext(ctx context.Context) (*metav1.APIGroupList, error)
}

// ServerResourcesInterface lists the resources of a server. When some
// group-versions cannot be read, the list methods return what they could
// read together with an *ErrGroupDiscoveryFailed naming the others.
type ServerResourcesInterface interface {
	// ServerResourcesForGroupVersion returns the resources of one group-version.
	ServerResourcesForGroupVersion(groupVersion string) (*metav1.APIResourceList, error)
	// ServerGroupsAndResources returns all groups and the resources of every group-version.
	ServerGroupsAndResources() ([]*metav1.APIGroup, []*metav1.APIResourceList, error)
	// ServerPreferredResources lists each resource a single time, taken
	// from its group's preferred version where that version serves it.
	ServerPreferredResources() ([]*metav1.APIResourceList, error)
	// ServerPreferredNamespacedResources is ServerPreferredResources limited
	// to namespaced resources.
	ServerPreferredNamespacedResources() ([]*metav1.APIResourceList, error)
}

// ServerResourcesInterfaceWithContext is the context-aware variant of
// ServerResourcesInterface.
type ServerResourcesInterfaceWithContext interface {
	// ServerResourcesForGroupVersionWithContext returns the resources of one group-version.
	ServerResourcesForGroupVersionWithContext(ctx context.Context, groupVersion string) (*metav1.APIResourceList, error)
	// ServerGroupsAndResourcesWithContext returns all groups and the resources of every group-version.
	ServerGroupsAndResourcesWithContext(ctx context.Context) ([]*metav1.APIGroup, []*metav1.APIResourceList, error)
	// ServerPreferredResourcesWithContext lists each resource a single time,
	// taken from its group's preferred version where that version serves it.
	ServerPreferredResourcesWithContext(ctx context.Context) ([]*metav1.APIResourceList, error)
	// ServerPreferredNamespacedResourcesWithContext is
	// ServerPreferredResourcesWithContext limited to namespaced resources.
	ServerPreferredNamespacedResourcesWithContext(ctx context.Context) ([]*metav1.APIResourceList, error)
}

// ServerVersionInterface reports the build of the API server.
type ServerVersionInterface interface {
	// ServerVersion asks /version and decodes the answer.
	ServerVersion() (*version.Info, error)
}

// ServerVersionInterfaceWithContext is the context-aware variant of
// ServerVersionInterface.
type ServerVersionInterfaceWithContext interface {
	// ServerVersionWithContext asks /version and decodes the answer.
	ServerVersionWithContext(ctx context.Context) (*version.Info, error)
}

// OpenAPISchemaInterface fetches the server's OpenAPI v2 document.
type OpenAPISchemaInterface interface {
	// OpenAPISchema downloads /openapi/v2 and decodes it. The document is
	// large; the caller owns the result.
	OpenAPISchema() (*openapi_v2.Document, error)
}

// OpenAPISchemaInterfaceWithContext is the context-aware variant of
// OpenAPISchemaInterface.
type OpenAPISchemaInterfaceWithContext interface {
	// OpenAPISchemaWithContext downloads /openapi/v2 and decodes it. The
	// document is large; the caller owns the result.
	OpenAPISchemaWithContext(ctx context.Context) (*openapi_v2.Document, error)
}

// OpenAPIV3SchemaInterface gives access to the server's OpenAPI v3
// documents, one per group-version.
type OpenAPIV3SchemaInterface interface {
	// OpenAPIV3 returns a client for the server's OpenAPI v3 documents.
	OpenAPIV3() openapi.Client
}

// OpenAPIV3SchemaInterfaceWithContext is the context-aware variant of
// OpenAPIV3SchemaInterface.
type OpenAPIV3SchemaInterfaceWithContext interface {
	// OpenAPIV3WithContext returns a client for the server's OpenAPI v3 documents.
	OpenAPIV3WithContext(ctx context.Context) openapi.ClientWithContext
}
