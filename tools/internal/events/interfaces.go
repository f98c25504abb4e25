// Package internal holds the recorder interfaces shared by tools/events and
// tools/record, so that record's adapter can satisfy events' interfaces
// without the two packages importing each other.
package internal

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/klog/v2"
)

// EventRecorder records events.k8s.io/v1-style events: what happened
// (reason, action, printf-style note) to regarding, optionally involving a
// related object.
type EventRecorder interface {
	// Eventf records one event; eventtype is "Normal" or "Warning".
	Eventf(regarding runtime.Object, related runtime.Object, eventtype, reason, action, note string, args ...interface{})
}

// AnnotatedEventRecorder is an EventRecorder that can also attach
// annotations to the Event object it creates.
type AnnotatedEventRecorder interface {
	// AnnotatedEventf is Eventf with annotations set on the Event.
	AnnotatedEventf(regarding runtime.Object, related runtime.Object, annotations map[string]string, eventtype, reason, action, note string, args ...interface{})
}

// EventRecorderLogger is an EventRecorder whose own diagnostics (dropped or
// invalid events) go to a logger chosen by the caller.
type EventRecorderLogger interface {
	EventRecorder

	// WithLogger returns a recorder that shares this one's destination but
	// logs through logger. It is cheap.
	WithLogger(logger klog.Logger) EventRecorderLogger
}
