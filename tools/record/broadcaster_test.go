package record

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/kubernetes/scheme"
)

// fakeSink records calls and fails the first failures calls with err.
type fakeSink struct {
	mu       sync.Mutex
	created  []*v1.Event
	patched  []*v1.Event
	failures int
	err      error
	patchErr error
}

func (s *fakeSink) fail() error {
	if s.failures > 0 {
		s.failures--
		return s.err
	}
	return nil
}

func (s *fakeSink) Create(e *v1.Event) (*v1.Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail(); err != nil {
		return nil, err
	}
	out := e.DeepCopy()
	out.ResourceVersion = fmt.Sprint(len(s.created) + 1)
	s.created = append(s.created, out)
	return out, nil
}

func (s *fakeSink) Update(e *v1.Event) (*v1.Event, error) { return e, nil }

func (s *fakeSink) Patch(e *v1.Event, _ []byte) (*v1.Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.patchErr != nil {
		return nil, s.patchErr
	}
	s.patched = append(s.patched, e.DeepCopy())
	return e, nil
}

func (s *fakeSink) counts() (int, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.created), len(s.patched)
}

func testPod() *v1.Pod {
	return &v1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop", UID: "u1"}}
}

func TestRecorderBuildsEvents(t *testing.T) {
	b := NewBroadcaster()
	defer b.Shutdown()
	got := make(chan *v1.Event, 10)
	b.StartEventWatcher(func(e *v1.Event) { got <- e })
	r := b.NewRecorder(scheme.Scheme, v1.EventSource{Component: "ctrl", Host: "node-1"})

	r.Eventf(testPod(), v1.EventTypeWarning, "BackOff", "restarting %s", "web")
	r.AnnotatedEventf(testPod(), map[string]string{"a": "b"}, v1.EventTypeNormal, "Noted", "n")
	r.Event(&v1.Node{ObjectMeta: metav1.ObjectMeta{Name: "node-1"}}, v1.EventTypeNormal, "Ready", "ready")

	e := <-got
	assert.Equal(t, "shop", e.Namespace)
	assert.True(t, strings.HasPrefix(e.Name, "web."))
	assert.Equal(t, v1.ObjectReference{Kind: "Pod", APIVersion: "v1", Namespace: "shop", Name: "web", UID: "u1"}, e.InvolvedObject)
	assert.Equal(t, "Warning", e.Type)
	assert.Equal(t, "BackOff", e.Reason)
	assert.Equal(t, "restarting web", e.Message)
	assert.EqualValues(t, 1, e.Count)
	assert.Equal(t, v1.EventSource{Component: "ctrl", Host: "node-1"}, e.Source)
	assert.Equal(t, "ctrl", e.ReportingController)
	assert.Equal(t, "node-1", e.ReportingInstance)

	e = <-got
	assert.Equal(t, map[string]string{"a": "b"}, e.Annotations)

	e = <-got
	assert.Equal(t, "default", e.Namespace, "cluster-scoped objects get events in default")
	assert.Equal(t, "Node", e.InvolvedObject.Kind)
}

func TestRecorderRejectsBadInput(t *testing.T) {
	b := NewBroadcaster()
	defer b.Shutdown()
	got := make(chan *v1.Event, 10)
	b.StartEventWatcher(func(e *v1.Event) { got <- e })
	r := b.NewRecorder(scheme.Scheme, v1.EventSource{Component: "ctrl"})
	r.Event(testPod(), "Bogus", "R", "bad type")
	r.Event(nil, v1.EventTypeNormal, "R", "nil object")
	r.Event((*v1.Pod)(nil), v1.EventTypeNormal, "R", "typed nil")
	r.Event(testPod(), v1.EventTypeNormal, "Good", "ok")
	e := <-got
	assert.Equal(t, "Good", e.Reason, "invalid events are dropped, valid ones still flow")
}

func TestRecordingToSinkCountsRepeats(t *testing.T) {
	sink := &fakeSink{}
	b := NewBroadcasterForTests(time.Millisecond)
	defer b.Shutdown()
	b.StartRecordingToSink(sink)
	r := b.NewRecorder(scheme.Scheme, v1.EventSource{Component: "ctrl"})
	for range 3 {
		r.Event(testPod(), v1.EventTypeNormal, "Same", "same message")
	}
	require.Eventually(t, func() bool { c, p := sink.counts(); return c == 1 && p == 2 }, 5*time.Second, 5*time.Millisecond)
	sink.mu.Lock()
	defer sink.mu.Unlock()
	assert.EqualValues(t, 3, sink.patched[1].Count)
}

func TestRecordingToSinkRetries(t *testing.T) {
	tests := []struct {
		name        string
		err         error
		failures    int
		wantCreated int
	}{
		{"transient errors are retried", errors.New("connection refused"), 2, 1},
		{"server rejection is final", apierrors.NewForbidden(schema.GroupResource{Resource: "events"}, "x", errors.New("no")), 1, 0},
		{"already exists is final", apierrors.NewAlreadyExists(schema.GroupResource{Resource: "events"}, "x"), 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := &fakeSink{err: tt.err, failures: tt.failures}
			b := NewBroadcasterForTests(time.Millisecond)
			b.StartRecordingToSink(sink)
			r := b.NewRecorder(scheme.Scheme, v1.EventSource{Component: "ctrl"})
			r.Event(testPod(), v1.EventTypeNormal, "R", "m")
			r.Event(&v1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "marker", Namespace: "shop"}}, v1.EventTypeNormal, "Marker", "m")
			// The marker event is written after the first one settled.
			require.Eventually(t, func() bool { c, _ := sink.counts(); return c == tt.wantCreated+1 }, 5*time.Second, 5*time.Millisecond)
			b.Shutdown()
			sink.mu.Lock()
			defer sink.mu.Unlock()
			assert.Equal(t, "marker", sink.created[len(sink.created)-1].InvolvedObject.Name)
		})
	}
}

func TestRecordingToSinkRecreatesExpiredEvent(t *testing.T) {
	sink := &fakeSink{patchErr: apierrors.NewNotFound(schema.GroupResource{Resource: "events"}, "x")}
	b := NewBroadcasterForTests(time.Millisecond)
	defer b.Shutdown()
	b.StartRecordingToSink(sink)
	r := b.NewRecorder(scheme.Scheme, v1.EventSource{Component: "ctrl"})
	r.Event(testPod(), v1.EventTypeNormal, "Same", "m")
	r.Event(testPod(), v1.EventTypeNormal, "Same", "m")
	require.Eventually(t, func() bool { c, _ := sink.counts(); return c == 2 }, 5*time.Second, 5*time.Millisecond)
	sink.mu.Lock()
	defer sink.mu.Unlock()
	assert.EqualValues(t, 2, sink.created[1].Count)
	assert.Equal(t, sink.created[0].Name, sink.created[1].Name, "the expired event is recreated under its name")
}

func TestStartLogging(t *testing.T) {
	b := NewBroadcaster()
	defer b.Shutdown()
	lines := make(chan string, 1)
	b.StartLogging(func(format string, args ...interface{}) { lines <- fmt.Sprintf(format, args...) })
	b.StartStructuredLogging(4)
	b.NewRecorder(scheme.Scheme, v1.EventSource{}).Event(testPod(), v1.EventTypeNormal, "Logged", "hello")
	line := <-lines
	assert.Contains(t, line, "reason: 'Logged' hello")
	assert.Contains(t, line, `Name:"web"`)
}

func TestNilArgumentsAreHarmless(t *testing.T) {
	b := NewBroadcaster()
	defer b.Shutdown()
	w := b.StartRecordingToSink(nil)
	w.Stop()
	b.StartEventWatcher(nil)
	b.StartLogging(nil)
	got := make(chan struct{}, 1)
	b.StartEventWatcher(func(*v1.Event) { got <- struct{}{} })
	b.NewRecorder(scheme.Scheme, v1.EventSource{}).Event(testPod(), v1.EventTypeNormal, "R", "m")
	<-got
}

func TestWatcherStop(t *testing.T) {
	b := NewBroadcaster()
	defer b.Shutdown()
	var mu sync.Mutex
	n := 0
	w := b.StartEventWatcher(func(*v1.Event) { mu.Lock(); n++; mu.Unlock() })
	w.Stop()
	got := make(chan struct{}, 1)
	b.StartEventWatcher(func(*v1.Event) { got <- struct{}{} })
	b.NewRecorder(scheme.Scheme, v1.EventSource{}).Event(testPod(), v1.EventTypeNormal, "R", "m")
	<-got
	mu.Lock()
	defer mu.Unlock()
	assert.Zero(t, n, "a stopped watcher receives nothing")
}

func TestShutdownStopsGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	for range 5 {
		b := NewBroadcasterForTests(time.Hour)
		b.StartRecordingToSink(&fakeSink{err: errors.New("down"), failures: 100})
		b.StartLogging(func(string, ...interface{}) {})
		b.StartStructuredLogging(0)
		r := b.NewRecorder(scheme.Scheme, v1.EventSource{Component: "c"})
		r.Event(testPod(), v1.EventTypeNormal, "R", "m") // will sit in a retry sleep
		b.Shutdown()
		b.Shutdown() // idempotent
		r.Event(testPod(), v1.EventTypeNormal, "R", "after shutdown is dropped")
		w := b.StartEventWatcher(func(*v1.Event) {})
		w.Stop()
	}
	// Poll by hand: assert.Eventually runs its condition on an extra goroutine.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if runtime.NumGoroutine() > before {
		t.Error("goroutines leaked")
		buf := make([]byte, 1<<16)
		t.Logf("goroutines before %d, now %d:\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
	}
}
