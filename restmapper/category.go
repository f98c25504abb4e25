package restmapper

import (
	"context"
	"slices"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/discovery"
)

// CategoryExpander expands a category ("all") into the resources in it.
type CategoryExpander interface {
	// Expand returns the resources in category and whether it is known.
	Expand(category string) ([]schema.GroupResource, bool)
}

// CategoryExpanderWithContext is the context-aware CategoryExpander.
type CategoryExpanderWithContext interface {
	// ExpandWithContext returns the resources in category and whether it is known.
	ExpandWithContext(ctx context.Context, category string) ([]schema.GroupResource, bool)
}

// ToCategoryExpanderWithContext adapts c; a value that already implements
// CategoryExpanderWithContext is returned as is.
func ToCategoryExpanderWithContext(c CategoryExpander) CategoryExpanderWithContext {
	if c == nil {
		return nil
	}
	if cc, ok := c.(CategoryExpanderWithContext); ok {
		return cc
	}
	return categoryAdapter{c}
}

type categoryAdapter struct{ CategoryExpander }

func (a categoryAdapter) ExpandWithContext(_ context.Context, category string) ([]schema.GroupResource, bool) {
	return a.Expand(category)
}

// SimpleCategoryExpander expands categories from a fixed table.
type SimpleCategoryExpander struct {
	Expansions map[string][]schema.GroupResource
}

// Expand looks category up in e.Expansions.
func (e SimpleCategoryExpander) Expand(category string) ([]schema.GroupResource, bool) {
	out, ok := e.Expansions[category]
	return out, ok
}

// ExpandWithContext looks category up in e.Expansions.
func (e SimpleCategoryExpander) ExpandWithContext(_ context.Context, category string) ([]schema.GroupResource, bool) {
	return e.Expand(category)
}

// UnionCategoryExpander merges the expansions of several expanders, without
// duplicates, in order. A category is known if any expander knows it.
type UnionCategoryExpander []CategoryExpander

// Expand merges the expansions of every member.
func (u UnionCategoryExpander) Expand(category string) ([]schema.GroupResource, bool) {
	return union(len(u), func(i int) ([]schema.GroupResource, bool) { return u[i].Expand(category) })
}

// UnionCategoryExpanderWithContext is the context-aware UnionCategoryExpander.
type UnionCategoryExpanderWithContext []CategoryExpanderWithContext

// ExpandWithContext merges the expansions of every member.
func (u UnionCategoryExpanderWithContext) ExpandWithContext(ctx context.Context, category string) ([]schema.GroupResource, bool) {
	return union(len(u), func(i int) ([]schema.GroupResource, bool) { return u[i].ExpandWithContext(ctx, category) })
}

func union(n int, expand func(int) ([]schema.GroupResource, bool)) ([]schema.GroupResource, bool) {
	out := []schema.GroupResource{}
	known := false
	for i := 0; i < n; i++ {
		grs, ok := expand(i)
		known = known || ok
		for _, gr := range grs {
			if !slices.Contains(out, gr) {
				out = append(out, gr)
			}
		}
	}
	return out, known
}

// discoveryCategoryExpander reads categories from discovery on every call.
type discoveryCategoryExpander struct {
	client discovery.DiscoveryInterfaceWithContext
}

// NewDiscoveryCategoryExpander returns an expander that reads the categories
// discovery reports for each resource. It asks client on every call, so pass
// a cached client. client must not be nil.
func NewDiscoveryCategoryExpander(client discovery.DiscoveryInterface) CategoryExpander {
	if client == nil {
		panic("restmapper: NewDiscoveryCategoryExpander needs a discovery client")
	}
	return discoveryCategoryExpander{discovery.ToDiscoveryInterfaceWithContext(client)}
}

// NewDiscoveryCategoryExpanderWithContext is NewDiscoveryCategoryExpander for
// a context-aware client.
func NewDiscoveryCategoryExpanderWithContext(client discovery.DiscoveryInterfaceWithContext) CategoryExpanderWithContext {
	if client == nil {
		panic("restmapper: NewDiscoveryCategoryExpanderWithContext needs a discovery client")
	}
	return discoveryCategoryExpander{client}
}

func (e discoveryCategoryExpander) Expand(category string) ([]schema.GroupResource, bool) {
	return e.ExpandWithContext(context.Background(), category)
}

// ExpandWithContext collects the resources whose categories include
// category, in discovery order. Partial discovery results are used.
func (e discoveryCategoryExpander) ExpandWithContext(ctx context.Context, category string) ([]schema.GroupResource, bool) {
	_, lists, _ := e.client.ServerGroupsAndResourcesWithContext(ctx)
	if len(lists) == 0 {
		return nil, false
	}
	var out []schema.GroupResource
	for _, l := range lists {
		gv, err := schema.ParseGroupVersion(l.GroupVersion)
		if err != nil {
			continue
		}
		for _, r := range l.APIResources {
			if !slices.Contains(r.Categories, category) {
				continue
			}
			gr := schema.GroupResource{Group: gv.Group, Resource: r.Name}
			if !slices.Contains(out, gr) {
				out = append(out, gr)
			}
		}
	}
	return out, out != nil
}
