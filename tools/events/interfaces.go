package events

import (
	"context"

	eventsv1 "k8s.io/api/events/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/klog/v2"

	internalevents "github.com/kclient/kclient/tools/internal/events"
)

// EventRecorder records events: Eventf(regarding, related, eventtype,
// reason, action, note, args...). eventtype must be "Normal" or "Warning";
// reason says why (UpperCamelCase), action what was done, note is a
// printf-style human-readable detail. related may be nil. Implementations
// never block the caller.
type EventRecorder = internalevents.EventRecorder

// AnnotatedEventRecorder is an EventRecorder that can also set annotations
// on the Event object.
type AnnotatedEventRecorder = internalevents.AnnotatedEventRecorder

// EventRecorderLogger is an EventRecorder whose own diagnostics go to a
// logger chosen with WithLogger.
type EventRecorderLogger = internalevents.EventRecorderLogger

// EventBroadcaster delivers the events of its recorders to a sink, to logs
// or to custom handlers. All methods are safe for concurrent use.
type EventBroadcaster interface {
	// StartRecordingToSink is StartRecordingToSinkWithContext with a
	// context that ends when stopCh closes; an error is logged.
	//
	// Deprecated: use StartRecordingToSinkWithContext.
	StartRecordingToSink(stopCh <-chan struct{})

	// StartRecordingToSinkWithContext writes every event recorded from now
	// on to the broadcaster's sink, folding repeats into series, until ctx
	// ends or Shutdown is called. It fails when the broadcaster has no sink
	// or is shut down.
	StartRecordingToSinkWithContext(ctx context.Context) error

	// NewRecorder returns a recorder for reportingController; scheme
	// resolves object kinds. The reporting instance is
	// "<reportingController>-<hostname>".
	NewRecorder(scheme *runtime.Scheme, reportingController string) EventRecorderLogger

	// StartEventWatcher calls eventHandler, on a goroutine of its own, with
	// every event (an *eventsv1.Event) recorded from now on, until the
	// returned function is called or the broadcaster shuts down. The handler
	// must not modify events.
	StartEventWatcher(eventHandler func(event runtime.Object)) (func(), error)

	// StartStructuredLogging logs every event through klog at verbosity.
	// The returned function stops it.
	//
	// Deprecated: use StartLogging.
	StartStructuredLogging(verbosity klog.Level) func()

	// StartLogging logs every event through logger (use logger.V(n) for
	// verbosity). The returned function stops it.
	StartLogging(logger klog.Logger) (func(), error)

	// Shutdown stops all delivery and waits for every goroutine the
	// broadcaster started. Calling it more than once is harmless.
	Shutdown()
}

// EventSink stores events.k8s.io/v1 Events in the namespace each event
// names, returning API errors as the typed clients do.
type EventSink interface {
	// Create stores a new event.
	Create(ctx context.Context, event *eventsv1.Event) (*eventsv1.Event, error)
	// Update replaces an existing event.
	Update(ctx context.Context, event *eventsv1.Event) (*eventsv1.Event, error)
	// Patch applies a strategic merge patch to the stored oldEvent.
	Patch(ctx context.Context, oldEvent *eventsv1.Event, data []byte) (*eventsv1.Event, error)
}
