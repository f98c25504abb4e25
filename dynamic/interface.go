package dynamic

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
)

// Interface hands out clients for one resource at a time.
type Interface interface {
	// Resource returns a client for the resource; call Namespace on it for
	// namespaced resources.
	Resource(resource schema.GroupVersionResource) NamespaceableResourceInterface
}

// NamespaceableResourceInterface is a ResourceInterface for cluster-scoped
// access (or all namespaces, for List and Watch) that can be narrowed to one
// namespace.
type NamespaceableResourceInterface interface {
	// Namespace returns a client for the resource in that namespace.
	Namespace(string) ResourceInterface
	ResourceInterface
}

// ResourceInterface performs the API verbs on one resource, optionally in one
// namespace. Methods naming an object require a non-empty name; names and
// namespaces must be valid path segments. The optional subresources are
// appended to the object's path ("status", "scale", ...).
type ResourceInterface interface {
	// Create POSTs obj. With subresources, obj's name selects the parent object.
	Create(ctx context.Context, obj *unstructured.Unstructured, options metav1.CreateOptions, subresources ...string) (*unstructured.Unstructured, error)
	// Update PUTs obj, named by its metadata.name.
	Update(ctx context.Context, obj *unstructured.Unstructured, options metav1.UpdateOptions, subresources ...string) (*unstructured.Unstructured, error)
	// UpdateStatus PUTs obj to its status subresource.
	UpdateStatus(ctx context.Context, obj *unstructured.Unstructured, options metav1.UpdateOptions) (*unstructured.Unstructured, error)
	// Delete deletes the named object.
	Delete(ctx context.Context, name string, options metav1.DeleteOptions, subresources ...string) error
	// DeleteCollection deletes every object that listOptions selects.
	DeleteCollection(ctx context.Context, options metav1.DeleteOptions, listOptions metav1.ListOptions) error
	// Get reads the named object.
	Get(ctx context.Context, name string, options metav1.GetOptions, subresources ...string) (*unstructured.Unstructured, error)
	// List reads the objects that opts selects.
	List(ctx context.Context, opts metav1.ListOptions) (*unstructured.UnstructuredList, error)
	// Watch streams changes to the objects that opts selects. The caller
	// must call Stop on the result (or cancel ctx) to release the connection.
	Watch(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error)
	// Patch applies a patch of type pt (JSON, merge, strategic merge or apply).
	Patch(ctx context.Context, name string, pt types.PatchType, data []byte, options metav1.PatchOptions, subresources ...string) (*unstructured.Unstructured, error)
	// Apply sends obj as a server-side apply patch; options.FieldManager is
	// required by the server. obj must not carry managedFields.
	Apply(ctx context.Context, name string, obj *unstructured.Unstructured, options metav1.ApplyOptions, subresources ...string) (*unstructured.Unstructured, error)
	// ApplyStatus is Apply on the status subresource.
	ApplyStatus(ctx context.Context, name string, obj *unstructured.Unstructured, options metav1.ApplyOptions) (*unstructured.Unstructured, error)
}

// APIPathResolverFunc returns the API root path ("/api" or "/apis") of a
// kind. Kind may be empty.
type APIPathResolverFunc func(kind schema.GroupVersionKind) string

// LegacyAPIPathResolverFunc maps the core group to "/api" and every other
// group to "/apis".
func LegacyAPIPathResolverFunc(kind schema.GroupVersionKind) string {
	if kind.Group == "" {
		return "/api"
	}
	return "/apis"
}
