package record

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/klog/v2"
	"k8s.io/utils/clock"

	restclient "github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/record/util"
)

// EventSink stores events, normally in the API server;
// &typedcorev1.EventSinkImpl{Interface: clientset.CoreV1().Events("")} is
// the usual implementation. Each call must act in the namespace of the
// event it is given and return API errors as the typed clients do
// (*apierrors.StatusError), so the recorder can tell permanent rejections
// from transient failures.
type EventSink interface {
	// Create stores a new event.
	Create(event *v1.Event) (*v1.Event, error)
	// Update replaces an existing event.
	Update(event *v1.Event) (*v1.Event, error)
	// Patch applies a strategic merge patch to oldEvent (identified by its
	// namespace and name).
	Patch(oldEvent *v1.Event, data []byte) (*v1.Event, error)
}

// sinkWriter writes correlated events to one sink; one per
// StartRecordingToSink, used from that watcher's goroutine only.
type sinkWriter struct {
	sink       EventSink
	correlator *EventCorrelator
	sleep      time.Duration
	ctx        context.Context
	logger     klog.Logger
	clock      clock.Clock
}

// write correlates event and stores the result, retrying transient failures
// up to maxTriesPerEvent times unless the broadcaster shuts down.
func (w *sinkWriter) write(event *v1.Event) {
	// Work on a copy: other consumers receive the same pointer.
	own := event.DeepCopy()
	result, err := w.correlator.EventCorrelate(own)
	if err != nil {
		w.logger.Error(err, "Event correlation failed; writing the event as is", "event", klog.KObj(own))
	}
	if result == nil || result.Skip {
		return
	}
	for try := 1; ; try++ {
		if w.store(result.Event, result.Patch, result.Event.Count > 1) {
			return
		}
		if try >= maxTriesPerEvent {
			w.logger.Error(nil, "Giving up writing event: retry limit reached", "event", klog.KObj(result.Event), "tries", try)
			return
		}
		delay := w.sleep
		if try == 1 {
			// Spread the first retry so recorders of many clients do not
			// return in lockstep after an API server outage.
			delay = time.Duration(rand.Float64() * float64(w.sleep))
		}
		select {
		case <-w.ctx.Done():
			w.logger.Error(nil, "Dropping event: broadcaster is shut down", "event", klog.KObj(result.Event))
			return
		case <-w.clock.After(delay):
		}
	}
}

// store writes one event and reports whether the write is settled: done,
// or failed in a way retrying cannot fix.
func (w *sinkWriter) store(event *v1.Event, patch []byte, existing bool) bool {
	var (
		saved *v1.Event
		err   error
	)
	if existing {
		saved, err = w.sink.Patch(event, patch)
	}
	if !existing || util.IsKeyNotFoundError(err) {
		// First occurrence, or the event we meant to bump has expired.
		event.ResourceVersion = ""
		saved, err = w.sink.Create(event)
	}
	if err == nil {
		w.correlator.UpdateState(saved)
		return true
	}

	var construction *restclient.RequestConstructionError
	var status *apierrors.StatusError
	switch {
	case errors.As(err, &construction):
		w.logger.Error(err, "Cannot build the request for event; not retrying", "event", klog.KObj(event))
		return true
	case errors.As(err, &status):
		if apierrors.IsAlreadyExists(err) || apierrors.HasStatusCause(err, v1.NamespaceTerminatingCause) {
			w.logger.V(5).Info("Server rejected event; not retrying", "event", klog.KObj(event), "err", err)
		} else {
			w.logger.Error(err, "Server rejected event; not retrying", "event", klog.KObj(event))
		}
		return true
	}
	w.logger.Error(err, "Writing event failed; may retry", "event", klog.KObj(event))
	return false
}
