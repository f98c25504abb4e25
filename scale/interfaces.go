package scale

import (
	"context"

	autoscalingapi "k8s.io/api/autoscaling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
)

// ScalesGetter hands out scale clients per namespace.
type ScalesGetter interface {
	// Scales returns a client for the namespace; "" for cluster-scoped resources.
	Scales(namespace string) ScaleInterface
}

// ScaleInterface reads and changes the scale of scalable resources.
type ScaleInterface interface {
	// Get reads resource/name/scale and returns it as autoscaling/v1.
	Get(ctx context.Context, resource schema.GroupResource, name string, opts metav1.GetOptions) (*autoscalingapi.Scale, error)
	// Update replaces the scale of the object named by scale.Name.
	Update(ctx context.Context, resource schema.GroupResource, scale *autoscalingapi.Scale, opts metav1.UpdateOptions) (*autoscalingapi.Scale, error)
	// Patch sends data to the scale subresource of the named object. data
	// must be written against the Scale version that gvr's endpoint speaks.
	Patch(ctx context.Context, gvr schema.GroupVersionResource, name string, pt types.PatchType, data []byte, opts metav1.PatchOptions) (*autoscalingapi.Scale, error)
}

// PreferredResourceMapper completes a partial resource to the preferred
// group-version-resource (meta.RESTMapper implements it).
type PreferredResourceMapper interface {
	// ResourceFor fills in whatever group, version or resource name is
	// missing from resource, choosing what the server prefers.
	ResourceFor(resource schema.GroupVersionResource) (preferredResource schema.GroupVersionResource, err error)
}

// ScaleKindResolver tells which Scale kind the scale subresource of a
// resource speaks.
type ScaleKindResolver interface {
	// ScaleForResource reports which group, version and kind of Scale the
	// endpoint resource/scale reads and writes.
	ScaleForResource(resource schema.GroupVersionResource) (scaleVersion schema.GroupVersionKind, err error)
}
