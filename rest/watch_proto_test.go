package rest

import (
	"fmt"
	"reflect"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/runtime/serializer/protobuf"

	"github.com/kclient/kclient/internal/protodec"
)

func TestProtobufEventDecoderMatchesGenericDecode(t *testing.T) {
	scheme := runtime.NewScheme()
	require.NoError(t, v1.AddToScheme(scheme))
	metav1.AddToGroupVersion(scheme, v1.SchemeGroupVersion)
	raw := protobuf.NewRawSerializer(scheme, scheme)
	pod := &v1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns", Labels: map[string]string{"a": "b"}}}
	podBytes, err := runtime.Encode(protobuf.NewSerializer(scheme, scheme), pod)
	require.NoError(t, err)
	encode := func(e *metav1.WatchEvent) []byte {
		b, err := e.Marshal()
		require.NoError(t, err)
		return b
	}
	withUnknownFields := append(encode(&metav1.WatchEvent{Type: "ADDED", Object: runtime.RawExtension{Raw: podBytes}}),
		0x18, 0x96, 0x01, // field 3, varint 150
		0x21, 1, 2, 3, 4, 5, 6, 7, 8, // field 4, 64-bit
		0x2d, 1, 2, 3, 4, // field 5, 32-bit
		0x32, 2, 'h', 'i', // field 6, bytes
	)

	tests := []struct {
		name     string
		frame    []byte
		wantType string
		wantRaw  []byte
		wantErr  string
	}{
		{"added", encode(&metav1.WatchEvent{Type: "ADDED", Object: runtime.RawExtension{Raw: podBytes}}), "ADDED", podBytes, ""},
		{"bookmark", encode(&metav1.WatchEvent{Type: "BOOKMARK", Object: runtime.RawExtension{Raw: []byte("x")}}), "BOOKMARK", []byte("x"), ""},
		{"unknown type kept for the caller to reject", encode(&metav1.WatchEvent{Type: "SURPRISE"}), "SURPRISE", nil, ""},
		{"unknown fields skipped", withUnknownFields, "ADDED", podBytes, ""},
		{"empty frame", []byte{}, "", nil, "empty frame"},
		{"truncated length", []byte{0x12, 0x80}, "", nil, "truncated"},
		{"length past the end", []byte{0x12, 0x05, 0x0a}, "", nil, "truncated"},
		{"truncated 64-bit", []byte{0x21, 1, 2}, "", nil, "truncated"},
		{"field number zero", []byte{0x02, 0x00}, "", nil, "field number 0"},
		{"bad wire type", []byte{0x0b}, "", nil, "wire type 3"},
		{"bad object", []byte{0x12, 0x02, 0x0a, 0x05}, "", nil, "object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got metav1.WatchEvent
			obj, _, err := protobufEventDecoder{}.Decode(tt.frame, nil, &got)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Same(t, &got, obj)
			assert.Equal(t, tt.wantType, got.Type)
			assert.Equal(t, tt.wantRaw, got.Object.Raw)
			if tt.name == "unknown fields skipped" {
				return // the generic decoder keeps no unknown fields either, but Marshal would differ
			}
			var want metav1.WatchEvent
			_, _, err = raw.Decode(tt.frame, nil, &want)
			require.NoError(t, err)
			assert.Equal(t, want.Type, got.Type)
			assert.Equal(t, len(want.Object.Raw), len(got.Object.Raw))
		})
	}

	_, _, err = protobufEventDecoder{}.Decode(nil, nil, &v1.Pod{})
	assert.ErrorContains(t, err, "cannot decode into *v1.Pod")
}

func TestProtobufObjectDecoderMatchesGenericDecode(t *testing.T) {
	scheme := runtime.NewScheme()
	require.NoError(t, v1.AddToScheme(scheme))
	metav1.AddToGroupVersion(scheme, schema.GroupVersion{Version: "v1"})
	codecs := serializer.NewCodecFactory(scheme).WithoutConversion()
	objectDecoder, streamSerializer, _, err := runtime.NewClientNegotiator(codecs, v1.SchemeGroupVersion).StreamDecoder(runtime.ContentTypeProtobuf, nil)
	require.NoError(t, err)
	for _, withSession := range []bool{false, true} {
		t.Run(fmt.Sprintf("session=%v", withSession), func(t *testing.T) {
			testProtobufObjectDecoder(t, objectDecoder, streamSerializer, withSession)
		})
	}
}

// testProtobufObjectDecoder decodes a stream of objects with the fast
// decoder, with or without an informer's sharing session, and with the
// generic one, and compares.
func testProtobufObjectDecoder(t *testing.T, objectDecoder, streamSerializer runtime.Decoder, withSession bool) {
	var session *protodec.Session
	if withSession {
		session = protodec.NewSession(nil)
	}
	fast := newProtobufObjectDecoder(objectDecoder, streamSerializer, session)
	require.IsType(t, &protobufObjectDecoder{}, fast, "apimachinery's protobuf serializers get the fast decoder")
	assert.Equal(t, objectDecoder, newProtobufObjectDecoder(objectDecoder, objectDecoder, nil), "others keep the generic one")

	scheme := runtime.NewScheme()
	require.NoError(t, v1.AddToScheme(scheme))
	enc := protobuf.NewSerializer(scheme, scheme)
	encode := func(obj runtime.Object) []byte {
		b, err := runtime.Encode(enc, obj)
		require.NoError(t, err)
		return b
	}
	pod := func(name string) []byte {
		return encode(&v1.Pod{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
			ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"a": name}},
			Spec:       v1.PodSpec{Containers: []v1.Container{{Name: "c", Image: "i"}}},
		})
	}
	status := encode(&metav1.Status{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Status"}, Status: metav1.StatusFailure, Code: 410, Reason: metav1.StatusReasonExpired})
	configMap := encode(&v1.ConfigMap{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"}, ObjectMeta: metav1.ObjectMeta{Name: "cm"}})
	tooShort := append([]byte(nil), pod("x")[:20]...)
	noKind := append(append([]byte(nil), protobufMagic...), 0x12, 0x00)

	// A stream's objects, in order: the fast path starts with the second Pod
	// and must give what the generic decoder gives, errors included.
	stream := []struct {
		name string
		data []byte
	}{
		{"first pod (learns the type)", pod("a")},
		{"second pod", pod("b")},
		{"status", status},
		{"pod after a status", pod("c")},
		{"pod again", pod("d")},
		{"other kind", configMap},
		{"truncated", tooShort},
		{"envelope without kind", noKind},
		{"not protobuf", []byte(`{"kind":"Pod"}`)},
		{"empty", nil},
		{"pod after errors", pod("e")},
	}
	for _, step := range stream {
		t.Run(step.name, func(t *testing.T) {
			want, _, wantErr := objectDecoder.Decode(step.data, nil, nil)
			got, _, gotErr := fast.Decode(step.data, nil, nil)
			if wantErr != nil {
				require.Error(t, gotErr)
				return
			}
			require.NoError(t, gotErr)
			assert.Equal(t, want, got)
			assert.Empty(t, got.GetObjectKind().GroupVersionKind(), "kind cleared as WithoutVersionDecoder does")
			if withSession {
				// Pods that follow a pod take the fast path.
				fastPath := step.name == "second pod" || step.name == "pod again"
				assert.Equal(t, fastPath, session.Taken(got), "decoded by the session")
			}
		})
	}
	assert.Equal(t, reflect.TypeFor[v1.Pod](), fast.(*protobufObjectDecoder).typ, "learnt from the last object decoded the generic way")

	// The fast path skips the copy out of the envelope.
	data := pod("f")
	generic := testing.AllocsPerRun(50, func() { _, _, _ = objectDecoder.Decode(data, nil, nil) })
	direct := testing.AllocsPerRun(50, func() { _, _, _ = fast.Decode(data, nil, nil) })
	assert.Less(t, direct, generic)
	if withSession {
		// What the session decoded was shared: the second decode of
		// the same pod allocates no new strings.
		a, _, err := fast.Decode(data, nil, nil)
		require.NoError(t, err)
		b, _, err := fast.Decode(data, nil, nil)
		require.NoError(t, err)
		assert.Equal(t, uintptr(unsafe.Pointer(unsafe.StringData(a.(*v1.Pod).Spec.Containers[0].Image))),
			uintptr(unsafe.Pointer(unsafe.StringData(b.(*v1.Pod).Spec.Containers[0].Image))))
	}
}
