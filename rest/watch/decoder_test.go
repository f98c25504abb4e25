package watch_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer/streaming"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/kubernetes/scheme"
	restwatch "github.com/kclient/kclient/rest/watch"
)

func serializer(t *testing.T, mediaType string) runtime.SerializerInfo {
	info, ok := runtime.SerializerInfoForMediaType(scheme.Codecs.SupportedMediaTypes(), mediaType)
	require.True(t, ok)
	return info
}

func decoderFor(info runtime.SerializerInfo, r io.ReadCloser) *restwatch.Decoder {
	frames := streaming.NewDecoder(info.StreamSerializer.Framer.NewFrameReader(r), info.StreamSerializer.Serializer)
	return restwatch.NewDecoder(frames, scheme.Codecs.UniversalDeserializer())
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	for _, mediaType := range []string{runtime.ContentTypeJSON, runtime.ContentTypeProtobuf} {
		t.Run(mediaType, func(t *testing.T) {
			info := serializer(t, mediaType)
			var buf bytes.Buffer
			enc := restwatch.NewEncoder(
				streaming.NewEncoder(info.StreamSerializer.Framer.NewFrameWriter(&buf), info.StreamSerializer.Serializer),
				scheme.Codecs.EncoderForVersion(info.Serializer, corev1.SchemeGroupVersion))
			events := []watch.Event{
				{Type: watch.Added, Object: &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "a"}}},
				{Type: watch.Deleted, Object: &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "b"}}},
				{Type: watch.Error, Object: &metav1.Status{Status: metav1.StatusFailure, Code: 410}},
			}
			for i := range events {
				require.NoError(t, enc.Encode(&events[i]))
			}
			dec := decoderFor(info, io.NopCloser(&buf))
			for _, want := range events {
				typ, obj, err := dec.Decode()
				require.NoError(t, err)
				assert.Equal(t, want.Type, typ)
				assert.IsType(t, want.Object, obj)
			}
			_, _, err := dec.Decode()
			assert.ErrorIs(t, err, io.EOF)
			dec.Close()
		})
	}
}

func TestDecodeRejectsBadEvents(t *testing.T) {
	tests := []struct {
		name, stream, want string
	}{
		{"unknown type", `{"type":"WHATEVER","object":{"kind":"ConfigMap","apiVersion":"v1"}}`, `invalid watch event type: "WHATEVER"`},
		{"undecodable object", `{"type":"ADDED","object":{"kind":"NoSuchKind","apiVersion":"v1"}}`, "unable to decode watch event"},
		{"garbage", `not json at all`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dec := decoderFor(serializer(t, runtime.ContentTypeJSON), io.NopCloser(bytes.NewBufferString(tt.stream)))
			_, _, err := dec.Decode()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

func TestCloseClosesTheStream(t *testing.T) {
	r := &closeRecorder{Reader: bytes.NewBufferString("")}
	dec := decoderFor(serializer(t, runtime.ContentTypeJSON), r)
	dec.Close()
	assert.True(t, r.closed)
}
