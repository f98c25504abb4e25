// Package fake provides FakeMetadataClient, an in-memory metadata.Interface
// for unit tests: PartialObjectMetadata objects live in a
// testing.ObjectTracker, every call is recorded as an action on the embedded
// testing.Fake, and reactors can change the answers.
package fake

import (
	"context"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/internal/fakeresource"
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
	c := &FakeMetadataClient{scheme: scheme}
	c.tracker = fakeresource.NewTracker(&c.Fake, scheme, objects...)
	return c
}

// Tracker returns the tracker holding the objects.
func (c *FakeMetadataClient) Tracker() testing.ObjectTracker { return c.tracker }

// IsWatchListSemanticsUnSupported reports true: the fake cannot stream the
// initial list in a watch (watch-list).
func (c *FakeMetadataClient) IsWatchListSemanticsUnSupported() bool { return true }

// Resource returns a client for resource; it also implements MetadataClient.
func (c *FakeMetadataClient) Resource(resource schema.GroupVersionResource) metadata.Getter {
	return &resourceClient{client: c, scope: fakeresource.Scope{Resource: resource}}
}

type resourceClient struct {
	client *FakeMetadataClient
	scope  fakeresource.Scope
}

var _ MetadataClient = &resourceClient{}

func (c *resourceClient) Namespace(ns string) metadata.ResourceInterface {
	cp := *c
	cp.scope.Namespace = ns
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
	return asPartial(c.client.Invokes(c.scope.Create(obj.Name, obj, opts, subresources), obj))
}

func (c *resourceClient) UpdateFake(obj *metav1.PartialObjectMetadata, opts metav1.UpdateOptions, subresources ...string) (*metav1.PartialObjectMetadata, error) {
	return asPartial(c.client.Invokes(c.scope.Update(obj, opts, subresources), obj))
}

func (c *resourceClient) Delete(_ context.Context, name string, opts metav1.DeleteOptions, subresources ...string) error {
	_, err := c.client.Invokes(c.scope.Delete(name, opts, subresources), &metav1.Status{Status: "metadata delete fail"})
	return err
}

func (c *resourceClient) DeleteCollection(_ context.Context, opts metav1.DeleteOptions, listOpts metav1.ListOptions) error {
	_, err := c.client.Invokes(c.scope.DeleteCollection(opts, listOpts), &metav1.Status{Status: "metadata deletecollection fail"})
	return err
}

func (c *resourceClient) Get(_ context.Context, name string, opts metav1.GetOptions, subresources ...string) (*metav1.PartialObjectMetadata, error) {
	return asPartial(c.client.Invokes(c.scope.Get(name, opts, subresources), &metav1.Status{Status: "metadata get fail"}))
}

// List applies the label selector of opts to the stored objects.
func (c *resourceClient) List(_ context.Context, opts metav1.ListOptions) (*metav1.PartialObjectMetadataList, error) {
	// The tracker answers with a metav1.List: kind "List" in listGV.
	obj, err := c.client.Invokes(c.scope.List(listGV.WithKind(""), opts), &metav1.Status{Status: "metadata list fail"})
	if obj == nil {
		return nil, err
	}
	selector := fakeresource.Selector(opts)
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
	return c.client.InvokesWatch(c.scope.Watch(opts))
}

func (c *resourceClient) Patch(_ context.Context, name string, pt types.PatchType, data []byte, opts metav1.PatchOptions, subresources ...string) (*metav1.PartialObjectMetadata, error) {
	return asPartial(c.client.Invokes(c.scope.Patch(name, pt, data, opts, subresources), &metav1.Status{Status: "metadata patch fail"}))
}
