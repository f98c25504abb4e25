package events

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/klog/v2"
	"k8s.io/utils/clock"

	"github.com/kclient/kclient/tools/record/util"
	"github.com/kclient/kclient/tools/reference"
)

// recorder is the EventRecorderLogger a broadcaster hands out.
type recorder struct {
	scheme              *runtime.Scheme
	reportingController string
	reportingInstance   string
	mux                 *watch.Broadcaster
	clock               clock.PassiveClock
	logger              klog.Logger
}

// Eventf records an event; see EventRecorder.
func (r *recorder) Eventf(regarding runtime.Object, related runtime.Object, eventtype, reason, action, note string, args ...interface{}) {
	r.AnnotatedEventf(regarding, related, nil, eventtype, reason, action, note, args...)
}

// AnnotatedEventf records an event with annotations on the Event object.
func (r *recorder) AnnotatedEventf(regarding runtime.Object, related runtime.Object, annotations map[string]string, eventtype, reason, action, note string, args ...interface{}) {
	message := fmt.Sprintf(note, args...)
	regardingRef, err := reference.GetReference(r.scheme, regarding)
	if err != nil {
		r.logger.Error(err, "Cannot reference the regarding object; event not recorded", "eventType", eventtype, "reason", reason, "note", message)
		return
	}
	var relatedRef *corev1.ObjectReference
	if related != nil {
		if relatedRef, err = reference.GetReference(r.scheme, related); err != nil {
			// The related object is optional: record the event without it.
			r.logger.V(9).Info("Cannot reference the related object", "err", err)
			relatedRef = nil
		}
	}
	if !util.ValidateEventType(eventtype) {
		r.logger.Error(nil, "Unsupported event type; event not recorded", "eventType", eventtype, "reason", reason)
		return
	}
	event := r.newEvent(regardingRef, relatedRef, annotations, eventtype, reason, action, message)
	sent, err := r.mux.ActionOrDrop(watch.Added, event)
	switch {
	case err != nil:
		r.logger.Error(err, "Cannot record event: broadcaster is shut down", "reason", reason, "object", klog.KRef(regardingRef.Namespace, regardingRef.Name))
	case !sent:
		r.logger.Error(nil, "Event dropped: too many queued events", "reason", reason, "object", klog.KRef(regardingRef.Namespace, regardingRef.Name))
	}
}

// WithLogger returns a recorder that logs through logger.
func (r *recorder) WithLogger(logger klog.Logger) EventRecorderLogger {
	cp := *r
	cp.logger = logger
	return &cp
}

func (r *recorder) newEvent(regarding, related *corev1.ObjectReference, annotations map[string]string, eventtype, reason, action, note string) *eventsv1.Event {
	now := metav1.NewMicroTime(r.clock.Now())
	namespace := regarding.Namespace
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
	return &eventsv1.Event{
		ObjectMeta: metav1.ObjectMeta{
			Name:        util.GenerateEventName(regarding.Name, now.UnixNano()),
			Namespace:   namespace,
			Annotations: ann,
		},
		EventTime:           now,
		ReportingController: r.reportingController,
		ReportingInstance:   r.reportingInstance,
		Action:              action,
		Reason:              reason,
		Regarding:           *regarding,
		Related:             related,
		Note:                note,
		Type:                eventtype,
	}
}
