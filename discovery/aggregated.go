package discovery

import (
	"fmt"
	"mime"

	apidiscovery "k8s.io/api/apidiscovery/v2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Accept types for discovery requests. Servers require the parameters of the
// aggregated type in the order g, v, as.
const (
	// AcceptV1 asks for the legacy (unaggregated) discovery documents.
	AcceptV1 = runtime.ContentTypeJSON
	// AcceptV2 asks for aggregated discovery (apidiscovery.k8s.io/v2).
	AcceptV2 = runtime.ContentTypeJSON + ";g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
	// AcceptV2NoPeer asks for aggregated discovery limited to what the
	// answering apiserver itself serves.
	AcceptV2NoPeer = AcceptV2 + ";profile=nopeer"
)

// aggregatedGVK is what the Content-Type of an aggregated response names.
var aggregatedGVK = schema.GroupVersionKind{Group: "apidiscovery.k8s.io", Version: "v2", Kind: "APIGroupDiscoveryList"}

// ContentTypeIsGVK reports whether contentType is application/json with the
// g, v and as parameters of gvk. Parameter order and extra parameters (such as
// charset) do not matter. A malformed content type is an error.
func ContentTypeIsGVK(contentType string, gvk schema.GroupVersionKind) (bool, error) {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false, fmt.Errorf("invalid content type %q: %w", contentType, err)
	}
	if mediaType != runtime.ContentTypeJSON {
		return false, nil
	}
	return params["g"] == gvk.Group && params["v"] == gvk.Version && params["as"] == gvk.Kind, nil
}

// SplitGroupsAndResources turns an aggregated discovery document into the
// legacy shapes: the group list, the resources per group-version, and the
// group-versions marked Stale (as StaleGroupVersionError). Stale versions
// are left out of the groups; subresources become "resource/subresource"
// entries; resources without a response kind are skipped.
func SplitGroupsAndResources(aggregatedGroups apidiscovery.APIGroupDiscoveryList) (
	*metav1.APIGroupList,
	map[schema.GroupVersion]*metav1.APIResourceList,
	map[schema.GroupVersion]error) {
	list := &metav1.APIGroupList{Groups: make([]metav1.APIGroup, 0, len(aggregatedGroups.Items))}
	resources := map[schema.GroupVersion]*metav1.APIResourceList{}
	failed := map[schema.GroupVersion]error{}
	for i := range aggregatedGroups.Items {
		ag := &aggregatedGroups.Items[i]
		group := metav1.APIGroup{Name: ag.Name}
		for j := range ag.Versions {
			av := &ag.Versions[j]
			gv := schema.GroupVersion{Group: ag.Name, Version: av.Version}
			if av.Freshness == apidiscovery.DiscoveryFreshnessStale {
				failed[gv] = StaleGroupVersionError{gv: gv}
				continue
			}
			v := metav1.GroupVersionForDiscovery{GroupVersion: gv.String(), Version: av.Version}
			group.Versions = append(group.Versions, v)
			if group.PreferredVersion.Version == "" {
				group.PreferredVersion = v
			}
			resources[gv] = convertResources(gv, av.Resources)
		}
		list.Groups = append(list.Groups, group)
	}
	return list, resources, failed
}

// convertResources flattens the aggregated resources of one group-version.
func convertResources(gv schema.GroupVersion, in []apidiscovery.APIResourceDiscovery) *metav1.APIResourceList {
	out := &metav1.APIResourceList{GroupVersion: gv.String()}
	for i := range in {
		r := &in[i]
		parent := metav1.APIResource{
			Name:         r.Resource,
			SingularName: r.SingularResource,
			Namespaced:   r.Scope == apidiscovery.ScopeNamespace,
			Verbs:        r.Verbs,
			ShortNames:   r.ShortNames,
			Categories:   r.Categories,
		}
		if r.ResponseKind != nil {
			parent.Group, parent.Version, parent.Kind = r.ResponseKind.Group, r.ResponseKind.Version, r.ResponseKind.Kind
			out.APIResources = append(out.APIResources, parent)
		}
		for _, sub := range r.Subresources {
			if sub.ResponseKind == nil {
				continue
			}
			out.APIResources = append(out.APIResources, metav1.APIResource{
				Name:         r.Resource + "/" + sub.Subresource,
				SingularName: parent.SingularName,
				Namespaced:   parent.Namespaced,
				Group:        sub.ResponseKind.Group,
				Version:      sub.ResponseKind.Version,
				Kind:         sub.ResponseKind.Kind,
				Verbs:        sub.Verbs,
			})
		}
	}
	return out
}
