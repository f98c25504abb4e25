package events

import (
	"fmt"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/klog/v2"
)

// FakeRecorder is an EventRecorderLogger for tests. Each event becomes a
// line "<type> <reason> <note>" on Events; with Verbose it is
// "<type> <reason> <action> <note>" followed by " {kind=...,apiVersion=...}"
// for the regarding and related objects (when their kind is set) and by the
// annotations. Sending blocks while Events is full; a nil Events discards
// events. Safe for concurrent use.
type FakeRecorder struct {
	// Events receives one line per event.
	Events chan string
	// Verbose adds the action, objects and annotations to each line.
	Verbose bool
}

// NewFakeRecorder returns a FakeRecorder whose Events channel buffers
// bufferSize lines.
func NewFakeRecorder(bufferSize int) *FakeRecorder {
	return &FakeRecorder{Events: make(chan string, max(bufferSize, 0))}
}

// Eventf sends a line describing the event.
func (f *FakeRecorder) Eventf(regarding runtime.Object, related runtime.Object, eventtype, reason, action, note string, args ...interface{}) {
	f.send(regarding, related, nil, eventtype, reason, action, fmt.Sprintf(note, args...))
}

// AnnotatedEventf is Eventf; with Verbose the annotations are appended.
func (f *FakeRecorder) AnnotatedEventf(regarding runtime.Object, related runtime.Object, annotations map[string]string, eventtype, reason, action, note string, args ...interface{}) {
	f.send(regarding, related, annotations, eventtype, reason, action, fmt.Sprintf(note, args...))
}

// WithLogger returns f; the fake does not log.
func (f *FakeRecorder) WithLogger(klog.Logger) EventRecorderLogger {
	return f
}

func (f *FakeRecorder) send(regarding, related runtime.Object, annotations map[string]string, eventtype, reason, action, note string) {
	if f.Events == nil {
		return
	}
	if !f.Verbose {
		f.Events <- eventtype + " " + reason + " " + note
		return
	}
	line := eventtype + " " + reason + " " + action + " " + note + kindSuffix(regarding) + kindSuffix(related)
	if len(annotations) > 0 {
		line += " " + fmt.Sprint(annotations)
	}
	f.Events <- line
}

// kindSuffix describes obj's kind and apiVersion, or is empty when obj is
// nil or carries no kind.
func kindSuffix(obj runtime.Object) string {
	if obj == nil {
		return ""
	}
	gvk := obj.GetObjectKind().GroupVersionKind()
	if gvk.Empty() {
		return ""
	}
	return fmt.Sprintf(" {kind=%s,apiVersion=%s}", gvk.Kind, gvk.GroupVersion())
}
