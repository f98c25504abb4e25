package rest

import (
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer/protobuf"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/internal/protodec"
)

// protobufEventDecoder reads one frame of a protobuf watch stream, a
// metav1.WatchEvent message, into a *metav1.WatchEvent without copying the
// object's bytes: Object.Raw points into data, so it is valid only until
// the frame buffer is reused. rest/watch.Decoder decodes the object (with a
// serializer that copies what it keeps) before it reads the next frame,
// which is what makes this safe; the generic protobuf path copies the
// object's bytes once more for nothing.
type protobufEventDecoder struct{}

var _ runtime.Decoder = protobufEventDecoder{}

// errTruncatedEvent reports a frame that ends inside a field.
var errTruncatedEvent = errors.New("truncated protobuf watch event")

// eventTypes holds the event types a server sends, so that decoding one
// does not allocate its name.
var eventTypes = map[string]string{
	string(watch.Added): string(watch.Added), string(watch.Modified): string(watch.Modified),
	string(watch.Deleted): string(watch.Deleted), string(watch.Bookmark): string(watch.Bookmark),
	string(watch.Error): string(watch.Error),
}

// Decode implements runtime.Decoder for into of type *metav1.WatchEvent.
func (protobufEventDecoder) Decode(data []byte, _ *schema.GroupVersionKind, into runtime.Object) (runtime.Object, *schema.GroupVersionKind, error) {
	event, ok := into.(*metav1.WatchEvent)
	if !ok || event == nil {
		return nil, nil, fmt.Errorf("protobuf watch event decoder: cannot decode into %T", into)
	}
	if len(data) == 0 {
		return nil, nil, errors.New("decode watch event: empty frame")
	}
	*event = metav1.WatchEvent{}
	for len(data) > 0 {
		num, wire, field, rest, err := protobufField(data)
		if err != nil {
			return nil, nil, fmt.Errorf("decode watch event: %w", err)
		}
		data = rest
		if wire != 2 {
			continue
		}
		switch num {
		case 1:
			if t, ok := eventTypes[string(field)]; ok {
				event.Type = t
			} else {
				event.Type = string(field)
			}
		case 2:
			raw, err := rawExtensionBytes(field)
			if err != nil {
				return nil, nil, fmt.Errorf("decode watch event object: %w", err)
			}
			event.Object.Raw = raw
		}
	}
	return event, nil, nil
}

// rawExtensionBytes returns the Raw field of the runtime.RawExtension
// message msg, which aliases msg.
func rawExtensionBytes(msg []byte) ([]byte, error) {
	var raw []byte
	for len(msg) > 0 {
		num, wire, field, rest, err := protobufField(msg)
		if err != nil {
			return nil, err
		}
		msg = rest
		if num == 1 && wire == 2 {
			raw = field
		}
	}
	return raw, nil
}

// protobufField splits the first field off the protobuf message b: its
// number, wire type, its payload for length-delimited fields (aliasing b)
// and the rest of b.
func protobufField(b []byte) (num uint64, wire uint8, field, rest []byte, err error) {
	key, n := binary.Uvarint(b)
	if n <= 0 {
		return 0, 0, nil, nil, errTruncatedEvent
	}
	b = b[n:]
	num, wire = key>>3, uint8(key&7)
	if num == 0 {
		return 0, 0, nil, nil, errors.New("protobuf field number 0")
	}
	switch wire {
	case 0: // varint
		if _, n = binary.Uvarint(b); n <= 0 {
			return 0, 0, nil, nil, errTruncatedEvent
		}
		return num, wire, nil, b[n:], nil
	case 1: // 64-bit
		if len(b) < 8 {
			return 0, 0, nil, nil, errTruncatedEvent
		}
		return num, wire, nil, b[8:], nil
	case 2: // length-delimited
		l, n := binary.Uvarint(b)
		if n <= 0 || l > uint64(len(b)-n) {
			return 0, 0, nil, nil, errTruncatedEvent
		}
		b = b[n:]
		return num, wire, b[:l:l], b[l:], nil
	case 5: // 32-bit
		if len(b) < 4 {
			return 0, 0, nil, nil, errTruncatedEvent
		}
		return num, wire, nil, b[4:], nil
	}
	return 0, 0, nil, nil, fmt.Errorf("unsupported protobuf wire type %d", wire)
}

// protobufMagic starts every object apimachinery's protobuf serializer
// writes; a runtime.Unknown message with the object's apiVersion, kind and
// bytes follows.
var protobufMagic = []byte{'k', '8', 's', 0}

// protobufObjectDecoder decodes the objects of a protobuf watch stream as
// runtime.WithoutVersionDecoder over apimachinery's protobuf.Serializer
// does, minus one copy: that serializer copies the object's bytes out of
// their runtime.Unknown envelope before decoding them, this one reads the
// envelope in place and has the raw serializer (same scheme) decode the
// bytes where they are. It needs a Go type for the object's kind, which it
// learns from the first object of that kind, decoded the generic way; any
// object it cannot handle goes the generic way too.
//
// With a session (an informer's, see internal/protodec), objects of a type
// protodec decodes are decoded by the session instead, their repeated data
// shared with the objects the informer cached before.
//
// It is used by one goroutine at a time.
type protobufObjectDecoder struct {
	generic runtime.Decoder
	raw     *protobuf.RawSerializer
	session *protodec.Session
	fast    bool // the session decodes typ

	// the kind of the last object decoded the generic way, and its Go type
	apiVersion, kind string
	gvk              schema.GroupVersionKind
	typ              reflect.Type
}

// newProtobufObjectDecoder returns the fast decoder for objectDecoder and
// streamDecoder (what a NegotiatedSerializer gave for a protobuf stream),
// or objectDecoder itself unless they are apimachinery's protobuf
// serializers without conversion.
func newProtobufObjectDecoder(objectDecoder, streamDecoder runtime.Decoder, session *protodec.Session) runtime.Decoder {
	wv, ok := objectDecoder.(runtime.WithoutVersionDecoder)
	if !ok {
		return objectDecoder
	}
	if _, ok := wv.Decoder.(*protobuf.Serializer); !ok {
		return objectDecoder
	}
	raw, ok := streamDecoder.(*protobuf.RawSerializer)
	if !ok {
		return objectDecoder
	}
	return &protobufObjectDecoder{generic: objectDecoder, raw: raw, session: session}
}

// Decode implements runtime.Decoder.
func (d *protobufObjectDecoder) Decode(data []byte, defaults *schema.GroupVersionKind, into runtime.Object) (runtime.Object, *schema.GroupVersionKind, error) {
	if defaults != nil || into != nil || d.typ == nil {
		return d.decodeGeneric(data, defaults, into)
	}
	apiVersion, kind, raw, ok := unknownEnvelope(data)
	if !ok || string(apiVersion) != d.apiVersion || string(kind) != d.kind || len(raw) == 0 {
		return d.decodeGeneric(data, defaults, into)
	}
	obj, ok := reflect.New(d.typ).Interface().(runtime.Object)
	if !ok {
		return d.decodeGeneric(data, defaults, into)
	}
	gvk := d.gvk
	if d.fast {
		if err := d.session.Decode(raw, obj); err != nil {
			return nil, &gvk, err
		}
		return obj, &gvk, nil
	}
	out, actual, err := d.raw.Decode(raw, &gvk, obj)
	if err != nil {
		return nil, actual, err
	}
	out.GetObjectKind().SetGroupVersionKind(schema.GroupVersionKind{})
	return out, actual, nil
}

// decodeGeneric decodes data the generic way and remembers the Go type of
// the object's kind for the next objects.
func (d *protobufObjectDecoder) decodeGeneric(data []byte, defaults *schema.GroupVersionKind, into runtime.Object) (runtime.Object, *schema.GroupVersionKind, error) {
	obj, gvk, err := d.generic.Decode(data, defaults, into)
	if err != nil || obj == nil || defaults != nil || into != nil {
		return obj, gvk, err
	}
	apiVersion, kind, _, ok := unknownEnvelope(data)
	t := reflect.TypeOf(obj)
	if !ok || len(kind) == 0 || len(apiVersion) == 0 || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return obj, gvk, err
	}
	if _, unknown := obj.(*runtime.Unknown); unknown {
		return obj, gvk, err
	}
	d.apiVersion, d.kind = string(apiVersion), string(kind)
	d.gvk = schema.FromAPIVersionAndKind(d.apiVersion, d.kind)
	d.typ = t.Elem()
	d.fast = d.session != nil && d.session.Supported(d.typ)
	return obj, gvk, err
}

// unknownEnvelope reads the apiVersion, kind and raw bytes of the
// runtime.Unknown that data (with the protobuf magic) holds, all aliasing
// data.
func unknownEnvelope(data []byte) (apiVersion, kind, raw []byte, ok bool) {
	if len(data) <= len(protobufMagic) || string(data[:len(protobufMagic)]) != string(protobufMagic) {
		return nil, nil, nil, false
	}
	msg := data[len(protobufMagic):]
	for len(msg) > 0 {
		num, wire, field, rest, err := protobufField(msg)
		if err != nil {
			return nil, nil, nil, false
		}
		msg = rest
		if wire != 2 {
			continue
		}
		switch num {
		case 1: // typeMeta
			for len(field) > 0 {
				n, w, f, r, err := protobufField(field)
				if err != nil {
					return nil, nil, nil, false
				}
				field = r
				if w == 2 && n == 1 {
					apiVersion = f
				} else if w == 2 && n == 2 {
					kind = f
				}
			}
		case 2:
			raw = field
		}
	}
	return apiVersion, kind, raw, true
}
