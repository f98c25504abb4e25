package record

import (
	"testing"

	"github.com/stretchr/testify/assert"
	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/klog/v2"
)

func TestFakeRecorder(t *testing.T) {
	pod := &v1.Pod{TypeMeta: metav1.TypeMeta{Kind: "Pod", APIVersion: "v1"}}
	tests := []struct {
		name          string
		includeObject bool
		record        func(EventRecorder)
		want          string
	}{
		{"event", false, func(r EventRecorder) { r.Event(pod, "Normal", "Started", "100%") }, "Normal Started 100%"},
		{"eventf", false, func(r EventRecorder) { r.Eventf(pod, "Warning", "Failed", "exit %d", 2) }, "Warning Failed exit 2"},
		{"annotated", false, func(r EventRecorder) {
			r.AnnotatedEventf(pod, map[string]string{"k": "v"}, "Normal", "R", "m")
		}, "Normal R m map[k:v]"},
		{"with object", true, func(r EventRecorder) { r.Event(pod, "Normal", "R", "m") }, "Normal R m involvedObject{kind=Pod,apiVersion=v1}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := NewFakeRecorder(1)
			f.IncludeObject = tt.includeObject
			tt.record(f.WithLogger(klog.Background()))
			assert.Equal(t, tt.want, <-f.Events)
		})
	}
	(&FakeRecorder{}).Event(pod, "Normal", "R", "discarded without a channel")
}

func TestEventRecorderAdapter(t *testing.T) {
	f := NewFakeRecorder(2)
	a := NewEventRecorderAdapter(f)
	pod := &v1.Pod{}
	a.Eventf(pod, nil, "Normal", "Scheduled", "Bind", "bound to %s", "n1")
	assert.Equal(t, "Normal Scheduled bound to n1", <-f.Events)
	a.AnnotatedEventf(pod, nil, map[string]string{"x": "y"}, "Warning", "Lost", "Unbind", "gone")
	assert.Equal(t, "Warning Lost gone map[x:y]", <-f.Events)
	assert.NotNil(t, a.WithLogger(klog.Background()))
}
