// Package fake provides FakeMetadataClient, an in-memory metadata.Interface
// for unit tests: PartialObjectMetadata objects live in a
// testing.ObjectTracker, every call is recorded as an action on the embedded
// testing.Fake, and reactors can change the answers.
package fake

import (
	"context"
	"fmt"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/metadata"
	"github.com/kclient/kclient/testing"
)

// listGV is the group-version under which the fake registers metav1.List,
// the list type its tracker builds.
var listGV = schema.GroupVersion{Group: "fake-metadata-client-group", Version: "v1"}

// MetadataClient is a metadata.Getter that can also create and update
// objects, which the real metadata API cannot; tests use it to set up state.
type MetadataClient interface {
	metadata.Getter
	// CreateFake stores obj.
	CreateFake(obj *metav1.PartialObjectMetadata, opts metav1.CreateOptions, subresources ...string) (*metav1.PartialObjectMetadata, error)
	// UpdateFake replaces the stored obj.
	UpdateFake(obj *metav1.PartialObjectMetadata, opts metav1.UpdateOptions, subresources ...string) (*metav1.PartialObjectMetadata, error)
}

// NewTestScheme returns a new, empty scheme for one test.
func NewTestScheme() *runtime.Scheme { return runtime.NewScheme() }

// FakeMetadataClient implements metadata.Interface over an object tracker.
type FakeMetadataClient struct {
	testing.Fake
	scheme  *runtime.Scheme
	tracker testing.ObjectTracker
}

var _ metadata.Interface = &FakeMetadataClient{}

// NewSimpleMetadataClient returns a client whose tracker holds objects
// (PartialObjectMetadata values with their real apiVersion and kind set).
// scheme is given metav1.List so that List works. It panics if an object
// cannot be added.
func NewSimpleMetadataClient(scheme *runtime.Scheme, objects ...runtime.Object) *FakeMetadataClient {
	if gvk := listGV.WithKind("List"); !scheme.Recognizes(gvk) {
		scheme.AddKnownTypeWithName(gvk, &metav1.List{})
	}
	tracker := testing.NewObjectTracker(scheme, serializer.NewCodecFactory(scheme).UniversalDecoder())
	for _, obj := range objects {
		if err := tracker.Add(obj); err != nil {
			panic(err)
		}
	}
	c := &FakeMetadataClient{scheme: scheme, tracker: tracker}
	c.AddReactor("*", "*", testing.ObjectReaction(tracker))
	c.AddWatchReactor("*", func(action testing.Action) (bool, watch.Interface, error) {
		var opts metav1.ListOptions
		if wa, ok := action.(testing.WatchActionImpl); ok {
			opts = wa.ListOptions
		}
		w, err := tracker.Watch(action.GetResource(), action.GetNamespace(), opts)
		if err != nil {
			return false, nil, err
		}
		return true, w, nil
	})
	return c
}

// Tracker returns the tracker holding the objects.
func (c *FakeMetadataClient) Tracker() testing.ObjectTracker { return c.tracker }

// IsWatchListSemanticsUnSupported reports true: the fake cannot stream the
// initial list in a watch (watch-list).
func (c *FakeMetadataClient) IsWatchListSemanticsUnSupported() bool { return true }

// Resource returns a client for resource; it also implements MetadataClient.
func (c *FakeMetadataClient) Resource(resource schema.GroupVersionResource) metadata.Getter {
	return &resourceClient{client: c, resource: resource}
}

type resourceClient struct {
	client    *FakeMetadataClient
	resource  schema.GroupVersionResource
	namespace string
}

var _ MetadataClient = &resourceClient{}

func (c *resourceClient) Namespace(ns string) metadata.ResourceInterface {
	cp := *c
	cp.namespace = ns
	return &cp
}

// asPartial checks what a reactor returned.
func asPartial(obj runtime.Object, err error) (*metav1.PartialObjectMetadata, error) {
	if err != nil || obj == nil {
		return nil, err
	}
	p, ok := obj.(*metav1.PartialObjectMetadata)
	if !ok {
		return nil, fmt.Errorf("unexpected return value type %T", obj)
	}
	return p, nil
}

func (c *resourceClient) CreateFake(obj *metav1.PartialObjectMetadata, opts metav1.CreateOptions, subresources ...string) (*metav1.PartialObjectMetadata, error) {
	sub := strings.Join(subresources, "/")
	var action testing.Action
	switch {
	case c.namespace == "" && sub == "":
		action = testing.NewRootCreateActionWithOptions(c.resource, obj, opts)
	case c.namespace == "":
		action = testing.NewRootCreateSubresourceActionWithOptions(c.resource, obj.Name, sub, obj, opts)
	case sub == "":
		action = testing.NewCreateActionWithOptions(c.resource, c.namespace, obj, opts)
	default:
		action = testing.NewCreateSubresourceActionWithOptions(c.resource, obj.Name, sub, c.namespace, obj, opts)
	}
	return asPartial(c.client.Invokes(action, obj))
}

func (c *resourceClient) UpdateFake(obj *metav1.PartialObjectMetadata, opts metav1.UpdateOptions, subresources ...string) (*metav1.PartialObjectMetadata, error) {
	sub := strings.Join(subresources, "/")
	var action testing.Action
	switch {
	case c.namespace == "" && sub == "":
		action = testing.NewRootUpdateActionWithOptions(c.resource, obj, opts)
	case c.namespace == "":
		action = testing.NewRootUpdateSubresourceActionWithOptions(c.resource, sub, obj, opts)
	case sub == "":
		action = testing.NewUpdateActionWithOptions(c.resource, c.namespace, obj, opts)
	default:
		action = testing.NewUpdateSubresourceActionWithOptions(c.resource, sub, c.namespace, obj, opts)
	}
	return asPartial(c.client.Invokes(action, obj))
}

func (c *resourceClient) Delete(_ context.Context, name string, opts metav1.DeleteOptions, subresources ...string) error {
	sub := strings.Join(subresources, "/")
	var action testing.Action
	switch {
	case c.namespace == "" && sub == "":
		action = testing.NewRootDeleteActionWithOptions(c.resource, name, opts)
	case c.namespace == "":
		action = testing.NewRootDeleteSubresourceActionWithOptions(c.resource, sub, name, opts)
	case sub == "":
		action = testing.NewDeleteActionWithOptions(c.resource, c.namespace, name, opts)
	default:
		action = testing.NewDeleteSubresourceActionWithOptions(c.resource, sub, c.namespace, name, opts)
	}
	_, err := c.client.Invokes(action, &metav1.Status{Status: "metadata delete fail"})
	return err
}

func (c *resourceClient) DeleteCollection(_ context.Context, opts metav1.DeleteOptions, listOpts metav1.ListOptions) error {
	var action testing.Action
	if c.namespace == "" {
		action = testing.NewRootDeleteCollectionActionWithOptions(c.resource, opts, listOpts)
	} else {
		action = testing.NewDeleteCollectionActionWithOptions(c.resource, c.namespace, opts, listOpts)
	}
	_, err := c.client.Invokes(action, &metav1.Status{Status: "metadata deletecollection fail"})
	return err
}

func (c *resourceClient) Get(_ context.Context, name string, opts metav1.GetOptions, subresources ...string) (*metav1.PartialObjectMetadata, error) {
	sub := strings.Join(subresources, "/")
	var action testing.Action
	switch {
	case c.namespace == "" && sub == "":
		action = testing.NewRootGetActionWithOptions(c.resource, name, opts)
	case c.namespace == "":
		action = testing.NewRootGetSubresourceActionWithOptions(c.resource, sub, name, opts)
	case sub == "":
		action = testing.NewGetActionWithOptions(c.resource, c.namespace, name, opts)
	default:
		action = testing.NewGetSubresourceActionWithOptions(c.resource, c.namespace, sub, name, opts)
	}
	return asPartial(c.client.Invokes(action, &metav1.Status{Status: "metadata get fail"}))
}

// List applies the label selector of opts to the stored objects.
func (c *resourceClient) List(_ context.Context, opts metav1.ListOptions) (*metav1.PartialObjectMetadataList, error) {
	// The tracker appends "List" to the (empty) kind it is given.
	itemGVK := listGV.WithKind("")
	var action testing.Action
	if c.namespace == "" {
		action = testing.NewRootListActionWithOptions(c.resource, itemGVK, opts)
	} else {
		action = testing.NewListActionWithOptions(c.resource, itemGVK, c.namespace, opts)
	}
	obj, err := c.client.Invokes(action, &metav1.Status{Status: "metadata list fail"})
	if obj == nil {
		return nil, err
	}
	selector, _, _ := testing.ExtractFromListOptions(opts)
	if selector == nil {
		selector = labels.Everything()
	}
	in, ok := obj.(*metav1.List)
	if !ok {
		return nil, fmt.Errorf("incoming object is incorrect type %T", obj)
	}
	out := &metav1.PartialObjectMetadataList{ListMeta: in.ListMeta}
	for i, raw := range in.Items {
		item, ok := raw.Object.(*metav1.PartialObjectMetadata)
		if !ok {
			return nil, fmt.Errorf("item %d in list %T is %T", i, in, raw.Object)
		}
		if selector.Matches(labels.Set(item.Labels)) {
			out.Items = append(out.Items, *item)
		}
	}
	return out, nil
}

func (c *resourceClient) Watch(_ context.Context, opts metav1.ListOptions) (watch.Interface, error) {
	if c.namespace == "" {
		return c.client.InvokesWatch(testing.NewRootWatchActionWithOptions(c.resource, opts))
	}
	return c.client.InvokesWatch(testing.NewWatchActionWithOptions(c.resource, c.namespace, opts))
}

func (c *resourceClient) Patch(_ context.Context, name string, pt types.PatchType, data []byte, opts metav1.PatchOptions, subresources ...string) (*metav1.PartialObjectMetadata, error) {
	var action testing.Action
	switch {
	case c.namespace == "" && len(subresources) == 0:
		action = testing.NewRootPatchActionWithOptions(c.resource, name, pt, data, opts)
	case c.namespace == "":
		action = testing.NewRootPatchSubresourceActionWithOptions(c.resource, name, pt, data, opts, subresources...)
	case len(subresources) == 0:
		action = testing.NewPatchActionWithOptions(c.resource, c.namespace, name, pt, data, opts)
	default:
		action = testing.NewPatchSubresourceActionWithOptions(c.resource, c.namespace, name, pt, data, opts, subresources...)
	}
	return asPartial(c.client.Invokes(action, &metav1.Status{Status: "metadata patch fail"}))
}
