package record

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/klog/v2"

	internalevents "github.com/kclient/kclient/tools/internal/events"
)

// EventRecorderAdapter lets a core/v1 EventRecorderLogger be used where the
// events.k8s.io-style recorder of package tools/events is expected. The
// related object and action have no place in a core/v1 Event and are
// dropped; the note becomes the message.
type EventRecorderAdapter struct {
	recorder EventRecorderLogger
}

// NewEventRecorderAdapter wraps recorder.
func NewEventRecorderAdapter(recorder EventRecorderLogger) *EventRecorderAdapter {
	return &EventRecorderAdapter{recorder: recorder}
}

// Eventf records an event about regarding through the wrapped recorder.
func (a *EventRecorderAdapter) Eventf(regarding, _ runtime.Object, eventtype, reason, action, note string, args ...interface{}) {
	a.recorder.Eventf(regarding, eventtype, reason, note, args...)
}

// AnnotatedEventf is Eventf with annotations set on the Event.
func (a *EventRecorderAdapter) AnnotatedEventf(regarding, _ runtime.Object, annotations map[string]string, eventtype, reason, action, note string, args ...interface{}) {
	a.recorder.AnnotatedEventf(regarding, annotations, eventtype, reason, note, args...)
}

// WithLogger returns an adapter around the wrapped recorder's WithLogger.
func (a *EventRecorderAdapter) WithLogger(logger klog.Logger) internalevents.EventRecorderLogger {
	return &EventRecorderAdapter{recorder: a.recorder.WithLogger(logger)}
}
