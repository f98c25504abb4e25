package discovery

import (
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// ResourcePredicate decides whether a resource of a group-version matches.
type ResourcePredicate interface {
	Match(groupVersion string, r *metav1.APIResource) bool
}

// ResourcePredicateFunc is a function used as a ResourcePredicate.
type ResourcePredicateFunc func(groupVersion string, r *metav1.APIResource) bool

// Match calls fn.
func (fn ResourcePredicateFunc) Match(groupVersion string, r *metav1.APIResource) bool {
	return fn(groupVersion, r)
}

// SupportsAllVerbs matches resources that support every verb in Verbs.
type SupportsAllVerbs struct {
	Verbs []string
}

// Match reports whether r supports all of p.Verbs.
func (p SupportsAllVerbs) Match(groupVersion string, r *metav1.APIResource) bool {
	for _, v := range p.Verbs {
		if !slices.Contains(r.Verbs, v) {
			return false
		}
	}
	return true
}

// FilteredBy returns copies of the lists in rls holding only the resources
// pred matches; lists left empty are dropped. The inputs are not modified.
func FilteredBy(pred ResourcePredicate, rls []*metav1.APIResourceList) []*metav1.APIResourceList {
	out := []*metav1.APIResourceList{}
	for _, rl := range rls {
		var kept []metav1.APIResource
		for i := range rl.APIResources {
			// pred sees the element itself, not a copy of it.
			if r := &rl.APIResources[i]; pred.Match(rl.GroupVersion, r) {
				kept = append(kept, *r)
			}
		}
		if len(kept) == 0 {
			continue
		}
		list := *rl
		list.APIResources = kept
		out = append(out, &list)
	}
	return out
}

// GroupVersionResources returns the set of group-version-resources in rls,
// subresources included. A malformed GroupVersion is an error.
func GroupVersionResources(rls []*metav1.APIResourceList) (map[schema.GroupVersionResource]struct{}, error) {
	out := map[schema.GroupVersionResource]struct{}{}
	for _, rl := range rls {
		gv, err := schema.ParseGroupVersion(rl.GroupVersion)
		if err != nil {
			return nil, err
		}
		for _, r := range rl.APIResources {
			out[gv.WithResource(r.Name)] = struct{}{}
		}
	}
	return out, nil
}
