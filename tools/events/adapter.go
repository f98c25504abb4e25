package events

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/klog/v2"

	clientset "github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/kubernetes/scheme"
	typedcorev1 "github.com/kclient/kclient/kubernetes/typed/core/v1"
	typedeventsv1 "github.com/kclient/kclient/kubernetes/typed/events/v1"
	"github.com/kclient/kclient/tools/record"
)

// EventBroadcasterAdapter hides whether events are written through the
// events.k8s.io/v1 API or, on servers without it, as core/v1 Events.
//
// Deprecated: every supported API server serves events.k8s.io/v1; use an
// EventBroadcaster directly.
type EventBroadcasterAdapter interface {
	// StartRecordingToSink starts writing events until stopCh closes.
	StartRecordingToSink(stopCh <-chan struct{})
	// NewRecorder returns a recorder for the reporting controller name,
	// backed by whichever API is in use.
	NewRecorder(name string) EventRecorderLogger
	// DeprecatedNewLegacyRecorder returns a core/v1 recorder with source
	// component name.
	DeprecatedNewLegacyRecorder(name string) record.EventRecorderLogger
	// Shutdown stops both broadcasters.
	Shutdown()
}

// broadcasterAdapter implements EventBroadcasterAdapter.
type broadcasterAdapter struct {
	coreClient   typedcorev1.EventsGetter
	eventsClient typedeventsv1.EventsV1Interface
	eventsV1     EventBroadcaster
	legacy       record.EventBroadcaster
}

// NewEventBroadcasterAdapter is NewEventBroadcasterAdapterWithContext with
// context.Background().
func NewEventBroadcasterAdapter(client clientset.Interface) EventBroadcasterAdapter {
	return NewEventBroadcasterAdapterWithContext(context.Background(), client)
}

// NewEventBroadcasterAdapterWithContext probes the server for
// events.k8s.io/v1 (one GET, bounded by ctx) and prepares a broadcaster for
// it when served; a core/v1 broadcaster tied to ctx is always prepared for
// DeprecatedNewLegacyRecorder and as the fallback.
func NewEventBroadcasterAdapterWithContext(ctx context.Context, client clientset.Interface) EventBroadcasterAdapter {
	a := &broadcasterAdapter{
		coreClient: client.CoreV1(),
		legacy:     record.NewBroadcaster(record.WithContext(ctx)),
	}
	if servesEventsV1(ctx, client) {
		a.eventsClient = client.EventsV1()
		a.eventsV1 = NewBroadcaster(&EventSinkImpl{Interface: a.eventsClient})
	}
	return a
}

// servesEventsV1 reports whether the server answers for events.k8s.io/v1.
func servesEventsV1(ctx context.Context, client clientset.Interface) bool {
	rc := client.EventsV1().RESTClient()
	if rc == nil {
		return false
	}
	_, err := rc.Get().AbsPath("/apis/events.k8s.io/v1").DoRaw(ctx)
	if err != nil {
		klog.FromContext(ctx).V(4).Info("events.k8s.io/v1 not usable, falling back to core/v1 events", "err", err)
	}
	return err == nil
}

func (a *broadcasterAdapter) StartRecordingToSink(stopCh <-chan struct{}) {
	if a.eventsV1 != nil {
		a.eventsV1.StartRecordingToSink(stopCh)
	}
	if a.legacy != nil && a.coreClient != nil {
		a.legacy.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: a.coreClient.Events("")})
	}
}

func (a *broadcasterAdapter) NewRecorder(name string) EventRecorderLogger {
	if a.eventsV1 != nil {
		return a.eventsV1.NewRecorder(scheme.Scheme, name)
	}
	return record.NewEventRecorderAdapter(a.DeprecatedNewLegacyRecorder(name))
}

func (a *broadcasterAdapter) DeprecatedNewLegacyRecorder(name string) record.EventRecorderLogger {
	return a.legacy.NewRecorder(scheme.Scheme, corev1.EventSource{Component: name})
}

func (a *broadcasterAdapter) Shutdown() {
	if a.eventsV1 != nil {
		a.eventsV1.Shutdown()
	}
	if a.legacy != nil {
		a.legacy.Shutdown()
	}
}
