package watch

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer/streaming"
	"k8s.io/apimachinery/pkg/watch"
)

// Encoder writes watch events in the wire form Decoder reads: each event's
// object is first serialized with the embedded encoder, then wrapped in a
// metav1.WatchEvent that the outer encoder frames. Tests and fake servers
// use it to produce watch streams.
type Encoder struct {
	frames   streaming.Encoder
	embedded runtime.Encoder
}

// NewEncoder creates an Encoder writing events with encoder and their objects
// with embeddedEncoder.
func NewEncoder(encoder streaming.Encoder, embeddedEncoder runtime.Encoder) *Encoder {
	return &Encoder{frames: encoder, embedded: embeddedEncoder}
}

// Encode writes one event. It fails when the object or the envelope cannot
// be serialized, or when writing fails.
func (e *Encoder) Encode(event *watch.Event) error {
	data, err := runtime.Encode(e.embedded, event.Object)
	if err != nil {
		return err
	}
	return e.frames.Encode(&metav1.WatchEvent{Type: string(event.Type), Object: runtime.RawExtension{Raw: data}})
}
