package record

import (
	"fmt"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/klog/v2"
)

// FakeRecorder is an EventRecorderLogger for tests: each event becomes a
// line "<type> <reason> <message>" sent on Events, followed by
// " involvedObject{kind=...,apiVersion=...}" when IncludeObject is set and
// by the annotations map when there are any. Sending blocks while Events is
// full; with a nil Events channel events are discarded. Safe for concurrent
// use.
type FakeRecorder struct {
	// Events receives one line per recorded event.
	Events chan string
	// IncludeObject appends the involved object's kind and apiVersion.
	IncludeObject bool
}

// NewFakeRecorder returns a FakeRecorder whose Events channel buffers
// bufferSize lines.
func NewFakeRecorder(bufferSize int) *FakeRecorder {
	return &FakeRecorder{Events: make(chan string, max(bufferSize, 0))}
}

func (f *FakeRecorder) send(object runtime.Object, annotations map[string]string, line string) {
	if f.Events == nil {
		return
	}
	if f.IncludeObject && object != nil {
		gvk := object.GetObjectKind().GroupVersionKind()
		line += fmt.Sprintf(" involvedObject{kind=%s,apiVersion=%s}", gvk.Kind, gvk.GroupVersion())
	}
	if len(annotations) > 0 {
		line += " " + fmt.Sprint(annotations)
	}
	f.Events <- line
}

// Event sends "<eventtype> <reason> <message>".
func (f *FakeRecorder) Event(object runtime.Object, eventtype, reason, message string) {
	f.send(object, nil, eventtype+" "+reason+" "+message)
}

// Eventf sends "<eventtype> <reason> <formatted message>".
func (f *FakeRecorder) Eventf(object runtime.Object, eventtype, reason, messageFmt string, args ...interface{}) {
	f.send(object, nil, fmt.Sprintf(eventtype+" "+reason+" "+messageFmt, args...))
}

// AnnotatedEventf is Eventf followed by the annotations.
func (f *FakeRecorder) AnnotatedEventf(object runtime.Object, annotations map[string]string, eventtype, reason, messageFmt string, args ...interface{}) {
	f.send(object, annotations, fmt.Sprintf(eventtype+" "+reason+" "+messageFmt, args...))
}

// WithLogger returns f; the fake does not log.
func (f *FakeRecorder) WithLogger(klog.Logger) EventRecorderLogger {
	return f
}
