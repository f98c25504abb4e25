package restmapper

import (
	"context"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/discovery"
)

// APIGroupResources is one API group together with the resources of each of
// its versions, as discovery reported them.
type APIGroupResources struct {
	Group metav1.APIGroup
	// VersionedResources maps a version ("v1") to its resources.
	VersionedResources map[string][]metav1.APIResource
}

// GetAPIGroupResources discovers every group with its resources. Group-versions
// that fail to be discovered are left out without an error, so the result is
// usable while an aggregated API is down; only a failure to list the groups
// is an error.
func GetAPIGroupResources(cl discovery.DiscoveryInterface) ([]*APIGroupResources, error) {
	return GetAPIGroupResourcesWithContext(context.Background(), discovery.ToDiscoveryInterfaceWithContext(cl))
}

// GetAPIGroupResourcesWithContext is GetAPIGroupResources with a context.
func GetAPIGroupResourcesWithContext(ctx context.Context, cl discovery.DiscoveryInterfaceWithContext) ([]*APIGroupResources, error) {
	groups, lists, err := cl.ServerGroupsAndResourcesWithContext(ctx)
	if groups == nil || lists == nil {
		return nil, err
	}
	byGV := make(map[string]*metav1.APIResourceList, len(lists))
	for _, l := range lists {
		byGV[l.GroupVersion] = l
	}
	out := make([]*APIGroupResources, 0, len(groups))
	for _, g := range groups {
		agr := &APIGroupResources{Group: *g, VersionedResources: map[string][]metav1.APIResource{}}
		for _, v := range g.Versions {
			if l, ok := byGV[v.GroupVersion]; ok {
				agr.VersionedResources[v.Version] = l.APIResources
			}
		}
		out = append(out, agr)
	}
	return out, nil
}

// NewDiscoveryRESTMapper returns a RESTMapper for the given discovery
// snapshot. When a partial resource or kind matches in several places, the
// core v1 API wins, then each group's preferred version, then its other
// versions, groups in the order given. Subresources are not mapped. The
// mapper is immutable and safe for concurrent use.
func NewDiscoveryRESTMapper(groupResources []*APIGroupResources) meta.RESTMapper {
	var mappers meta.MultiRESTMapper
	// The core group's v1 comes before everything else.
	resourceOrder := []schema.GroupVersionResource{{Version: "v1", Resource: meta.AnyResource}}
	kindOrder := []schema.GroupVersionKind{{Version: "v1", Kind: meta.AnyKind}}
	prefer := func(gv schema.GroupVersion) {
		resourceOrder = append(resourceOrder, gv.WithResource(meta.AnyResource))
		kindOrder = append(kindOrder, gv.WithKind(meta.AnyKind))
	}

	for _, g := range groupResources {
		preferred := g.Group.PreferredVersion.Version
		if _, ok := g.VersionedResources[preferred]; ok && preferred != "" {
			prefer(schema.GroupVersion{Group: g.Group.Name, Version: preferred})
		}
		for _, v := range g.Group.Versions {
			resources, ok := g.VersionedResources[v.Version]
			if !ok {
				continue
			}
			gv := schema.GroupVersion{Group: g.Group.Name, Version: v.Version}
			if v.Version != preferred {
				prefer(gv)
			}
			mappers = append(mappers, versionMapper(gv, resources))
		}
	}
	// Finally any version of each group, in discovery order.
	for _, g := range groupResources {
		prefer(schema.GroupVersion{Group: g.Group.Name, Version: meta.AnyVersion})
	}
	return meta.PriorityRESTMapper{Delegate: mappers, ResourcePriority: resourceOrder, KindPriority: kindOrder}
}

// NewDiscoveryRESTMapperWithContext is NewDiscoveryRESTMapper returning the
// context-aware interface.
func NewDiscoveryRESTMapperWithContext(groupResources []*APIGroupResources) meta.RESTMapperWithContext {
	return meta.ToRESTMapperWithContext(NewDiscoveryRESTMapper(groupResources))
}

// versionMapper maps the resources of one group-version.
func versionMapper(gv schema.GroupVersion, resources []metav1.APIResource) *meta.DefaultRESTMapper {
	m := meta.NewDefaultRESTMapper([]schema.GroupVersion{gv})
	for _, r := range resources {
		if strings.Contains(r.Name, "/") {
			continue // a subresource
		}
		scope := meta.RESTScopeRoot
		if r.Namespaced {
			scope = meta.RESTScopeNamespace
		}
		plural := gv.WithResource(r.Name)
		singular := gv.WithResource(r.SingularName)
		if r.SingularName == "" {
			// Old servers do not report singular names: guess from the kind.
			_, singular = meta.UnsafeGuessKindToResource(gv.WithKind(r.Kind))
		}
		m.AddSpecific(gv.WithKind(strings.ToLower(r.Kind)), plural, singular, scope)
		m.AddSpecific(gv.WithKind(r.Kind), plural, singular, scope)
		m.Add(gv.WithKind(r.Kind+"List"), scope)
	}
	m.Add(gv.WithKind("List"), meta.RESTScopeRoot)
	return m
}
