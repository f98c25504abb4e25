package events

import (
	"context"
	"errors"
	"os"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/klog/v2"
	"k8s.io/utils/clock"
)

const (
	// queueLength bounds the events buffered per consumer.
	queueLength = 1000
	// seriesFinishAfter is how long a series may be quiet before it is
	// closed (its final count written and the series forgotten).
	seriesFinishAfter = 6 * time.Minute
	// seriesRefreshEvery is how often open series' counts are written.
	seriesRefreshEvery = 30 * time.Minute
)

// broadcaster implements EventBroadcaster.
type broadcaster struct {
	mux    *watch.Broadcaster
	sink   EventSink
	clock  clock.WithTicker
	writer *seriesWriter

	// ctx is cancelled by Shutdown and ends every goroutine below.
	ctx      context.Context
	cancel   context.CancelFunc
	stopOnce sync.Once
	routines sync.WaitGroup
}

// NewBroadcaster returns a broadcaster writing to sink (which may be nil if
// the broadcaster is only used for watching and logging). Call Shutdown to
// release it.
func NewBroadcaster(sink EventSink) EventBroadcaster {
	return newBroadcaster(sink, clock.RealClock{}, defaultSleepDuration)
}

func newBroadcaster(sink EventSink, clk clock.WithTicker, sleep time.Duration) *broadcaster {
	b := &broadcaster{
		mux:   watch.NewLongQueueBroadcaster(queueLength, watch.DropIfChannelFull),
		sink:  sink,
		clock: clk,
	}
	b.ctx, b.cancel = context.WithCancel(context.Background())
	b.writer = &seriesWriter{sink: sink, clock: clk, sleep: sleep, cache: map[seriesKey]*eventsv1.Event{}, routines: &b.routines}
	return b
}

func (b *broadcaster) Shutdown() {
	b.stopOnce.Do(b.mux.Shutdown)
	b.cancel()
	b.routines.Wait()
}

// bound returns a context that ends with ctx or with the broadcaster.
func (b *broadcaster) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	runCtx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(b.ctx, cancel)
	return runCtx, func() { stop(); cancel() }
}

func (b *broadcaster) StartRecordingToSink(stopCh <-chan struct{}) {
	ctx, cancel := context.WithCancel(context.Background())
	b.routines.Add(1)
	go func() {
		defer b.routines.Done()
		defer cancel()
		select {
		case <-stopCh:
		case <-b.ctx.Done():
		}
	}()
	if err := b.StartRecordingToSinkWithContext(ctx); err != nil {
		klog.Background().Error(err, "Cannot start recording events")
	}
}

// errNoSink is returned when recording is started without a sink.
var errNoSink = errors.New("events: broadcaster has no sink")

func (b *broadcaster) StartRecordingToSinkWithContext(ctx context.Context) error {
	if b.sink == nil {
		return errNoSink
	}
	runCtx, cancel := b.bound(ctx)
	stopWatch, err := b.StartEventWatcher(func(obj runtime.Object) {
		event, ok := obj.(*eventsv1.Event)
		if !ok {
			klog.FromContext(runCtx).Error(nil, "Ignoring unexpected object on the event stream", "type", obj)
			return
		}
		b.writer.record(runCtx, event)
	})
	if err != nil {
		cancel()
		return err
	}
	b.routines.Add(1)
	go func() {
		defer b.routines.Done()
		defer cancel()
		defer stopWatch()
		b.maintainSeries(runCtx)
	}()
	return nil
}

// maintainSeries periodically writes the counts of open series and closes
// quiet ones, until ctx ends.
func (b *broadcaster) maintainSeries(ctx context.Context) {
	refresh := b.clock.NewTicker(seriesRefreshEvery)
	defer refresh.Stop()
	finish := b.clock.NewTicker(seriesFinishAfter)
	defer finish.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-refresh.C():
			b.writer.refresh(ctx)
		case <-finish.C():
			b.writer.finish(ctx)
		}
	}
}

func (b *broadcaster) StartEventWatcher(eventHandler func(event runtime.Object)) (func(), error) {
	if eventHandler == nil {
		return nil, errors.New("events: nil event handler")
	}
	w, err := b.mux.Watch()
	if err != nil {
		return nil, err
	}
	b.routines.Add(1)
	go func() {
		defer b.routines.Done()
		defer w.Stop()
		for {
			select {
			case <-b.ctx.Done():
				return
			case ev, ok := <-w.ResultChan():
				if !ok {
					return
				}
				eventHandler(ev.Object)
			}
		}
	}()
	return w.Stop, nil
}

func (b *broadcaster) StartStructuredLogging(verbosity klog.Level) func() {
	logger := klog.Background().V(int(verbosity))
	stop, err := b.StartLogging(logger)
	if err != nil {
		logger.Error(err, "Cannot start logging events")
		return func() {}
	}
	return stop
}

func (b *broadcaster) StartLogging(logger klog.Logger) (func(), error) {
	return b.StartEventWatcher(func(obj runtime.Object) {
		e, ok := obj.(*eventsv1.Event)
		if !ok {
			return
		}
		logger.Info("Event occurred",
			"object", klog.KRef(e.Regarding.Namespace, e.Regarding.Name),
			"kind", e.Regarding.Kind,
			"apiVersion", e.Regarding.APIVersion,
			"type", e.Type,
			"reason", e.Reason,
			"action", e.Action,
			"note", e.Note)
	})
}

func (b *broadcaster) NewRecorder(scheme *runtime.Scheme, reportingController string) EventRecorderLogger {
	hostname, _ := os.Hostname() // an unknown hostname leaves a trailing "-"
	return &recorder{
		scheme:              scheme,
		reportingController: reportingController,
		reportingInstance:   reportingController + "-" + hostname,
		mux:                 b.mux,
		clock:               b.clock,
		logger:              klog.Background(),
	}
}

// seriesKey identifies events that are repeats of each other.
type seriesKey struct {
	eventType, action, reason, reportingController string
	regarding, related                             corev1.ObjectReference
}

func keyOf(e *eventsv1.Event) seriesKey {
	k := seriesKey{
		eventType:           e.Type,
		action:              e.Action,
		reason:              e.Reason,
		reportingController: e.ReportingController,
		regarding:           e.Regarding,
	}
	if e.Related != nil {
		k.related = *e.Related
	}
	return k
}
