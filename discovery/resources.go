package discovery

import (
	"context"
	"strings"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// ServerGroupsAndResources is ServerGroupsAndResourcesWithContext for a
// context-free DiscoveryInterface.
func ServerGroupsAndResources(d DiscoveryInterface) ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	return ServerGroupsAndResourcesWithContext(context.Background(), ToDiscoveryInterfaceWithContext(d))
}

// ServerGroupsAndResourcesWithContext returns every group of d and the
// resources of every group-version, ordered as discovery listed them. When d
// is an AggregatedDiscoveryInterfaceWithContext whose server answered in the
// aggregated format, no further requests are made; otherwise the resource
// lists are fetched concurrently, one request per group-version. Failed or
// stale group-versions are reported in an *ErrGroupDiscoveryFailed returned
// alongside the other results. It does not retry.
func ServerGroupsAndResourcesWithContext(ctx context.Context, d DiscoveryInterfaceWithContext) ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	groups, byGV, failed, err := groupsAndResources(ctx, d)
	if groups == nil {
		return nil, nil, err
	}
	result := make([]*metav1.APIGroup, len(groups.Groups))
	for i := range groups.Groups {
		result[i] = &groups.Groups[i]
	}
	lists := []*metav1.APIResourceList{}
	for _, g := range groups.Groups {
		for _, v := range g.Versions {
			if rl, ok := byGV[schema.GroupVersion{Group: g.Name, Version: v.Version}]; ok {
				lists = append(lists, rl)
			}
		}
	}
	if len(failed) > 0 {
		return result, lists, &ErrGroupDiscoveryFailed{Groups: failed}
	}
	return result, lists, nil
}

// groupsAndResources returns the groups with the resources of every
// group-version, using aggregated discovery when d offers it.
func groupsAndResources(ctx context.Context, d DiscoveryInterfaceWithContext) (*metav1.APIGroupList, map[schema.GroupVersion]*metav1.APIResourceList, map[schema.GroupVersion]error, error) {
	var (
		groups *metav1.APIGroupList
		byGV   map[schema.GroupVersion]*metav1.APIResourceList
		failed map[schema.GroupVersion]error
		err    error
	)
	if ad, ok := d.(AggregatedDiscoveryInterfaceWithContext); ok {
		groups, byGV, failed, err = ad.GroupsAndMaybeResourcesWithContext(ctx)
	} else {
		groups, err = d.ServerGroupsWithContext(ctx)
	}
	if err != nil || groups == nil {
		return groups, nil, nil, err
	}
	if byGV == nil {
		byGV, failed = fetchGroupVersionResources(ctx, d, groups)
	}
	return groups, byGV, failed, nil
}

// fetchGroupVersionResources fetches the resource list of every
// group-version in groups concurrently. Lists returned together with an error
// are kept.
func fetchGroupVersionResources(ctx context.Context, d DiscoveryInterfaceWithContext, groups *metav1.APIGroupList) (map[schema.GroupVersion]*metav1.APIResourceList, map[schema.GroupVersion]error) {
	byGV := map[schema.GroupVersion]*metav1.APIResourceList{}
	failed := map[schema.GroupVersion]error{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, g := range groups.Groups {
		for _, v := range g.Versions {
			gv := schema.GroupVersion{Group: g.Name, Version: v.Version}
			wg.Add(1)
			go func() {
				defer wg.Done()
				rl, err := d.ServerResourcesForGroupVersionWithContext(ctx, v.GroupVersion)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					failed[gv] = err
				}
				if rl != nil {
					byGV[gv] = rl
				}
			}()
		}
	}
	wg.Wait()
	return byGV, failed
}

// ServerPreferredResources is ServerPreferredResourcesWithContext for a
// context-free DiscoveryInterface.
func ServerPreferredResources(d DiscoveryInterface) ([]*metav1.APIResourceList, error) {
	return ServerPreferredResourcesWithContext(context.Background(), ToDiscoveryInterfaceWithContext(d))
}

// ServerPreferredResourcesWithContext returns one list per discovered
// group-version, in discovery order, holding the resources (no subresources)
// for which that version is chosen: the group's preferred version when it
// serves the resource, otherwise the first version that does. Lists may be
// empty. Partial results come with an *ErrGroupDiscoveryFailed.
func ServerPreferredResourcesWithContext(ctx context.Context, d DiscoveryInterfaceWithContext) ([]*metav1.APIResourceList, error) {
	groups, byGV, failed, err := groupsAndResources(ctx, d)
	if err != nil {
		return nil, err
	}
	type choice struct {
		list     *metav1.APIResourceList
		resource *metav1.APIResource
	}
	result := []*metav1.APIResourceList{}
	chosen := map[schema.GroupResource]choice{}
	var order []schema.GroupResource
	for _, g := range groups.Groups {
		for _, v := range g.Versions {
			rl, ok := byGV[schema.GroupVersion{Group: g.Name, Version: v.Version}]
			if !ok {
				continue
			}
			out := &metav1.APIResourceList{GroupVersion: v.GroupVersion}
			result = append(result, out)
			for i := range rl.APIResources {
				r := &rl.APIResources[i]
				if strings.Contains(r.Name, "/") {
					continue
				}
				gr := schema.GroupResource{Group: g.Name, Resource: r.Name}
				if _, seen := chosen[gr]; seen {
					if v.Version != g.PreferredVersion.Version {
						continue
					}
				} else {
					order = append(order, gr)
				}
				chosen[gr] = choice{out, r}
			}
		}
	}
	for _, gr := range order {
		c := chosen[gr]
		c.list.APIResources = append(c.list.APIResources, *c.resource)
	}
	if len(failed) > 0 {
		return result, &ErrGroupDiscoveryFailed{Groups: failed}
	}
	return result, nil
}

// ServerPreferredNamespacedResources is
// ServerPreferredNamespacedResourcesWithContext for a context-free
// DiscoveryInterface.
func ServerPreferredNamespacedResources(d DiscoveryInterface) ([]*metav1.APIResourceList, error) {
	return ServerPreferredNamespacedResourcesWithContext(context.Background(), ToDiscoveryInterfaceWithContext(d))
}

// ServerPreferredNamespacedResourcesWithContext returns the namespaced
// resources of d.ServerPreferredResourcesWithContext, dropping empty lists.
// Partial results come with an *ErrGroupDiscoveryFailed.
func ServerPreferredNamespacedResourcesWithContext(ctx context.Context, d DiscoveryInterfaceWithContext) ([]*metav1.APIResourceList, error) {
	all, err := d.ServerPreferredResourcesWithContext(ctx)
	return FilteredBy(ResourcePredicateFunc(func(_ string, r *metav1.APIResource) bool {
		return r.Namespaced
	}), all), err
}
