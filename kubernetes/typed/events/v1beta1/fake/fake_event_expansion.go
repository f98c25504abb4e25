package fake

import (
	"errors"

	eventsv1beta1 "k8s.io/api/events/v1beta1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kclient/kclient/kubernetes/internal/fakeclient"
	"github.com/kclient/kclient/testing"
)

var errNilEvent = errors.New("the event must not be nil")

// eventNamespace is where an event call is recorded: the client's
// namespace, or the event's own for a client of all namespaces.
func (c *fakeEvents) eventNamespace(event *eventsv1beta1.Event) string {
	if ns := c.Namespace(); ns != "" {
		return ns
	}
	return event.Namespace
}

// CreateWithEventNamespace records a create of event.
func (c *fakeEvents) CreateWithEventNamespace(event *eventsv1beta1.Event) (*eventsv1beta1.Event, error) {
	if event == nil {
		return nil, errNilEvent
	}
	return fakeclient.Invoke(c.Fake, testing.NewCreateAction(c.Resource(), c.eventNamespace(event), event), &eventsv1beta1.Event{})
}

// UpdateWithEventNamespace records an update of event.
func (c *fakeEvents) UpdateWithEventNamespace(event *eventsv1beta1.Event) (*eventsv1beta1.Event, error) {
	if event == nil {
		return nil, errNilEvent
	}
	return fakeclient.Invoke(c.Fake, testing.NewUpdateAction(c.Resource(), c.eventNamespace(event), event), &eventsv1beta1.Event{})
}

// PatchWithEventNamespace records a strategic merge patch of the event
// named event.Name.
func (c *fakeEvents) PatchWithEventNamespace(event *eventsv1beta1.Event, data []byte) (*eventsv1beta1.Event, error) {
	if event == nil {
		return nil, errNilEvent
	}
	action := testing.NewPatchAction(c.Resource(), c.eventNamespace(event), event.Name, types.StrategicMergePatchType, data)
	return fakeclient.Invoke(c.Fake, action, &eventsv1beta1.Event{})
}
