package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	eventsv1 "k8s.io/api/events/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	"k8s.io/klog/v2"
	"k8s.io/utils/clock"

	restclient "github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/record/util"
)

const (
	// defaultSleepDuration is the mean pause between write attempts.
	defaultSleepDuration = 10 * time.Second
	// maxTriesPerEvent bounds the attempts to write one event.
	maxTriesPerEvent = 12
)

// seriesWriter turns recorded events into sink writes, folding repeats into
// series. Safe for concurrent use.
type seriesWriter struct {
	sink  EventSink
	clock clock.Clock
	sleep time.Duration
	// routines tracks write goroutines (the broadcaster's WaitGroup).
	routines *sync.WaitGroup

	mu    sync.Mutex
	cache map[seriesKey]*eventsv1.Event
}

// record decides what a newly recorded event means for its series and
// writes it, if needed, on a goroutine of its own so one slow write does not
// hold up the others. It is called from a tracked watcher goroutine.
func (w *seriesWriter) record(ctx context.Context, event *eventsv1.Event) {
	toWrite := w.observe(event.DeepCopy())
	if toWrite == nil {
		return
	}
	w.routines.Add(1)
	go func() {
		defer w.routines.Done()
		w.writeWithRetry(ctx, toWrite)
	}()
}

// observe updates the cache and returns the event to write, or nil when
// only the in-memory series count changed.
func (w *seriesWriter) observe(event *eventsv1.Event) *eventsv1.Event {
	w.mu.Lock()
	defer w.mu.Unlock()
	key := keyOf(event)
	known, ok := w.cache[key]
	if !ok {
		w.cache[key] = event
		return event.DeepCopy()
	}
	now := metav1.NewMicroTime(w.clock.Now())
	if known.Series != nil {
		known.Series.Count++
		known.Series.LastObservedTime = now
		return nil
	}
	known.Series = &eventsv1.EventSeries{Count: 2, LastObservedTime: now}
	return known.DeepCopy()
}

// refresh writes the current count of every open series.
func (w *seriesWriter) refresh(ctx context.Context) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for key, event := range w.cache {
		if event.Series == nil {
			continue
		}
		if stored, retry := w.write(ctx, event.DeepCopy()); !retry && stored != nil {
			w.cache[key] = stored
		}
	}
}

// finish closes series (and forgets single events) that have been quiet
// for longer than seriesFinishAfter, writing each series' final count.
func (w *seriesWriter) finish(ctx context.Context) {
	w.mu.Lock()
	defer w.mu.Unlock()
	cutoff := w.clock.Now().Add(-seriesFinishAfter)
	for key, event := range w.cache {
		switch {
		case event.Series != nil && event.Series.LastObservedTime.Time.Before(cutoff):
			if _, retry := w.write(ctx, event.DeepCopy()); !retry {
				delete(w.cache, key)
			}
		case event.Series == nil && event.EventTime.Time.Before(cutoff):
			delete(w.cache, key)
		}
	}
}

// writeWithRetry writes event, retrying transient failures with jittered
// pauses until it succeeds, fails permanently, runs out of tries or ctx
// ends.
func (w *seriesWriter) writeWithRetry(ctx context.Context, event *eventsv1.Event) {
	logger := klog.FromContext(ctx)
	for try := 1; ; try++ {
		if _, retry := w.write(ctx, event); !retry {
			return
		}
		if try >= maxTriesPerEvent {
			logger.Error(nil, "Giving up writing event: retry limit reached", "event", klog.KObj(event), "tries", try)
			return
		}
		delay := w.sleep + time.Duration(rand.Float64()*0.25*float64(w.sleep))
		select {
		case <-ctx.Done():
			return
		case <-w.clock.After(delay):
		}
	}
}

// write stores one event: a series is patched onto the stored Event (and
// re-created if that is gone), anything else is created. It returns the
// stored copy and whether a retry might succeed.
func (w *seriesWriter) write(ctx context.Context, event *eventsv1.Event) (*eventsv1.Event, bool) {
	logger := klog.FromContext(ctx)
	var (
		stored *eventsv1.Event
		err    error
	)
	isSeries := event.Series != nil
	if isSeries {
		patch, perr := seriesPatch(event)
		if perr != nil {
			logger.Error(perr, "Cannot compute series patch; event not written", "event", klog.KObj(event))
			return nil, false
		}
		stored, err = w.sink.Patch(ctx, event, patch)
	}
	if !isSeries || util.IsKeyNotFoundError(err) {
		event.ResourceVersion = ""
		stored, err = w.sink.Create(ctx, event)
	}
	if err == nil {
		return stored, false
	}

	var construction *restclient.RequestConstructionError
	var status *apierrors.StatusError
	switch {
	case errors.As(err, &construction):
		logger.Error(err, "Cannot build the request for event; not retrying", "event", klog.KObj(event))
		return nil, false
	case errors.As(err, &status):
		if apierrors.IsAlreadyExists(err) {
			logger.V(5).Info("Server rejected event; not retrying", "event", klog.KObj(event), "err", err)
		} else {
			logger.Error(err, "Server rejected event; not retrying", "event", klog.KObj(event))
		}
		return nil, false
	}
	logger.Error(err, "Writing event failed; may retry", "event", klog.KObj(event))
	return nil, true
}

// seriesPatch is the strategic merge patch that adds event's series to the
// stored Event.
func seriesPatch(event *eventsv1.Event) ([]byte, error) {
	base := event.DeepCopy()
	base.Series = nil
	oldJSON, err := json.Marshal(base)
	if err != nil {
		return nil, fmt.Errorf("encoding event: %w", err)
	}
	newJSON, err := json.Marshal(event)
	if err != nil {
		return nil, fmt.Errorf("encoding event: %w", err)
	}
	patch, err := strategicpatch.CreateTwoWayMergePatch(oldJSON, newJSON, eventsv1.Event{})
	if err != nil {
		return nil, fmt.Errorf("building series patch: %w", err)
	}
	return patch, nil
}
