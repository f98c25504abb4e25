// Package fake provides FakeDiscovery, a discovery client for unit tests
// that serves the resource lists stored in its embedded testing.Fake and
// records every call as an action.
package fake

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	openapi_v2 "github.com/google/gnostic-models/openapiv2"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/version"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/openapi"
	kubeversion "github.com/kclient/kclient/pkg/version"
	restclient "github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/testing"
)

// FakeDiscovery implements discovery.DiscoveryInterface and its context
// variant from Fake.Resources. Each call is recorded as a "get" action on
// the pseudo-resource "group", "resource" or "version", so reactors can
// inject errors. Safe for concurrent use if Resources is not changed
// meanwhile.
type FakeDiscovery struct {
	*testing.Fake
	// FakedServerVersion is what ServerVersion returns; nil means the
	// version of this library (pkg/version.Get).
	FakedServerVersion *version.Info
}

var (
	_ discovery.DiscoveryInterface            = &FakeDiscovery{}
	_ discovery.DiscoveryInterfaceWithContext = &FakeDiscovery{}
)

func action(resource string) testing.ActionImpl {
	return testing.ActionImpl{Verb: "get", Resource: schema.GroupVersionResource{Resource: resource}}
}

// ServerResourcesForGroupVersion returns the list in Resources with that
// GroupVersion, or a NotFound error.
func (c *FakeDiscovery) ServerResourcesForGroupVersion(groupVersion string) (*metav1.APIResourceList, error) {
	if _, err := c.Invokes(action("resource"), nil); err != nil {
		return nil, err
	}
	for _, rl := range c.Resources {
		if rl.GroupVersion == groupVersion {
			return rl, nil
		}
	}
	// The same status a real server answers with for an unserved group-version.
	notFound := metav1.Status{Status: metav1.StatusFailure, Reason: metav1.StatusReasonNotFound, Code: http.StatusNotFound}
	notFound.Message = fmt.Sprintf("the server could not find the requested resource, GroupVersion %q not found", groupVersion)
	return nil, &apierrors.StatusError{ErrStatus: notFound}
}

// ServerResourcesForGroupVersionWithContext is ServerResourcesForGroupVersion.
func (c *FakeDiscovery) ServerResourcesForGroupVersionWithContext(_ context.Context, groupVersion string) (*metav1.APIResourceList, error) {
	return c.ServerResourcesForGroupVersion(groupVersion)
}

// ServerGroupsAndResources returns the groups derived from Resources and
// Resources itself.
func (c *FakeDiscovery) ServerGroupsAndResources() ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	groups, err := c.ServerGroups()
	if err != nil {
		return nil, nil, err
	}
	out := make([]*metav1.APIGroup, len(groups.Groups))
	for i := range groups.Groups {
		out[i] = &groups.Groups[i]
	}
	if _, err := c.Invokes(action("resource"), nil); err != nil {
		return out, c.Resources, err
	}
	return out, c.Resources, nil
}

// ServerGroupsAndResourcesWithContext is ServerGroupsAndResources.
func (c *FakeDiscovery) ServerGroupsAndResourcesWithContext(context.Context) ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	return c.ServerGroupsAndResources()
}

// ServerPreferredResources returns nil, nil, as client-go's fake does.
func (c *FakeDiscovery) ServerPreferredResources() ([]*metav1.APIResourceList, error) {
	return nil, nil
}

// ServerPreferredResourcesWithContext returns nil, nil.
func (c *FakeDiscovery) ServerPreferredResourcesWithContext(context.Context) ([]*metav1.APIResourceList, error) {
	return nil, nil
}

// ServerPreferredNamespacedResources returns nil, nil, as client-go's fake does.
func (c *FakeDiscovery) ServerPreferredNamespacedResources() ([]*metav1.APIResourceList, error) {
	return nil, nil
}

// ServerPreferredNamespacedResourcesWithContext returns nil, nil.
func (c *FakeDiscovery) ServerPreferredNamespacedResourcesWithContext(context.Context) ([]*metav1.APIResourceList, error) {
	return nil, nil
}

// ServerGroups derives the groups from Resources, in order of first
// appearance; a group's first listed version is its preferred version.
func (c *FakeDiscovery) ServerGroups() (*metav1.APIGroupList, error) {
	if _, err := c.Invokes(action("group"), nil); err != nil {
		return nil, err
	}
	list := &metav1.APIGroupList{}
	index := map[string]int{}
	for _, rl := range c.Resources {
		gv, err := schema.ParseGroupVersion(rl.GroupVersion)
		if err != nil {
			return nil, err
		}
		v := metav1.GroupVersionForDiscovery{GroupVersion: rl.GroupVersion, Version: gv.Version}
		i, ok := index[gv.Group]
		if !ok {
			i = len(list.Groups)
			index[gv.Group] = i
			list.Groups = append(list.Groups, metav1.APIGroup{Name: gv.Group, PreferredVersion: v})
		}
		list.Groups[i].Versions = append(list.Groups[i].Versions, v)
	}
	return list, nil
}

// ServerGroupsWithContext is ServerGroups.
func (c *FakeDiscovery) ServerGroupsWithContext(context.Context) (*metav1.APIGroupList, error) {
	return c.ServerGroups()
}

// ServerVersion returns FakedServerVersion, or the library's version.
func (c *FakeDiscovery) ServerVersion() (*version.Info, error) {
	if _, err := c.Invokes(action("version"), nil); err != nil {
		return nil, err
	}
	if c.FakedServerVersion != nil {
		return c.FakedServerVersion, nil
	}
	info := kubeversion.Get()
	return &info, nil
}

// ServerVersionWithContext is ServerVersion.
func (c *FakeDiscovery) ServerVersionWithContext(context.Context) (*version.Info, error) {
	return c.ServerVersion()
}

// OpenAPISchema returns an empty document.
func (c *FakeDiscovery) OpenAPISchema() (*openapi_v2.Document, error) {
	return &openapi_v2.Document{}, nil
}

// OpenAPISchemaWithContext returns an empty document.
func (c *FakeDiscovery) OpenAPISchemaWithContext(context.Context) (*openapi_v2.Document, error) {
	return &openapi_v2.Document{}, nil
}

// errNoOpenAPIV3 is what the fake's OpenAPI v3 client answers.
var errNoOpenAPIV3 = errors.New("the fake discovery client serves no OpenAPI v3 documents")

type noOpenAPIV3 struct{}

func (noOpenAPIV3) Paths() (map[string]openapi.GroupVersion, error) { return nil, errNoOpenAPIV3 }

func (noOpenAPIV3) PathsWithContext(context.Context) (map[string]openapi.GroupVersionWithContext, error) {
	return nil, errNoOpenAPIV3
}

// OpenAPIV3 returns a client whose Paths always fails (client-go's fake
// panics instead).
func (c *FakeDiscovery) OpenAPIV3() openapi.Client { return noOpenAPIV3{} }

// OpenAPIV3WithContext returns a client whose PathsWithContext always fails.
func (c *FakeDiscovery) OpenAPIV3WithContext(context.Context) openapi.ClientWithContext {
	return noOpenAPIV3{}
}

// RESTClient returns a nil *rest.RESTClient: the fake sends no requests.
func (c *FakeDiscovery) RESTClient() restclient.Interface {
	var none *restclient.RESTClient
	return none
}

// WithLegacy returns c.
func (c *FakeDiscovery) WithLegacy() discovery.DiscoveryInterface { return c }

// WithLegacyWithContext returns c.
func (c *FakeDiscovery) WithLegacyWithContext(context.Context) discovery.DiscoveryInterfaceWithContext {
	return c
}
