package events

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	eventsv1beta1 "k8s.io/api/events/v1beta1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
)

// regardingField is the name of the field that points at the subject of an
// event, per Event API version.
var regardingField = map[schema.GroupVersion]string{
	eventsv1.SchemeGroupVersion:      "regarding",
	eventsv1beta1.SchemeGroupVersion: "regarding",
	corev1.SchemeGroupVersion:        "involvedObject",
}

// GetFieldSelector returns a field selector that matches the events about
// one object when listing or watching events of eventsGroupVersion
// (events.k8s.io/v1, events.k8s.io/v1beta1 or core v1). Empty arguments are
// left out of the selector. Unknown versions are an error.
func GetFieldSelector(eventsGroupVersion schema.GroupVersion, regardingGroupVersionKind schema.GroupVersionKind, regardingName string, regardingUID types.UID) (fields.Selector, error) {
	field, ok := regardingField[eventsGroupVersion]
	if !ok {
		return nil, fmt.Errorf("events: unknown event API version %v", eventsGroupVersion)
	}
	set := fields.Set{}
	add := func(suffix, value string) {
		if value != "" {
			set[field+"."+suffix] = value
		}
	}
	add("name", regardingName)
	add("kind", regardingGroupVersionKind.Kind)
	if gv := regardingGroupVersionKind.GroupVersion(); !gv.Empty() {
		add("apiVersion", gv.String())
	}
	add("uid", string(regardingUID))
	return set.AsSelector(), nil
}
