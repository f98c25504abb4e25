package events_test

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/kubernetes/scheme"
	"github.com/kclient/kclient/tools/events"
)

// In production the broadcaster gets &events.EventSinkImpl{Interface:
// clientset.EventsV1()} and StartRecordingToSinkWithContext is called.
func ExampleNewBroadcaster() {
	broadcaster := events.NewBroadcaster(nil)
	defer broadcaster.Shutdown()

	seen := make(chan string, 1)
	stop, err := broadcaster.StartEventWatcher(func(obj runtime.Object) {
		e := obj.(*eventsv1.Event)
		seen <- fmt.Sprintf("%s %s: %s/%s %s", e.Regarding.Kind, e.Regarding.Name, e.Reason, e.Action, e.Note)
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer stop()

	recorder := broadcaster.NewRecorder(scheme.Scheme, "example.com/scaler")
	deploy := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web-0", Namespace: "shop"}}
	recorder.Eventf(deploy, nil, corev1.EventTypeNormal, "Evicted", "Evict", "node %s drained", "n1")

	fmt.Println(<-seen)
	// Output: Pod web-0: Evicted/Evict node n1 drained
}
