package watch

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer/streaming"
	"k8s.io/apimachinery/pkg/watch"
)

// Encoder serializes watch.Events into io.Writer. The internal objects are
// encoded using embedded encoder, and the outer Event is serialized using
// encoder. It is the inverse of Decoder and mostly useful for tests and fake
// servers.
type Encoder struct {
	frames   streaming.Encoder
	embedded runtime.Encoder
}

// NewEncoder creates an Encoder writing events with encoder and their objects
// with embeddedEncoder.
func NewEncoder(encoder streaming.Encoder, embeddedEncoder runtime.Encoder) *Encoder {
	return &Encoder{frames: encoder, embedded: embeddedEncoder}
}

// Encode writes an event to the writer. Returns an error if the writer is
// closed or an object can't be encoded.
func (e *Encoder) Encode(event *watch.Event) error {
	data, err := runtime.Encode(e.embedded, event.Object)
	if err != nil {
		return err
	}
	return e.frames.Encode(&metav1.WatchEvent{Type: string(event.Type), Object: runtime.RawExtension{Raw: data}})
}
