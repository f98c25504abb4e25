package record

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	v1 "k8s.io/api/core/v1"

	"github.com/kclient/kclient/kubernetes/scheme"
)

func TestWithContextCancelShutsDown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	b := NewBroadcaster(WithContext(ctx), nil)
	got := make(chan *v1.Event, 1)
	w := b.StartEventWatcher(func(e *v1.Event) { got <- e })
	cancel()
	// The watcher's channel closes once the broadcaster has shut down.
	require.Eventually(t, func() bool {
		select {
		case _, ok := <-w.ResultChan():
			return !ok
		default:
			return false
		}
	}, 5*time.Second, 5*time.Millisecond)
	b.NewRecorder(scheme.Scheme, v1.EventSource{}).Event(testPod(), v1.EventTypeNormal, "R", "dropped")
	b.Shutdown()
	assert.Empty(t, got)
}

func TestCorrelatorOptionsReachTheSink(t *testing.T) {
	sink := &fakeSink{}
	b := NewBroadcasterWithCorrelatorOptions(CorrelatorOptions{BurstSize: 1, QPS: 0.0001})
	defer b.Shutdown()
	b.StartRecordingToSink(sink)
	r := b.NewRecorder(scheme.Scheme, v1.EventSource{Component: "c"})
	r.Event(testPod(), v1.EventTypeNormal, "First", "kept")
	r.Event(testPod(), v1.EventTypeNormal, "Second", "spam-filtered")
	r.Event(&v1.Pod{}, v1.EventTypeNormal, "Marker", "other object")
	require.Eventually(t, func() bool { c, _ := sink.counts(); return c == 2 }, 5*time.Second, 5*time.Millisecond)
	sink.mu.Lock()
	defer sink.mu.Unlock()
	assert.Equal(t, "First", sink.created[0].Reason)
	assert.Equal(t, "Marker", sink.created[1].Reason)
}
