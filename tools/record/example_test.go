package record_test

import (
	"fmt"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/kubernetes/scheme"
	"github.com/kclient/kclient/tools/record"
)

// A controller records events through a broadcaster; in production the
// broadcaster also writes them to the API server with
// StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: clientset.CoreV1().Events("")}).
func ExampleNewBroadcaster() {
	broadcaster := record.NewBroadcaster()
	defer broadcaster.Shutdown()

	seen := make(chan string, 1)
	broadcaster.StartEventWatcher(func(e *v1.Event) {
		seen <- fmt.Sprintf("%s %s/%s: %s %s", e.InvolvedObject.Kind, e.Namespace, e.InvolvedObject.Name, e.Reason, e.Message)
	})

	recorder := broadcaster.NewRecorder(scheme.Scheme, v1.EventSource{Component: "example-controller"})
	pod := &v1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web-0", Namespace: "shop"}}
	recorder.Eventf(pod, v1.EventTypeNormal, "Scaled", "replicas set to %d", 3)

	fmt.Println(<-seen)
	// Output: Pod shop/web-0: Scaled replicas set to 3
}

func ExampleFakeRecorder() {
	recorder := record.NewFakeRecorder(10)
	recorder.Eventf(&v1.Pod{}, v1.EventTypeWarning, "Failed", "exit code %d", 1)
	fmt.Println(<-recorder.Events)
	// Output: Warning Failed exit code 1
}
