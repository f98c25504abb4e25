// Package watch decodes and encodes the framed stream of watch events that a
// Kubernetes API server sends for a ?watch=true request. Each frame is a
// metav1.WatchEvent whose Object is itself encoded with the negotiated
// content type; Decoder unwraps both layers.
package watch

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer/streaming"
	"k8s.io/apimachinery/pkg/watch"
)

// Decoder turns a watch response body into watch events: the framing
// decoder yields one metav1.WatchEvent per frame, and the embedded decoder
// turns each event's raw object into a runtime.Object. It implements
// watch.Decoder.
//
// A Decoder is used by one goroutine at a time; Close may be called from
// another goroutine to unblock a pending Decode.
type Decoder struct {
	frames   streaming.Decoder
	embedded runtime.Decoder
}

// NewDecoder creates a Decoder reading events from decoder and decoding the
// objects they carry with embeddedDecoder.
func NewDecoder(decoder streaming.Decoder, embeddedDecoder runtime.Decoder) *Decoder {
	return &Decoder{frames: decoder, embedded: embeddedDecoder}
}

// Decode waits for the next event and returns its type and object. It fails
// when the stream breaks or is closed, or when the event or its object does
// not decode. io.EOF is
// returned unchanged at the normal end of the stream, and an event of an
// unknown type is an error.
func (d *Decoder) Decode() (watch.EventType, runtime.Object, error) {
	var event metav1.WatchEvent
	got, _, err := d.frames.Decode(nil, &event)
	if err != nil {
		return "", nil, err
	}
	if got != &event {
		return "", nil, fmt.Errorf("unable to decode to metav1.Event: got %T", got)
	}
	switch t := watch.EventType(event.Type); t {
	case watch.Added, watch.Modified, watch.Deleted, watch.Error, watch.Bookmark:
	default:
		return "", nil, fmt.Errorf("got invalid watch event type: %q", event.Type)
	}
	obj, err := runtime.Decode(d.embedded, event.Object.Raw)
	if err != nil {
		return "", nil, fmt.Errorf("unable to decode watch event: %w", err)
	}
	return watch.EventType(event.Type), obj, nil
}

// Close closes the framing decoder and thus the response body under it.
func (d *Decoder) Close() {
	_ = d.frames.Close()
}
