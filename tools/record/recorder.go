package record

import (
	"fmt"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/klog/v2"
	"k8s.io/utils/clock"

	"github.com/kclient/kclient/tools/record/util"
	"github.com/kclient/kclient/tools/reference"
)

// EventRecorder records events about objects on behalf of one source (a
// component and host). Recording never blocks: the event is queued for the
// broadcaster's consumers, or dropped with an error log when they are too
// far behind. The Event is created in the object's namespace ("default"
// for cluster-scoped objects). Safe for concurrent use.
type EventRecorder interface {
	// Event records that reason happened to object. object may be any API
	// object whose kind the recorder's scheme knows, or an
	// *v1.ObjectReference. eventtype must be v1.EventTypeNormal or
	// v1.EventTypeWarning; reason is a short UpperCamelCase machine-readable
	// word, message the human-readable detail.
	Event(object runtime.Object, eventtype, reason, message string)

	// Eventf is Event with a printf-style message.
	Eventf(object runtime.Object, eventtype, reason, messageFmt string, args ...interface{})

	// AnnotatedEventf is Eventf with annotations set on the Event object.
	AnnotatedEventf(object runtime.Object, annotations map[string]string, eventtype, reason, messageFmt string, args ...interface{})
}

// EventRecorderLogger is an EventRecorder whose own diagnostics (invalid or
// dropped events) can be sent to a chosen logger, e.g. one from the
// caller's context:
//
//	recorder.WithLogger(klog.FromContext(ctx)).Eventf(obj, v1.EventTypeNormal, "Synced", "synced %d items", n)
type EventRecorderLogger interface {
	EventRecorder

	// WithLogger returns a recorder with the same destination that logs
	// through logger. It is cheap.
	WithLogger(logger klog.Logger) EventRecorderLogger
}

// recorder is the EventRecorderLogger handed out by a broadcaster.
type recorder struct {
	scheme *runtime.Scheme
	source v1.EventSource
	mux    *watch.Broadcaster
	clock  clock.PassiveClock
	logger klog.Logger
}

func (r *recorder) WithLogger(logger klog.Logger) EventRecorderLogger {
	cp := *r
	cp.logger = logger
	return &cp
}

func (r *recorder) Event(object runtime.Object, eventtype, reason, message string) {
	r.emit(object, nil, eventtype, reason, message)
}

func (r *recorder) Eventf(object runtime.Object, eventtype, reason, messageFmt string, args ...interface{}) {
	r.emit(object, nil, eventtype, reason, fmt.Sprintf(messageFmt, args...))
}

func (r *recorder) AnnotatedEventf(object runtime.Object, annotations map[string]string, eventtype, reason, messageFmt string, args ...interface{}) {
	r.emit(object, annotations, eventtype, reason, fmt.Sprintf(messageFmt, args...))
}

// emit builds the Event and queues it for the consumers.
func (r *recorder) emit(object runtime.Object, annotations map[string]string, eventtype, reason, message string) {
	ref, err := reference.GetReference(r.scheme, object)
	if err != nil {
		r.logger.Error(err, "Cannot reference object; event not recorded", "eventType", eventtype, "reason", reason, "message", message)
		return
	}
	if !util.ValidateEventType(eventtype) {
		r.logger.Error(nil, "Unsupported event type; event not recorded", "eventType", eventtype, "reason", reason, "object", klog.KRef(ref.Namespace, ref.Name))
		return
	}
	event := r.newEvent(ref, annotations, eventtype, reason, message)

	// Queue without blocking. Sending from the caller's goroutine (rather
	// than a new one) keeps events from racing a concurrent Shutdown.
	sent, err := r.mux.ActionOrDrop(watch.Added, event)
	switch {
	case err != nil:
		r.logger.Error(err, "Cannot record event: broadcaster is shut down", "reason", reason, "object", klog.KRef(ref.Namespace, ref.Name))
	case !sent:
		r.logger.Error(nil, "Event dropped: too many queued events", "reason", reason, "object", klog.KRef(ref.Namespace, ref.Name))
	}
}

// newEvent fills in a fresh Event about ref.
func (r *recorder) newEvent(ref *v1.ObjectReference, annotations map[string]string, eventtype, reason, message string) *v1.Event {
	now := metav1.NewTime(r.clock.Now())
	namespace := ref.Namespace
	if namespace == "" {
		namespace = metav1.NamespaceDefault
	}
	var ann map[string]string
	if len(annotations) > 0 {
		ann = make(map[string]string, len(annotations))
		for k, v := range annotations {
			ann[k] = v
		}
	}
	return &v1.Event{
		ObjectMeta: metav1.ObjectMeta{
			Name:        util.GenerateEventName(ref.Name, now.UnixNano()),
			Namespace:   namespace,
			Annotations: ann,
		},
		InvolvedObject:      *ref,
		Type:                eventtype,
		Reason:              reason,
		Message:             message,
		Count:               1,
		FirstTimestamp:      now,
		LastTimestamp:       now,
		Source:              r.source,
		ReportingController: r.source.Component,
		ReportingInstance:   r.source.Host,
	}
}
