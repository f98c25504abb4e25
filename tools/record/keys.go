package record

import (
	"strings"

	v1 "k8s.io/api/core/v1"
)

// joinKey concatenates parts into one cache key.
func joinKey(parts ...string) string {
	return strings.Join(parts, "")
}

// eventKey identifies events that are exact repeats of each other: same
// source, object (including field path), type, reason and message.
func eventKey(e *v1.Event) string {
	o := &e.InvolvedObject
	return joinKey(e.Source.Component, e.Source.Host,
		o.Kind, o.Namespace, o.Name, o.FieldPath, string(o.UID), o.APIVersion,
		e.Type, e.Reason, e.Message)
}

// spamKey identifies the source+object pair whose rate the spam filter
// limits.
func spamKey(e *v1.Event) string {
	o := &e.InvolvedObject
	return joinKey(e.Source.Component, e.Source.Host,
		o.Kind, o.Namespace, o.Name, string(o.UID), o.APIVersion,
		e.Type)
}

// EventAggregatorByReasonFunc groups events that differ only in their
// message: the aggregate key covers source, involved object, type, reason
// and reporting controller/instance, and the local key is the message.
// event must not be nil.
func EventAggregatorByReasonFunc(event *v1.Event) (string, string) {
	o := &event.InvolvedObject
	group := joinKey(event.Source.Component, event.Source.Host,
		o.Kind, o.Namespace, o.Name, string(o.UID), o.APIVersion,
		event.Type, event.Reason,
		event.ReportingController, event.ReportingInstance)
	return group, event.Message
}

// combinedPrefix marks the message of an aggregated event.
const combinedPrefix = "(combined from similar events): "

// EventAggregatorByReasonMessageFunc is the message of an aggregated event:
// the latest message prefixed with "(combined from similar events): ".
func EventAggregatorByReasonMessageFunc(event *v1.Event) string {
	return combinedPrefix + event.Message
}
