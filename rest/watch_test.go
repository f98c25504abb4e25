package rest

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer/streaming"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/kubernetes/scheme"
	restwatch "github.com/kclient/kclient/rest/watch"
	"github.com/kclient/kclient/util/flowcontrol"
)

// writeWatchEvents streams events with the negotiated framing for mediaType.
func writeWatchEvents(t *testing.T, w http.ResponseWriter, mediaType string, events []watch.Event) {
	info, ok := runtime.SerializerInfoForMediaType(scheme.Codecs.SupportedMediaTypes(), mediaType)
	require.True(t, ok)
	w.Header().Set("Content-Type", mediaType+";stream=watch")
	if mediaType == "application/json" {
		w.Header().Set("Content-Type", mediaType)
	}
	w.WriteHeader(http.StatusOK)
	flusher := w.(http.Flusher)
	enc := restwatch.NewEncoder(
		streaming.NewEncoder(info.StreamSerializer.Framer.NewFrameWriter(w), info.StreamSerializer.Serializer),
		scheme.Codecs.EncoderForVersion(info.Serializer, corev1.SchemeGroupVersion))
	for _, e := range events {
		require.NoError(t, enc.Encode(&e))
		flusher.Flush()
	}
}

func cm(name, rv string) *corev1.ConfigMap {
	return &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name, ResourceVersion: rv}}
}

func TestWatchDecodesEvents(t *testing.T) {
	for _, mediaType := range []string{"application/json", "application/vnd.kubernetes.protobuf"} {
		t.Run(mediaType, func(t *testing.T) {
			s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
				assert.Equal(t, "true", r.URL.Query().Get("watch"))
				writeWatchEvents(t, w, mediaType, []watch.Event{
					{Type: watch.Added, Object: cm("a", "1")},
					{Type: watch.Modified, Object: cm("a", "2")},
					{Type: watch.Deleted, Object: cm("a", "3")},
					{Type: watch.Bookmark, Object: cm("", "4")},
					{Type: watch.Error, Object: &metav1.Status{Status: metav1.StatusFailure, Code: 410, Reason: metav1.StatusReasonExpired, Message: "too old resource version"}},
				})
			})
			cfg := testConfig(s.URL)
			cfg.AcceptContentTypes = mediaType
			c, err := RESTClientFor(cfg)
			require.NoError(t, err)
			w, err := c.Get().Namespace("ns").Resource("configmaps").VersionedParams(&metav1.ListOptions{Watch: true}, scheme.ParameterCodec).Watch(context.Background())
			require.NoError(t, err)
			defer w.Stop()
			var got []watch.EventType
			var last watch.Event
			for e := range w.ResultChan() {
				got = append(got, e.Type)
				last = e
				if e.Type != watch.Error {
					assert.IsType(t, &corev1.ConfigMap{}, e.Object)
				}
			}
			assert.Equal(t, []watch.EventType{watch.Added, watch.Modified, watch.Deleted, watch.Bookmark, watch.Error}, got)
			status, ok := last.Object.(*metav1.Status)
			require.True(t, ok, "ERROR events carry a Status, got %T", last.Object)
			assert.Equal(t, int32(410), status.Code)
			assert.True(t, apierrors.IsResourceExpired(apierrors.FromObject(status)))
		})
	}
}

// hangingWatchServer sends one event and then keeps the stream open.
func hangingWatchServer(t *testing.T) *testServer {
	return newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeWatchEvents(t, w, "application/json", []watch.Event{{Type: watch.Added, Object: cm("a", "1")}})
		<-r.Context().Done()
	})
}

func expectClosedWithoutError(t *testing.T, ch <-chan watch.Event) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case e, ok := <-ch:
			if !ok {
				return
			}
			assert.NotEqual(t, watch.Error, e.Type, "a deliberate stop must not produce an error event: %v", e.Object)
		case <-deadline:
			t.Fatal("the result channel was not closed")
		}
	}
}

func TestWatchStopAndCancel(t *testing.T) {
	s := hangingWatchServer(t)
	c := newTestClient(t, s)

	w, err := c.Get().Resource("configmaps").Param("watch", "true").Watch(context.Background())
	require.NoError(t, err)
	e := <-w.ResultChan()
	assert.Equal(t, watch.Added, e.Type)
	w.Stop()
	expectClosedWithoutError(t, w.ResultChan())

	ctx, cancel := context.WithCancel(context.Background())
	w, err = c.Get().Resource("configmaps").Param("watch", "true").Watch(ctx)
	require.NoError(t, err)
	<-w.ResultChan()
	cancel()
	expectClosedWithoutError(t, w.ResultChan())
	w.Stop() // stopping after the end is harmless
}

func TestWatchAbruptlyClosedStream(t *testing.T) {
	s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeWatchEvents(t, w, "application/json", []watch.Event{{Type: watch.Added, Object: cm("a", "1")}})
		_, _ = w.Write([]byte(`{"type":"MODIFIED","object":{"kind":"Conf`)) // cut mid-event
		w.(http.Flusher).Flush()
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			_ = conn.Close()
		}
	})
	c := newTestClient(t, s)
	w, err := c.Get().Resource("configmaps").Param("watch", "true").Watch(context.Background())
	require.NoError(t, err)
	defer w.Stop()
	var types []watch.EventType
	done := make(chan struct{})
	go func() {
		defer close(done)
		for e := range w.ResultChan() {
			types = append(types, e.Type)
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the watch did not end after the connection closed")
	}
	require.NotEmpty(t, types)
	assert.Equal(t, watch.Added, types[0])
}

func TestWatchGarbageEvent(t *testing.T) {
	s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"type":"EXPLODED","object":{}}` + "\n"))
	})
	c := newTestClient(t, s)
	w, err := c.Get().Resource("configmaps").Param("watch", "true").Watch(context.Background())
	require.NoError(t, err)
	e, ok := <-w.ResultChan()
	require.True(t, ok)
	assert.Equal(t, watch.Error, e.Type, "undecodable events are reported as errors")
	status, ok := e.Object.(*metav1.Status)
	require.True(t, ok)
	assert.Contains(t, status.Message, "EXPLODED")
	_, open := <-w.ResultChan()
	assert.False(t, open)
}

func TestWatchErrors(t *testing.T) {
	s := newTestServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("case") {
		case "forbidden":
			writeJSON(w, 403, statusJSON(403, "Forbidden", "configmaps is forbidden"))
		case "html":
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html></html>"))
		}
	})
	c := newTestClient(t, s)
	_, err := c.Get().Resource("configmaps").Param("case", "forbidden").Watch(context.Background())
	assert.True(t, apierrors.IsForbidden(err), "%v", err)
	_, err = c.Get().Resource("configmaps").Param("case", "html").Watch(context.Background())
	assert.ErrorContains(t, err, "text/html")
	_, err = c.Get().Name("").Watch(context.Background())
	assert.Error(t, err)
}

func TestWatchIsNotThrottled(t *testing.T) {
	s := hangingWatchServer(t)
	cfg := testConfig(s.URL)
	cfg.RateLimiter = flowcontrol.NewFakeNeverRateLimiter()
	c, err := RESTClientFor(cfg)
	require.NoError(t, err)
	w, err := c.Get().Resource("configmaps").Param("watch", "true").Watch(context.Background())
	require.NoError(t, err, "long-running watches do not take rate limiter tokens")
	e := <-w.ResultChan()
	assert.Equal(t, watch.Added, e.Type)
	w.Stop()
	expectClosedWithoutError(t, w.ResultChan())
}
