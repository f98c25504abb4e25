package record

import (
	"context"
	"sync"
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/klog/v2"
	"k8s.io/utils/clock"
)

const (
	// queueLength bounds the events buffered per consumer; more are dropped.
	queueLength = 1000
	// defaultSleepDuration is the pause between sink write attempts.
	defaultSleepDuration = 10 * time.Second
	// maxTriesPerEvent bounds the attempts to write one event to a sink.
	maxTriesPerEvent = 12
)

// EventBroadcaster receives events from its recorders and delivers each to
// every consumer started on it. All methods are safe for concurrent use.
type EventBroadcaster interface {
	// StartEventWatcher calls eventHandler, on a goroutine of its own, for
	// every event recorded from now on. Stop the returned watch to end
	// delivery; Shutdown ends it too. The handler must not modify events.
	StartEventWatcher(eventHandler func(*v1.Event)) watch.Interface

	// StartRecordingToSink writes every event recorded from now on to sink,
	// after correlation (counting, aggregation, spam filtering). Transient
	// write failures are retried a few times. Stop the returned watch to end
	// recording. A nil sink is logged and ignored.
	StartRecordingToSink(sink EventSink) watch.Interface

	// StartLogging passes a one-line description of every event to logf.
	StartLogging(logf func(format string, args ...interface{})) watch.Interface

	// StartStructuredLogging logs every event with klog at the given
	// verbosity, as key/value pairs.
	StartStructuredLogging(verbosity klog.Level) watch.Interface

	// NewRecorder returns a recorder that stamps events with source and
	// resolves object kinds through scheme.
	NewRecorder(scheme *runtime.Scheme, source v1.EventSource) EventRecorderLogger

	// Shutdown stops delivery and every goroutine of the broadcaster and
	// its consumers, then returns. Events recorded afterwards are dropped;
	// an event being written to a sink gets no further retries. Calling it
	// more than once is harmless.
	Shutdown()
}

// broadcaster implements EventBroadcaster over a watch.Broadcaster.
type broadcaster struct {
	mux           *watch.Broadcaster
	sleepDuration time.Duration
	options       CorrelatorOptions
	logger        klog.Logger

	// ctx is cancelled by Shutdown (or by the WithContext context).
	ctx      context.Context
	cancel   context.CancelFunc
	stopOnce sync.Once
	// consumers tracks every goroutine started for a consumer.
	consumers sync.WaitGroup
}

// NewBroadcaster returns a running broadcaster; call Shutdown (or cancel the
// WithContext context) to release its goroutines.
func NewBroadcaster(opts ...BroadcasterOption) EventBroadcaster {
	c := config{sleepDuration: defaultSleepDuration}
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	parent := c.ctx
	if parent == nil {
		parent = context.Background()
	}
	b := &broadcaster{
		mux:           watch.NewLongQueueBroadcaster(queueLength, watch.DropIfChannelFull),
		sleepDuration: c.sleepDuration,
		options:       c.CorrelatorOptions,
		logger:        klog.FromContext(parent),
	}
	b.ctx, b.cancel = context.WithCancel(parent)
	if c.ctx != nil {
		// Shut down when the caller's context ends; the goroutine also ends
		// when Shutdown cancels b.ctx.
		b.consumers.Add(1)
		go func() {
			defer b.consumers.Done()
			<-b.ctx.Done()
			b.stopMux()
		}()
	}
	return b
}

// NewBroadcasterForTests is NewBroadcaster with a custom retry pause, so
// tests need not wait the default 10s between write attempts.
func NewBroadcasterForTests(sleepDuration time.Duration) EventBroadcaster {
	return NewBroadcaster(WithSleepDuration(sleepDuration))
}

// NewBroadcasterWithCorrelatorOptions is NewBroadcaster with
// WithCorrelatorOptions(options).
func NewBroadcasterWithCorrelatorOptions(options CorrelatorOptions) EventBroadcaster {
	return NewBroadcaster(WithCorrelatorOptions(options))
}

func (b *broadcaster) stopMux() {
	b.stopOnce.Do(b.mux.Shutdown)
}

func (b *broadcaster) Shutdown() {
	b.stopMux()
	b.cancel()
	b.consumers.Wait()
}

func (b *broadcaster) StartEventWatcher(eventHandler func(*v1.Event)) watch.Interface {
	if eventHandler == nil {
		eventHandler = func(*v1.Event) {}
	}
	w, err := b.mux.Watch()
	if err != nil {
		// The broadcaster is shut down; hand back a watch that is already
		// stopped so callers can still Stop it.
		b.logger.Error(err, "Cannot start event watcher: broadcaster is shut down")
		stopped := watch.NewEmptyWatch()
		return stopped
	}
	b.consumers.Add(1)
	go func() {
		defer b.consumers.Done()
		defer w.Stop()
		for {
			select {
			case <-b.ctx.Done():
				return
			case ev, ok := <-w.ResultChan():
				if !ok {
					return
				}
				if event, isEvent := ev.Object.(*v1.Event); isEvent {
					eventHandler(event)
				}
			}
		}
	}()
	return w
}

func (b *broadcaster) StartRecordingToSink(sink EventSink) watch.Interface {
	if sink == nil {
		b.logger.Error(nil, "Cannot record events to a nil sink")
		return watch.NewEmptyWatch()
	}
	correlator := NewEventCorrelatorWithOptions(b.options)
	w := &sinkWriter{sink: sink, correlator: correlator, sleep: b.sleepDuration, ctx: b.ctx, logger: b.logger, clock: clock.RealClock{}}
	return b.StartEventWatcher(w.write)
}

func (b *broadcaster) StartLogging(logf func(format string, args ...interface{})) watch.Interface {
	if logf == nil {
		logf = func(string, ...interface{}) {}
	}
	return b.StartEventWatcher(func(e *v1.Event) {
		logf("Event(%#v): type: '%v' reason: '%v' %v", e.InvolvedObject, e.Type, e.Reason, e.Message)
	})
}

func (b *broadcaster) StartStructuredLogging(verbosity klog.Level) watch.Interface {
	logger := b.logger.V(int(verbosity))
	return b.StartEventWatcher(func(e *v1.Event) {
		logger.Info("Event occurred",
			"object", klog.KRef(e.InvolvedObject.Namespace, e.InvolvedObject.Name),
			"fieldPath", e.InvolvedObject.FieldPath,
			"kind", e.InvolvedObject.Kind,
			"apiVersion", e.InvolvedObject.APIVersion,
			"type", e.Type,
			"reason", e.Reason,
			"message", e.Message)
	})
}

func (b *broadcaster) NewRecorder(scheme *runtime.Scheme, source v1.EventSource) EventRecorderLogger {
	return &recorder{
		scheme: scheme,
		source: source,
		mux:    b.mux,
		clock:  clock.RealClock{},
		logger: b.logger,
	}
}
