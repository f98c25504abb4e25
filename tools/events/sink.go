package events

import (
	"context"
	"errors"

	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	typedeventsv1 "github.com/kclient/kclient/kubernetes/typed/events/v1"
)

// EventSinkImpl is the EventSink over an events.k8s.io/v1 typed client.
type EventSinkImpl struct {
	// Interface is the client events are written through.
	Interface typedeventsv1.EventsV1Interface
}

// errNoNamespace is returned for nil events and events without a
// namespace.
var errNoNamespace = errors.New("events: event is nil or has no namespace")

// Create creates event in its namespace and returns the server's copy.
func (e *EventSinkImpl) Create(ctx context.Context, event *eventsv1.Event) (*eventsv1.Event, error) {
	if event == nil || event.Namespace == "" {
		return nil, errNoNamespace
	}
	return e.Interface.Events(event.Namespace).Create(ctx, event, metav1.CreateOptions{})
}

// Update replaces event in its namespace and returns the server's copy.
func (e *EventSinkImpl) Update(ctx context.Context, event *eventsv1.Event) (*eventsv1.Event, error) {
	if event == nil || event.Namespace == "" {
		return nil, errNoNamespace
	}
	return e.Interface.Events(event.Namespace).Update(ctx, event, metav1.UpdateOptions{})
}

// Patch applies the strategic merge patch data to the stored copy of event
// and returns the result.
func (e *EventSinkImpl) Patch(ctx context.Context, event *eventsv1.Event, data []byte) (*eventsv1.Event, error) {
	if event == nil || event.Namespace == "" {
		return nil, errNoNamespace
	}
	return e.Interface.Events(event.Namespace).Patch(ctx, event.Name, types.StrategicMergePatchType, data, metav1.PatchOptions{})
}
