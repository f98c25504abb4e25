package v1beta1

import (
	"context"
	"fmt"

	eventsv1beta1 "k8s.io/api/events/v1beta1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kclient/kclient/rest"
)

// EventExpansion holds the hand-written methods of EventInterface used by
// event recorders. They address the event's own namespace; the client must
// be for that namespace or for all namespaces (""), otherwise they fail
// without sending anything. They use context.Background(): this API version
// is deprecated and will be removed.
type EventExpansion interface {
	// CreateWithEventNamespace creates event in event.Namespace.
	CreateWithEventNamespace(event *eventsv1beta1.Event) (*eventsv1beta1.Event, error)
	// UpdateWithEventNamespace replaces the event named event.Name in
	// event.Namespace; event.ResourceVersion must be set.
	UpdateWithEventNamespace(event *eventsv1beta1.Event) (*eventsv1beta1.Event, error)
	// PatchWithEventNamespace applies the strategic merge patch data to the
	// event named event.Name in event.Namespace.
	PatchWithEventNamespace(event *eventsv1beta1.Event, data []byte) (*eventsv1beta1.Event, error)
}

// inEventNamespace starts r in the event's namespace after checking that
// this client may address it.
func (e *events) inEventNamespace(r *rest.Request, verb string, event *eventsv1beta1.Event) (*rest.Request, error) {
	if event == nil {
		return nil, fmt.Errorf("cannot %s a nil event", verb)
	}
	if ns := e.GetNamespace(); ns != "" && event.Namespace != ns {
		return nil, fmt.Errorf("cannot %s an event in namespace %q with a client for namespace %q", verb, event.Namespace, ns)
	}
	return r.UseProtobufAsDefault().
		NamespaceIfScoped(event.Namespace, event.Namespace != "").
		Resource("events"), nil
}

// CreateWithEventNamespace implements EventExpansion.
func (e *events) CreateWithEventNamespace(event *eventsv1beta1.Event) (*eventsv1beta1.Event, error) {
	r, err := e.inEventNamespace(e.GetClient().Post(), "create", event)
	if err != nil {
		return nil, err
	}
	out := &eventsv1beta1.Event{}
	return out, r.Body(event).Do(context.Background()).Into(out)
}

// UpdateWithEventNamespace implements EventExpansion.
func (e *events) UpdateWithEventNamespace(event *eventsv1beta1.Event) (*eventsv1beta1.Event, error) {
	r, err := e.inEventNamespace(e.GetClient().Put(), "update", event)
	if err != nil {
		return nil, err
	}
	out := &eventsv1beta1.Event{}
	return out, r.Name(event.Name).Body(event).Do(context.Background()).Into(out)
}

// PatchWithEventNamespace implements EventExpansion.
func (e *events) PatchWithEventNamespace(event *eventsv1beta1.Event, data []byte) (*eventsv1beta1.Event, error) {
	r, err := e.inEventNamespace(e.GetClient().Patch(types.StrategicMergePatchType), "patch", event)
	if err != nil {
		return nil, err
	}
	out := &eventsv1beta1.Event{}
	return out, r.Name(event.Name).Body(data).Do(context.Background()).Into(out)
}
