package fakeclient

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/testing"
)

// ServeFromTracker makes tracker the backend of f: objects are added to
// tracker first (a failure panics, as it means the test's fixtures are
// wrong), then every action and every watch that no earlier reactor
// handles is answered from it. Reactors added with PrependReactor still run
// first.
func ServeFromTracker(f *testing.Fake, tracker testing.ObjectTracker, objects ...runtime.Object) {
	for _, obj := range objects {
		if err := tracker.Add(obj); err != nil {
			panic(fmt.Sprintf("fake clientset: adding %T to the tracker: %v", obj, err))
		}
	}
	f.AddReactor("*", "*", testing.ObjectReaction(tracker))
	f.AddWatchReactor("*", func(action testing.Action) (bool, watch.Interface, error) {
		var opts []metav1.ListOptions
		if wa, ok := action.(interface{ GetListOptions() metav1.ListOptions }); ok {
			opts = append(opts, wa.GetListOptions())
		}
		w, err := tracker.Watch(action.GetResource(), action.GetNamespace(), opts...)
		if err != nil {
			return false, nil, err
		}
		return true, w, nil
	})
}
