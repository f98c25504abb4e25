package events

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	k8sruntime "k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/clock"
	clocktesting "k8s.io/utils/clock/testing"

	"github.com/kclient/kclient/kubernetes/scheme"
)

type sinkCall struct {
	verb  string
	event *eventsv1.Event
	patch string
}

type fakeSink struct {
	mu       sync.Mutex
	calls    []sinkCall
	failures int
	err      error
	patchErr error
}

func (s *fakeSink) add(verb string, e *eventsv1.Event, patch []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failures > 0 {
		s.failures--
		return s.err
	}
	if verb == "patch" && s.patchErr != nil {
		return s.patchErr
	}
	s.calls = append(s.calls, sinkCall{verb, e.DeepCopy(), string(patch)})
	return nil
}

func (s *fakeSink) Create(_ context.Context, e *eventsv1.Event) (*eventsv1.Event, error) {
	if err := s.add("create", e, nil); err != nil {
		return nil, err
	}
	return e, nil
}

func (s *fakeSink) Update(_ context.Context, e *eventsv1.Event) (*eventsv1.Event, error) {
	return e, s.add("update", e, nil)
}

func (s *fakeSink) Patch(_ context.Context, e *eventsv1.Event, p []byte) (*eventsv1.Event, error) {
	if err := s.add("patch", e, p); err != nil {
		return nil, err
	}
	return e, nil
}

func (s *fakeSink) snapshot() []sinkCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sinkCall(nil), s.calls...)
}

func pod(name string) *corev1.Pod {
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "shop", UID: types.UID("uid-" + name)}}
}

func TestRecorderBuildsEvents(t *testing.T) {
	b := NewBroadcaster(nil)
	defer b.Shutdown()
	got := make(chan *eventsv1.Event, 4)
	_, err := b.StartEventWatcher(func(o k8sruntime.Object) { got <- o.(*eventsv1.Event) })
	require.NoError(t, err)
	r := b.NewRecorder(scheme.Scheme, "my-controller")

	r.Eventf(pod("web"), pod("db"), corev1.EventTypeWarning, "Unhealthy", "Probe", "probe failed %d times", 3)
	e := <-got
	assert.Equal(t, "shop", e.Namespace)
	assert.True(t, strings.HasPrefix(e.Name, "web."))
	assert.Equal(t, "Pod", e.Regarding.Kind)
	assert.Equal(t, "web", e.Regarding.Name)
	require.NotNil(t, e.Related)
	assert.Equal(t, "db", e.Related.Name)
	assert.Equal(t, "Unhealthy", e.Reason)
	assert.Equal(t, "Probe", e.Action)
	assert.Equal(t, "probe failed 3 times", e.Note)
	assert.Equal(t, "my-controller", e.ReportingController)
	assert.True(t, strings.HasPrefix(e.ReportingInstance, "my-controller-"))
	assert.False(t, e.EventTime.IsZero())

	r.(AnnotatedEventRecorder).AnnotatedEventf(&corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n1"}}, nil, map[string]string{"k": "v"}, corev1.EventTypeNormal, "Ready", "Check", "ok")
	e = <-got
	assert.Equal(t, "default", e.Namespace)
	assert.Nil(t, e.Related)
	assert.Equal(t, map[string]string{"k": "v"}, e.Annotations)

	r.Eventf(pod("web"), nil, "Bogus", "R", "A", "dropped")
	r.Eventf(nil, nil, corev1.EventTypeNormal, "R", "A", "dropped")
	r.WithLogger(klogDiscard()).Eventf(pod("web"), nil, corev1.EventTypeNormal, "Last", "A", "kept")
	e = <-got
	assert.Equal(t, "Last", e.Reason)
}

func TestSeries(t *testing.T) {
	clk := clocktesting.NewFakeClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	sink := &fakeSink{}
	var wg sync.WaitGroup
	w := &seriesWriter{sink: sink, clock: clk, sleep: time.Millisecond, cache: map[seriesKey]*eventsv1.Event{}, routines: &wg}
	ctx := context.Background()
	ev := func() *eventsv1.Event {
		return &eventsv1.Event{
			ObjectMeta:          metav1.ObjectMeta{Name: "web.1", Namespace: "shop"},
			EventTime:           metav1.NewMicroTime(clk.Now()),
			Regarding:           corev1.ObjectReference{Kind: "Pod", Name: "web", Namespace: "shop"},
			Type:                corev1.EventTypeNormal,
			Reason:              "Pulled",
			Action:              "Pull",
			ReportingController: "kubelet",
			Note:                "pulled",
		}
	}

	w.record(ctx, ev())
	wg.Wait()
	clk.Step(time.Second)
	w.record(ctx, ev())
	wg.Wait()
	clk.Step(time.Second)
	w.record(ctx, ev()) // counted in memory only
	wg.Wait()

	calls := sink.snapshot()
	require.Len(t, calls, 2)
	assert.Equal(t, "create", calls[0].verb)
	assert.Nil(t, calls[0].event.Series)
	assert.Equal(t, "patch", calls[1].verb)
	assert.EqualValues(t, 2, calls[1].event.Series.Count)
	assert.Contains(t, calls[1].patch, `"series":{"count":2`)

	// A different action is a different series.
	other := ev()
	other.Action = "Retry"
	w.record(ctx, other)
	wg.Wait()
	assert.Len(t, sink.snapshot(), 3)

	w.refresh(ctx)
	calls = sink.snapshot()
	require.Len(t, calls, 4)
	assert.Equal(t, "patch", calls[3].verb)
	assert.EqualValues(t, 3, calls[3].event.Series.Count)

	// After six quiet minutes the series is closed and single events forgotten.
	clk.Step(7 * time.Minute)
	w.finish(ctx)
	assert.Len(t, sink.snapshot(), 5)
	w.mu.Lock()
	assert.Empty(t, w.cache)
	w.mu.Unlock()

	// The next occurrence starts afresh with a create.
	w.record(ctx, ev())
	wg.Wait()
	calls = sink.snapshot()
	assert.Equal(t, "create", calls[len(calls)-1].verb)
}

func TestWriteRetriesAndFallbacks(t *testing.T) {
	gr := schema.GroupResource{Group: "events.k8s.io", Resource: "events"}
	tests := []struct {
		name      string
		sink      *fakeSink
		series    bool
		wantVerbs []string
	}{
		{"transient errors retried", &fakeSink{failures: 2, err: errors.New("connection reset")}, false, []string{"create"}},
		{"rejection not retried", &fakeSink{failures: 1, err: apierrors.NewBadRequest("no")}, false, nil},
		{"expired series is recreated", &fakeSink{patchErr: apierrors.NewNotFound(gr, "x")}, true, []string{"create"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var wg sync.WaitGroup
			w := &seriesWriter{sink: tt.sink, clock: clock.RealClock{}, sleep: time.Millisecond, cache: map[seriesKey]*eventsv1.Event{}, routines: &wg}
			e := &eventsv1.Event{ObjectMeta: metav1.ObjectMeta{Name: "x", Namespace: "ns", ResourceVersion: "5"}}
			if tt.series {
				e.Series = &eventsv1.EventSeries{Count: 2}
			}
			w.writeWithRetry(context.Background(), e)
			var verbs []string
			for _, c := range tt.sink.snapshot() {
				verbs = append(verbs, c.verb)
				assert.Empty(t, c.event.ResourceVersion)
			}
			assert.Equal(t, tt.wantVerbs, verbs)
		})
	}
}

func TestRecordingToSinkEndToEnd(t *testing.T) {
	sink := &fakeSink{}
	b := NewBroadcaster(sink)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	require.NoError(t, b.StartRecordingToSinkWithContext(ctx))
	r := b.NewRecorder(scheme.Scheme, "ctrl")
	for range 3 {
		r.Eventf(pod("web"), nil, corev1.EventTypeNormal, "Synced", "Sync", "done")
	}
	require.Eventually(t, func() bool { return len(sink.snapshot()) == 2 }, 5*time.Second, 5*time.Millisecond)
	b.Shutdown()
	assert.Error(t, b.StartRecordingToSinkWithContext(ctx), "no recording after shutdown")
	assert.ErrorIs(t, NewBroadcaster(nil).StartRecordingToSinkWithContext(ctx), errNoSink)
}

func TestShutdownLeavesNoGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	for range 5 {
		b := NewBroadcaster(&fakeSink{failures: 1000, err: errors.New("down")})
		stopCh := make(chan struct{})
		b.StartRecordingToSink(stopCh)
		stopLog := b.StartStructuredLogging(0)
		_, err := b.StartLogging(klogDiscard())
		require.NoError(t, err)
		b.NewRecorder(scheme.Scheme, "c").Eventf(pod("p"), nil, corev1.EventTypeNormal, "R", "A", "stuck in retries")
		stopLog()
		b.Shutdown()
		b.Shutdown()
		close(stopCh)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	assert.LessOrEqual(t, runtime.NumGoroutine(), before)
}

func TestNilArguments(t *testing.T) {
	b := NewBroadcaster(nil)
	defer b.Shutdown()
	_, err := b.StartEventWatcher(nil)
	assert.Error(t, err)
	sink := &EventSinkImpl{}
	_, err = sink.Create(context.Background(), nil)
	assert.ErrorIs(t, err, errNoNamespace)
	_, err = sink.Patch(context.Background(), &eventsv1.Event{}, nil)
	assert.ErrorIs(t, err, errNoNamespace)
}

func TestGetFieldSelector(t *testing.T) {
	podGVK := schema.GroupVersionKind{Version: "v1", Kind: "Pod"}
	tests := []struct {
		name    string
		gv      schema.GroupVersion
		gvk     schema.GroupVersionKind
		objName string
		uid     types.UID
		want    string
		wantErr bool
	}{
		{"events v1", eventsv1.SchemeGroupVersion, podGVK, "web", "u1", "regarding.apiVersion=v1,regarding.kind=Pod,regarding.name=web,regarding.uid=u1", false},
		{"core v1", corev1.SchemeGroupVersion, podGVK, "web", "", "involvedObject.apiVersion=v1,involvedObject.kind=Pod,involvedObject.name=web", false},
		{"only name", eventsv1.SchemeGroupVersion, schema.GroupVersionKind{}, "web", "", "regarding.name=web", false},
		{"unknown version", schema.GroupVersion{Group: "x", Version: "v9"}, podGVK, "web", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sel, err := GetFieldSelector(tt.gv, tt.gvk, tt.objName, tt.uid)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			// The selector's term order is unspecified: compare the terms.
			assert.ElementsMatch(t, strings.Split(tt.want, ","), strings.Split(sel.String(), ","))
		})
	}
}

func TestFakeRecorder(t *testing.T) {
	typed := &corev1.Pod{TypeMeta: metav1.TypeMeta{Kind: "Pod", APIVersion: "v1"}}
	f := NewFakeRecorder(3)
	f.Eventf(typed, nil, "Normal", "Started", "Start", "pod %s", "web")
	assert.Equal(t, "Normal Started pod web", <-f.Events)
	f.Verbose = true
	f.Eventf(typed, typed, "Normal", "Started", "Start", "pod %s", "web")
	assert.Equal(t, "Normal Started Start pod web {kind=Pod,apiVersion=v1} {kind=Pod,apiVersion=v1}", <-f.Events)
	f.WithLogger(klogDiscard()).(AnnotatedEventRecorder).AnnotatedEventf(&corev1.Pod{}, nil, map[string]string{"a": "b"}, "Warning", "R", "A", "n")
	assert.Equal(t, "Warning R A n map[a:b]", <-f.Events)
	(&FakeRecorder{}).Eventf(typed, nil, "Normal", "R", "A", "discarded")
}
