// Package fake provides FakeDynamicClient, an in-memory dynamic.Interface for
// unit tests: objects live in a testing.ObjectTracker, every call is recorded
// as an action on the embedded testing.Fake, and reactors can change the
// answers.
package fake

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/dynamic"
	"github.com/kclient/kclient/internal/fakeresource"
	"github.com/kclient/kclient/testing"
)

// FakeDynamicClient implements dynamic.Interface over an object tracker.
// Like every testing.Fake, it serialises calls; it is safe for concurrent
// use once its reactors are configured.
type FakeDynamicClient struct {
	testing.Fake
	scheme        *runtime.Scheme
	gvrToListKind map[schema.GroupVersionResource]string
	tracker       testing.ObjectTracker
}

var _ dynamic.Interface = &FakeDynamicClient{}

// NewSimpleDynamicClient returns a client whose tracker holds objects
// (typed objects are converted to unstructured ones). Every kind scheme
// knows, and the kind of every object, is registered as unstructured so
// that List works for them: the list kind of a resource is guessed as
// <Kind>List of its kind.
func NewSimpleDynamicClient(scheme *runtime.Scheme, objects ...runtime.Object) *FakeDynamicClient {
	u := runtime.NewScheme()
	for gvk := range scheme.AllKnownTypes() {
		if u.Recognizes(gvk) {
			continue
		}
		if strings.HasSuffix(gvk.Kind, "List") {
			u.AddKnownTypeWithName(gvk, &unstructured.UnstructuredList{})
		} else {
			u.AddKnownTypeWithName(gvk, &unstructured.Unstructured{})
		}
	}
	converted := make([]runtime.Object, 0, len(objects))
	for _, obj := range objects {
		c, err := toUnstructured(scheme, obj)
		if err != nil {
			panic(err)
		}
		converted = append(converted, c)
		gvk := c.GetObjectKind().GroupVersionKind()
		if !u.Recognizes(gvk) {
			u.AddKnownTypeWithName(gvk, &unstructured.Unstructured{})
		}
		gvk.Kind += "List"
		if !u.Recognizes(gvk) {
			u.AddKnownTypeWithName(gvk, &unstructured.UnstructuredList{})
		}
	}
	return NewSimpleDynamicClientWithCustomListKinds(u, nil, converted...)
}

// NewSimpleDynamicClientWithCustomListKinds is NewSimpleDynamicClient for a
// scheme that already knows unstructured kinds, with explicit list kinds for
// resources whose list kind cannot be guessed. It panics if a list kind does
// not end in "List" or an object cannot be added.
func NewSimpleDynamicClientWithCustomListKinds(scheme *runtime.Scheme, gvrToListKind map[schema.GroupVersionResource]string, objects ...runtime.Object) *FakeDynamicClient {
	listKinds := map[schema.GroupVersionResource]string{}
	for gvk := range scheme.AllKnownTypes() {
		kind, ok := strings.CutSuffix(gvk.Kind, "List")
		if !ok {
			continue
		}
		plural, _ := meta.UnsafeGuessKindToResource(gvk.GroupVersion().WithKind(kind))
		listKinds[plural] = gvk.Kind
	}
	for gvr, listKind := range gvrToListKind {
		if !strings.HasSuffix(listKind, "List") {
			panic(fmt.Sprintf("dynamic fake: list kind %q of %s must end in List", listKind, gvr))
		}
		listGVK := gvr.GroupVersion().WithKind(listKind)
		if !scheme.Recognizes(listGVK) {
			scheme.AddKnownTypeWithName(listGVK, &unstructured.UnstructuredList{})
		}
		listKinds[gvr] = listKind
	}

	c := &FakeDynamicClient{scheme: scheme, gvrToListKind: listKinds}
	c.tracker = fakeresource.NewTracker(&c.Fake, scheme, objects...)
	return c
}

// toUnstructured converts a typed object, taking its kind from scheme when
// the object does not carry it.
func toUnstructured(scheme *runtime.Scheme, obj runtime.Object) (runtime.Object, error) {
	if _, ok := obj.(runtime.Unstructured); ok {
		return obj, nil
	}
	content, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		return nil, fmt.Errorf("failed to convert to unstructured: %w", err)
	}
	u := &unstructured.Unstructured{Object: content}
	if gvk := u.GroupVersionKind(); gvk.Kind == "" || gvk.Version == "" || gvk.Group == "" {
		gvks, _, err := scheme.ObjectKinds(obj)
		if err != nil {
			return nil, fmt.Errorf("failed to convert to unstructured - unable to get GVK: %w", err)
		}
		u.SetGroupVersionKind(gvks[0])
	}
	return u, nil
}

// Tracker returns the tracker holding the objects.
func (c *FakeDynamicClient) Tracker() testing.ObjectTracker { return c.tracker }

// IsWatchListSemanticsUnSupported reports true: the fake cannot stream the
// initial list in a watch (watch-list).
func (c *FakeDynamicClient) IsWatchListSemanticsUnSupported() bool { return true }

// Resource returns a client for resource.
func (c *FakeDynamicClient) Resource(resource schema.GroupVersionResource) dynamic.NamespaceableResourceInterface {
	return &resourceClient{client: c, scope: fakeresource.Scope{Resource: resource}}
}

type resourceClient struct {
	client *FakeDynamicClient
	scope  fakeresource.Scope
}

func (c *resourceClient) Namespace(ns string) dynamic.ResourceInterface {
	cp := *c
	cp.scope.Namespace = ns
	return &cp
}

// failed is the default answer when no reactor handles an action.
func failed(verb string) *metav1.Status { return &metav1.Status{Status: "dynamic " + verb + " fail"} }

// invoke runs action and converts the answer to an Unstructured object.
func (c *resourceClient) invoke(action testing.Action, def runtime.Object) (*unstructured.Unstructured, error) {
	ret, err := c.client.Invokes(action, def)
	if err != nil {
		return nil, err
	}
	if ret == nil {
		return nil, nil
	}
	out := &unstructured.Unstructured{}
	if err := c.client.scheme.Convert(ret, out, nil); err != nil {
		return nil, err
	}
	return out, nil
}

func (c *resourceClient) Create(_ context.Context, obj *unstructured.Unstructured, opts metav1.CreateOptions, subresources ...string) (*unstructured.Unstructured, error) {
	return c.invoke(c.scope.Create(obj.GetName(), obj, opts, subresources), obj)
}

func (c *resourceClient) Update(_ context.Context, obj *unstructured.Unstructured, opts metav1.UpdateOptions, subresources ...string) (*unstructured.Unstructured, error) {
	return c.invoke(c.scope.Update(obj, opts, subresources), obj)
}

func (c *resourceClient) UpdateStatus(ctx context.Context, obj *unstructured.Unstructured, opts metav1.UpdateOptions) (*unstructured.Unstructured, error) {
	return c.Update(ctx, obj, opts, "status")
}

func (c *resourceClient) Delete(_ context.Context, name string, opts metav1.DeleteOptions, subresources ...string) error {
	_, err := c.client.Invokes(c.scope.Delete(name, opts, subresources), failed("delete"))
	return err
}

func (c *resourceClient) DeleteCollection(_ context.Context, opts metav1.DeleteOptions, listOpts metav1.ListOptions) error {
	_, err := c.client.Invokes(c.scope.DeleteCollection(opts, listOpts), failed("deletecollection"))
	return err
}

func (c *resourceClient) Get(_ context.Context, name string, opts metav1.GetOptions, subresources ...string) (*unstructured.Unstructured, error) {
	return c.invoke(c.scope.Get(name, opts, subresources), failed("get"))
}

// List needs the resource's list kind: registered in the scheme as
// <Kind>List, or given to NewSimpleDynamicClientWithCustomListKinds. The
// label selector of opts is applied.
func (c *resourceClient) List(_ context.Context, opts metav1.ListOptions) (*unstructured.UnstructuredList, error) {
	resource := c.scope.Resource
	listKind, ok := c.client.gvrToListKind[resource]
	if !ok {
		return nil, fmt.Errorf("no registered list kind for resource: %v", resource.String())
	}
	itemGVK := resource.GroupVersion().WithKind(strings.TrimSuffix(listKind, "List"))
	ret, err := c.client.Invokes(c.scope.List(itemGVK, opts), failed("list"))
	if ret == nil {
		return nil, err
	}
	selector := fakeresource.Selector(opts)
	u := &unstructured.Unstructured{}
	if err := c.client.scheme.Convert(ret, u, nil); err != nil {
		return nil, err
	}
	all, err := u.ToList()
	if err != nil {
		return nil, err
	}
	out := &unstructured.UnstructuredList{}
	out.SetResourceVersion(all.GetResourceVersion())
	out.SetGroupVersionKind(resource.GroupVersion().WithKind(listKind))
	for _, item := range all.Items {
		if selector.Matches(labels.Set(item.GetLabels())) {
			out.Items = append(out.Items, item)
		}
	}
	return out, nil
}

func (c *resourceClient) Watch(_ context.Context, opts metav1.ListOptions) (watch.Interface, error) {
	return c.client.InvokesWatch(c.scope.Watch(opts))
}

func (c *resourceClient) Patch(_ context.Context, name string, pt types.PatchType, data []byte, opts metav1.PatchOptions, subresources ...string) (*unstructured.Unstructured, error) {
	return c.invoke(c.scope.Patch(name, pt, data, opts, subresources), failed("patch"))
}

func (c *resourceClient) Apply(_ context.Context, name string, obj *unstructured.Unstructured, opts metav1.ApplyOptions, subresources ...string) (*unstructured.Unstructured, error) {
	if len(obj.GetManagedFields()) > 0 {
		return nil, errors.New("cannot apply an object with managed fields already set: " +
			"extract the field manager's apply configuration first and apply that")
	}
	data, err := runtime.Encode(unstructured.UnstructuredJSONScheme, obj)
	if err != nil {
		return nil, err
	}
	return c.invoke(c.scope.Patch(name, types.ApplyPatchType, data, opts.ToPatchOptions(), subresources), failed("apply"))
}

func (c *resourceClient) ApplyStatus(ctx context.Context, name string, obj *unstructured.Unstructured, opts metav1.ApplyOptions) (*unstructured.Unstructured, error) {
	return c.Apply(ctx, name, obj, opts, "status")
}
