package restmapper

import (
	"context"
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/klog/v2"

	"github.com/kclient/kclient/discovery"
)

// shortcutExpander is a RESTMapper that first rewrites short names ("deploy",
// "cm", "po") into full resource names using the short names discovery
// reports, then asks its delegate. Discovery is consulted on every lookup,
// so pair it with a cached discovery client.
type shortcutExpander struct {
	delegate meta.RESTMapperWithContext
	client   discovery.DiscoveryInterfaceWithContext
	warn     func(string)
}

var (
	_ meta.ResettableRESTMapper            = shortcutExpander{}
	_ meta.ResettableRESTMapperWithContext = shortcutExpander{}
)

// NewShortcutExpander wraps delegate so that resources may be given by their
// short names. warningHandler, if not nil, is told when a short name is
// ambiguous (the first match in discovery order wins). A full resource or
// singular name is never rewritten.
func NewShortcutExpander(delegate meta.RESTMapper, client discovery.DiscoveryInterface, warningHandler func(string)) meta.RESTMapper {
	return shortcutExpander{
		delegate: meta.ToRESTMapperWithContext(delegate),
		client:   discovery.ToDiscoveryInterfaceWithContext(client),
		warn:     warningHandler,
	}
}

// NewShortcutExpanderWithContext is NewShortcutExpander for the
// context-aware interfaces.
func NewShortcutExpanderWithContext(delegate meta.RESTMapperWithContext, client discovery.DiscoveryInterfaceWithContext, warningHandler func(string)) meta.RESTMapperWithContext {
	return shortcutExpander{delegate: delegate, client: client, warn: warningHandler}
}

// shortName is one short name and the resource it stands for.
type shortName struct {
	short, long schema.GroupResource
}

// expand rewrites resource if it is a short name.
func (e shortcutExpander) expand(ctx context.Context, resource schema.GroupVersionResource) schema.GroupVersionResource {
	// Partial results are fine: use whatever could be discovered.
	_, lists, err := e.client.ServerGroupsAndResourcesWithContext(ctx)
	if err != nil {
		klog.FromContext(ctx).V(1).Info("Error loading discovery information", "err", err)
	}
	var shorts []shortName
	for _, l := range lists {
		gv, err := schema.ParseGroupVersion(l.GroupVersion)
		if err != nil {
			continue
		}
		for _, r := range l.APIResources {
			if resource.Group == "" || resource.Group == gv.Group {
				if resource.Resource == r.Name || resource.Resource == r.SingularName {
					return resource // already a full name
				}
			}
			for _, s := range r.ShortNames {
				shorts = append(shorts, shortName{
					short: schema.GroupResource{Group: gv.Group, Resource: s},
					long:  schema.GroupResource{Group: gv.Group, Resource: r.Name},
				})
			}
		}
	}

	var match *schema.GroupResource
	warned := map[schema.GroupResource]bool{}
	for i := range shorts {
		s := &shorts[i]
		if (resource.Group != "" && resource.Group != s.short.Group) || resource.Resource != s.short.Resource {
			continue
		}
		if match == nil {
			match = &s.long
			continue
		}
		// The same resource in several versions is not ambiguous.
		if s.long != *match && !warned[s.long] {
			warned[s.long] = true
			if e.warn != nil {
				e.warn(fmt.Sprintf("short name %q could also match lower priority resource %s", resource.Resource, s.long.String()))
			}
		}
	}
	if match != nil {
		// As in client-go, the expansion names group and resource only:
		// the mapper then picks the preferred version.
		return schema.GroupVersionResource{Group: match.Group, Resource: match.Resource}
	}

	// A partial group matches by prefix, so "autoscal" finds "autoscaling".
	if resource.Group != "" {
		for _, s := range shorts {
			if strings.HasPrefix(s.short.Group, resource.Group) && resource.Resource == s.short.Resource {
				resource.Group, resource.Resource = s.long.Group, s.long.Resource
				return resource
			}
		}
	}
	return resource
}

func (e shortcutExpander) KindFor(resource schema.GroupVersionResource) (schema.GroupVersionKind, error) {
	return e.KindForWithContext(context.Background(), resource)
}

// KindForWithContext expands resource and asks the delegate; on a NoMatch
// error it expands again (a deferred delegate may have refreshed discovery)
// and retries once.
func (e shortcutExpander) KindForWithContext(ctx context.Context, resource schema.GroupVersionResource) (schema.GroupVersionKind, error) {
	gvk, err := e.delegate.KindForWithContext(ctx, e.expand(ctx, resource))
	if meta.IsNoMatchError(err) {
		return e.delegate.KindForWithContext(ctx, e.expand(ctx, resource))
	}
	return gvk, err
}

func (e shortcutExpander) KindsFor(resource schema.GroupVersionResource) ([]schema.GroupVersionKind, error) {
	return e.KindsForWithContext(context.Background(), resource)
}

// KindsForWithContext expands resource and asks the delegate.
func (e shortcutExpander) KindsForWithContext(ctx context.Context, resource schema.GroupVersionResource) ([]schema.GroupVersionKind, error) {
	return e.delegate.KindsForWithContext(ctx, e.expand(ctx, resource))
}

func (e shortcutExpander) ResourcesFor(resource schema.GroupVersionResource) ([]schema.GroupVersionResource, error) {
	return e.ResourcesForWithContext(context.Background(), resource)
}

// ResourcesForWithContext expands resource and asks the delegate.
func (e shortcutExpander) ResourcesForWithContext(ctx context.Context, resource schema.GroupVersionResource) ([]schema.GroupVersionResource, error) {
	return e.delegate.ResourcesForWithContext(ctx, e.expand(ctx, resource))
}

func (e shortcutExpander) ResourceFor(resource schema.GroupVersionResource) (schema.GroupVersionResource, error) {
	return e.ResourceForWithContext(context.Background(), resource)
}

// ResourceForWithContext expands resource and asks the delegate.
func (e shortcutExpander) ResourceForWithContext(ctx context.Context, resource schema.GroupVersionResource) (schema.GroupVersionResource, error) {
	return e.delegate.ResourceForWithContext(ctx, e.expand(ctx, resource))
}

func (e shortcutExpander) ResourceSingularizer(resource string) (string, error) {
	return e.ResourceSingularizerWithContext(context.Background(), resource)
}

// ResourceSingularizerWithContext expands resource and asks the delegate.
func (e shortcutExpander) ResourceSingularizerWithContext(ctx context.Context, resource string) (string, error) {
	return e.delegate.ResourceSingularizerWithContext(ctx, e.expand(ctx, schema.GroupVersionResource{Resource: resource}).Resource)
}

func (e shortcutExpander) RESTMapping(gk schema.GroupKind, versions ...string) (*meta.RESTMapping, error) {
	return e.delegate.RESTMappingWithContext(context.Background(), gk, versions...)
}

// RESTMappingWithContext asks the delegate: kinds have no short names.
func (e shortcutExpander) RESTMappingWithContext(ctx context.Context, gk schema.GroupKind, versions ...string) (*meta.RESTMapping, error) {
	return e.delegate.RESTMappingWithContext(ctx, gk, versions...)
}

func (e shortcutExpander) RESTMappings(gk schema.GroupKind, versions ...string) ([]*meta.RESTMapping, error) {
	return e.delegate.RESTMappingsWithContext(context.Background(), gk, versions...)
}

// RESTMappingsWithContext asks the delegate: kinds have no short names.
func (e shortcutExpander) RESTMappingsWithContext(ctx context.Context, gk schema.GroupKind, versions ...string) ([]*meta.RESTMapping, error) {
	return e.delegate.RESTMappingsWithContext(ctx, gk, versions...)
}

// Reset resets the delegate if it can be reset.
func (e shortcutExpander) Reset() { e.ResetWithContext(context.Background()) }

// ResetWithContext resets the delegate if it can be reset.
func (e shortcutExpander) ResetWithContext(ctx context.Context) {
	meta.MaybeResetRESTMapperWithContext(ctx, e.delegate)
}
