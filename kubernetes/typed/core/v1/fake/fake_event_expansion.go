package fake

import (
	"context"
	"errors"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kclient/kclient/kubernetes/internal/fakeclient"
	"github.com/kclient/kclient/testing"
)

var errNilEvent = errors.New("the event must not be nil")

// eventNamespace is where an event call is recorded: the client's
// namespace, or the event's own for a client of all namespaces.
func (c *fakeEvents) eventNamespace(event *corev1.Event) string {
	if ns := c.Namespace(); ns != "" {
		return ns
	}
	return event.Namespace
}

// CreateWithEventNamespace is CreateWithEventNamespaceWithContext with a
// background context.
func (c *fakeEvents) CreateWithEventNamespace(event *corev1.Event) (*corev1.Event, error) {
	return c.CreateWithEventNamespaceWithContext(context.Background(), event)
}

// CreateWithEventNamespaceWithContext records a create of event.
func (c *fakeEvents) CreateWithEventNamespaceWithContext(ctx context.Context, event *corev1.Event) (*corev1.Event, error) {
	if event == nil {
		return nil, errNilEvent
	}
	return fakeclient.Invoke(c.Fake, testing.NewCreateAction(c.Resource(), c.eventNamespace(event), event), &corev1.Event{})
}

// UpdateWithEventNamespace is UpdateWithEventNamespaceWithContext with a
// background context.
func (c *fakeEvents) UpdateWithEventNamespace(event *corev1.Event) (*corev1.Event, error) {
	return c.UpdateWithEventNamespaceWithContext(context.Background(), event)
}

// UpdateWithEventNamespaceWithContext records an update of event.
func (c *fakeEvents) UpdateWithEventNamespaceWithContext(ctx context.Context, event *corev1.Event) (*corev1.Event, error) {
	if event == nil {
		return nil, errNilEvent
	}
	return fakeclient.Invoke(c.Fake, testing.NewUpdateAction(c.Resource(), c.eventNamespace(event), event), &corev1.Event{})
}

// PatchWithEventNamespace is PatchWithEventNamespaceWithContext with a
// background context.
func (c *fakeEvents) PatchWithEventNamespace(event *corev1.Event, data []byte) (*corev1.Event, error) {
	return c.PatchWithEventNamespaceWithContext(context.Background(), event, data)
}

// PatchWithEventNamespaceWithContext records a strategic merge patch of the
// event named event.Name.
func (c *fakeEvents) PatchWithEventNamespaceWithContext(ctx context.Context, event *corev1.Event, data []byte) (*corev1.Event, error) {
	if event == nil {
		return nil, errNilEvent
	}
	action := testing.NewPatchAction(c.Resource(), c.eventNamespace(event), event.Name, types.StrategicMergePatchType, data)
	return fakeclient.Invoke(c.Fake, action, &corev1.Event{})
}

// Search is SearchWithContext with a background context.
func (c *fakeEvents) Search(scheme *runtime.Scheme, objOrRef runtime.Object) (*corev1.EventList, error) {
	return c.SearchWithContext(context.Background(), scheme, objOrRef)
}

// SearchWithContext records a list of the events in the client's
// namespace and returns them all: like client-go's fake, it does not narrow
// the list down to objOrRef.
func (c *fakeEvents) SearchWithContext(ctx context.Context, scheme *runtime.Scheme, objOrRef runtime.Object) (*corev1.EventList, error) {
	return c.List(ctx, metav1.ListOptions{})
}

// GetFieldSelector records a "get-field-selector" action and returns a
// selector matching everything.
func (c *fakeEvents) GetFieldSelector(involvedObjectName, involvedObjectNamespace, involvedObjectKind, involvedObjectUID *string) fields.Selector {
	action := testing.GenericActionImpl{ActionImpl: testing.ActionImpl{Verb: "get-field-selector", Resource: c.Resource()}}
	_, _ = c.Fake.Invokes(action, nil)
	return fields.Everything()
}
