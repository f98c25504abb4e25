package scale

import (
	"fmt"
	"strings"
	"sync"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/discovery"
)

// discoveryResolver reads the scale kind from the "<resource>/scale" entry of
// discovery and remembers the answers (there is one request per
// group-version on a miss). Safe for concurrent use.
type discoveryResolver struct {
	client discovery.ServerResourcesInterface

	mu    sync.RWMutex
	known map[schema.GroupVersionResource]schema.GroupVersionKind
}

// NewDiscoveryScaleKindResolver returns a ScaleKindResolver that asks
// client's discovery information and caches the results; misses are asked
// again.
func NewDiscoveryScaleKindResolver(client discovery.ServerResourcesInterface) ScaleKindResolver {
	return &discoveryResolver{client: client, known: map[schema.GroupVersionResource]schema.GroupVersionKind{}}
}

func (r *discoveryResolver) ScaleForResource(resource schema.GroupVersionResource) (schema.GroupVersionKind, error) {
	r.mu.RLock()
	gvk, ok := r.known[resource]
	r.mu.RUnlock()
	if ok {
		return gvk, nil
	}
	list, err := r.client.ServerResourcesForGroupVersion(resource.GroupVersion().String())
	if err != nil {
		return schema.GroupVersionKind{}, fmt.Errorf("unable to fetch discovery information for %s: %w", resource, err)
	}
	for _, res := range list.APIResources {
		parent, sub, found := strings.Cut(res.Name, "/")
		if !found || parent != resource.Resource || sub != "scale" {
			continue
		}
		gv := resource.GroupVersion()
		if res.Group != "" && res.Version != "" {
			gv = schema.GroupVersion{Group: res.Group, Version: res.Version}
		}
		gvk = gv.WithKind(res.Kind)
		r.mu.Lock()
		r.known[resource] = gvk
		r.mu.Unlock()
		return gvk, nil
	}
	return schema.GroupVersionKind{}, fmt.Errorf("could not find scale subresource for %s in discovery information", resource)
}
