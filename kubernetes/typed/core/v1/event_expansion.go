package v1

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kclient/kclient/rest"
)

// EventExpansion holds the hand-written methods of EventInterface, used by
// event recorders and by tools that look up the events of an object.
//
// The *WithEventNamespace methods address the event's own namespace; the
// client must be for that namespace or for all namespaces (""), otherwise
// they fail without sending anything.
type EventExpansion interface {
	// CreateWithEventNamespace is CreateWithEventNamespaceWithContext with
	// context.Background().
	//
	// Deprecated: use CreateWithEventNamespaceWithContext.
	CreateWithEventNamespace(event *corev1.Event) (*corev1.Event, error)
	// UpdateWithEventNamespace is UpdateWithEventNamespaceWithContext with
	// context.Background().
	//
	// Deprecated: use UpdateWithEventNamespaceWithContext.
	UpdateWithEventNamespace(event *corev1.Event) (*corev1.Event, error)
	// PatchWithEventNamespace is PatchWithEventNamespaceWithContext with
	// context.Background().
	//
	// Deprecated: use PatchWithEventNamespaceWithContext.
	PatchWithEventNamespace(event *corev1.Event, data []byte) (*corev1.Event, error)
	// Search is SearchWithContext with context.Background().
	//
	// Deprecated: use SearchWithContext.
	Search(scheme *runtime.Scheme, objOrRef runtime.Object) (*corev1.EventList, error)
	// CreateWithEventNamespaceWithContext creates event in event.Namespace
	// and returns the server's copy.
	CreateWithEventNamespaceWithContext(ctx context.Context, event *corev1.Event) (*corev1.Event, error)
	// UpdateWithEventNamespaceWithContext replaces the event named
	// event.Name in event.Namespace; event.ResourceVersion must be set.
	UpdateWithEventNamespaceWithContext(ctx context.Context, event *corev1.Event) (*corev1.Event, error)
	// PatchWithEventNamespaceWithContext applies the strategic merge patch
	// data to the event named event.Name in event.Namespace.
	PatchWithEventNamespaceWithContext(ctx context.Context, event *corev1.Event, data []byte) (*corev1.Event, error)
	// SearchWithContext lists the events whose involvedObject is objOrRef:
	// an *corev1.ObjectReference, or an object whose kind scheme knows (or
	// whose TypeMeta is set).
	SearchWithContext(ctx context.Context, scheme *runtime.Scheme, objOrRef runtime.Object) (*corev1.EventList, error)
	// GetFieldSelector returns a field selector matching events about the
	// given involved object; nil arguments are left out.
	GetFieldSelector(involvedObjectName, involvedObjectNamespace, involvedObjectKind, involvedObjectUID *string) fields.Selector
}

// CreateWithEventNamespace implements EventExpansion.
func (e *events) CreateWithEventNamespace(event *corev1.Event) (*corev1.Event, error) {
	return e.CreateWithEventNamespaceWithContext(context.Background(), event)
}

// UpdateWithEventNamespace implements EventExpansion.
func (e *events) UpdateWithEventNamespace(event *corev1.Event) (*corev1.Event, error) {
	return e.UpdateWithEventNamespaceWithContext(context.Background(), event)
}

// PatchWithEventNamespace implements EventExpansion.
func (e *events) PatchWithEventNamespace(event *corev1.Event, data []byte) (*corev1.Event, error) {
	return e.PatchWithEventNamespaceWithContext(context.Background(), event, data)
}

// Search implements EventExpansion.
func (e *events) Search(scheme *runtime.Scheme, objOrRef runtime.Object) (*corev1.EventList, error) {
	return e.SearchWithContext(context.Background(), scheme, objOrRef)
}

// inEventNamespace starts r in the event's namespace after checking that
// this client may address it.
func (e *events) inEventNamespace(r *rest.Request, verb string, event *corev1.Event) (*rest.Request, error) {
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

// CreateWithEventNamespaceWithContext implements EventExpansion.
func (e *events) CreateWithEventNamespaceWithContext(ctx context.Context, event *corev1.Event) (*corev1.Event, error) {
	r, err := e.inEventNamespace(e.GetClient().Post(), "create", event)
	if err != nil {
		return nil, err
	}
	out := &corev1.Event{}
	return out, r.Body(event).Do(ctx).Into(out)
}

// UpdateWithEventNamespaceWithContext implements EventExpansion.
func (e *events) UpdateWithEventNamespaceWithContext(ctx context.Context, event *corev1.Event) (*corev1.Event, error) {
	r, err := e.inEventNamespace(e.GetClient().Put(), "update", event)
	if err != nil {
		return nil, err
	}
	out := &corev1.Event{}
	return out, r.Name(event.Name).Body(event).Do(ctx).Into(out)
}

// PatchWithEventNamespaceWithContext implements EventExpansion.
func (e *events) PatchWithEventNamespaceWithContext(ctx context.Context, event *corev1.Event, data []byte) (*corev1.Event, error) {
	r, err := e.inEventNamespace(e.GetClient().Patch(types.StrategicMergePatchType), "patch", event)
	if err != nil {
		return nil, err
	}
	out := &corev1.Event{}
	return out, r.Name(event.Name).Body(data).Do(ctx).Into(out)
}

// SearchWithContext implements EventExpansion.
func (e *events) SearchWithContext(ctx context.Context, scheme *runtime.Scheme, objOrRef runtime.Object) (*corev1.EventList, error) {
	ref, err := objectReference(scheme, objOrRef)
	if err != nil {
		return nil, fmt.Errorf("searching events: %w", err)
	}
	if ns := e.GetNamespace(); ns != "" && ref.Namespace != ns {
		return nil, fmt.Errorf("searching events: the object is in namespace %q but the client is for namespace %q", ref.Namespace, ns)
	}
	var kind, uid *string
	if ref.Kind != "" {
		kind = &ref.Kind
	}
	if ref.UID != "" {
		s := string(ref.UID)
		uid = &s
	}
	sel := e.GetFieldSelector(&ref.Name, &ref.Namespace, kind, uid)
	return e.List(ctx, metav1.ListOptions{FieldSelector: sel.String()})
}

// GetFieldSelector implements EventExpansion.
func (e *events) GetFieldSelector(involvedObjectName, involvedObjectNamespace, involvedObjectKind, involvedObjectUID *string) fields.Selector {
	// a fixed order keeps the request URL deterministic
	terms := []struct {
		field string
		value *string
	}{
		{"involvedObject.name", involvedObjectName},
		{"involvedObject.namespace", involvedObjectNamespace},
		{"involvedObject.kind", involvedObjectKind},
		{"involvedObject.uid", involvedObjectUID},
	}
	var selectors []fields.Selector
	for _, t := range terms {
		if t.value != nil {
			selectors = append(selectors, fields.OneTermEqualSelector(t.field, *t.value))
		}
	}
	if len(selectors) == 0 {
		return fields.Everything()
	}
	return fields.AndSelectors(selectors...)
}

// objectReference describes obj as an ObjectReference, taking its kind from
// its TypeMeta or, when that is empty, from scheme.
func objectReference(scheme *runtime.Scheme, obj runtime.Object) (*corev1.ObjectReference, error) {
	if v := reflect.ValueOf(obj); !v.IsValid() || (v.Kind() == reflect.Pointer && v.IsNil()) {
		return nil, errors.New("nil object")
	}
	if ref, ok := obj.(*corev1.ObjectReference); ok {
		return ref, nil
	}
	gvk := obj.GetObjectKind().GroupVersionKind()
	if gvk.Kind == "" {
		if scheme == nil {
			return nil, fmt.Errorf("%T has no kind set and no scheme was given", obj)
		}
		kinds, _, err := scheme.ObjectKinds(obj)
		if err != nil {
			return nil, fmt.Errorf("finding the kind of %T: %w", obj, err)
		}
		gvk = kinds[0]
	}
	m, err := meta.Accessor(obj)
	if err != nil {
		return nil, fmt.Errorf("reading the metadata of %T: %w", obj, err)
	}
	return &corev1.ObjectReference{
		Kind:            gvk.Kind,
		APIVersion:      gvk.GroupVersion().String(),
		Name:            m.GetName(),
		Namespace:       m.GetNamespace(),
		UID:             m.GetUID(),
		ResourceVersion: m.GetResourceVersion(),
	}, nil
}

// GetInvolvedObjectNameFieldLabel returns the field label that selects
// events by involved object name; it is the same in every API version.
func GetInvolvedObjectNameFieldLabel(version string) string {
	return "involvedObject.name"
}

// EventSinkImpl adapts an EventInterface to the event sink of event
// recorders (Create, Update and Patch in the event's own namespace).
type EventSinkImpl struct {
	// Interface is the events client the sink writes through.
	Interface EventInterface
}

// Create creates event in its namespace.
func (e *EventSinkImpl) Create(event *corev1.Event) (*corev1.Event, error) {
	return e.Interface.CreateWithEventNamespaceWithContext(context.Background(), event)
}

// Update replaces event in its namespace.
func (e *EventSinkImpl) Update(event *corev1.Event) (*corev1.Event, error) {
	return e.Interface.UpdateWithEventNamespaceWithContext(context.Background(), event)
}

// Patch applies the strategic merge patch data to event in its namespace.
func (e *EventSinkImpl) Patch(event *corev1.Event, data []byte) (*corev1.Event, error) {
	return e.Interface.PatchWithEventNamespaceWithContext(context.Background(), event, data)
}
