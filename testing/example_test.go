package testing_test

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/managedfields"
	"k8s.io/utils/ptr"

	kt "github.com/kclient/kclient/testing"
)

var configMaps = schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}

// newFake builds what a generated fake clientset builds: a scheme, a tracker
// and a Fake answering from it.
func newFake() (*kt.Fake, kt.ObjectTracker) {
	scheme := runtime.NewScheme()
	if err := corev1.AddToScheme(scheme); err != nil {
		panic(err)
	}
	tracker := kt.NewObjectTracker(scheme, serializer.NewCodecFactory(scheme).UniversalDeserializer())
	fake := &kt.Fake{}
	fake.AddReactor("*", "*", kt.ObjectReaction(tracker))
	return fake, tracker
}

func ExampleObjectReaction() {
	fake, tracker := newFake()
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "settings"}, Data: map[string]string{"mode": "fast"}}
	if err := tracker.Add(&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: "prod", Name: "other"}}); err != nil {
		fmt.Println(err)
	}

	if _, err := fake.Invokes(kt.NewCreateAction(configMaps, "prod", cm), nil); err != nil {
		fmt.Println(err)
	}
	patch := []byte(`{"data":{"mode":"safe"}}`)
	obj, err := fake.Invokes(kt.NewPatchAction(configMaps, "prod", "settings", types.MergePatchType, patch), nil)
	if err != nil {
		fmt.Println(err)
	}
	fmt.Println(obj.(*corev1.ConfigMap).Namespace, obj.(*corev1.ConfigMap).Data["mode"])

	_, err = fake.Invokes(kt.NewCreateAction(configMaps, "prod", cm), nil)
	fmt.Println(apierrors.IsAlreadyExists(err))

	list, _ := fake.Invokes(kt.NewListAction(configMaps, corev1.SchemeGroupVersion.WithKind("ConfigMap"), "prod", metav1.ListOptions{}), nil)
	for _, item := range list.(*corev1.ConfigMapList).Items {
		fmt.Println(item.Name)
	}

	for _, a := range fake.Actions() {
		fmt.Println(a.GetVerb(), a.GetResource().Resource)
	}
	// Output:
	// prod safe
	// true
	// other
	// settings
	// create configmaps
	// patch configmaps
	// create configmaps
	// list configmaps
}

func ExampleFake_PrependReactor() {
	fake, _ := newFake()
	// A reactor put in front of the tracker makes deletes of configmaps fail.
	fake.PrependReactor("delete", "configmaps", func(action kt.Action) (bool, runtime.Object, error) {
		name := action.(kt.DeleteAction).GetName()
		return true, nil, apierrors.NewForbidden(configMaps.GroupResource(), name, fmt.Errorf("protected"))
	})

	_, err := fake.Invokes(kt.NewDeleteAction(configMaps, "prod", "settings"), nil)
	fmt.Println(apierrors.IsForbidden(err))
	// Output:
	// true
}

func ExampleNewObjectTracker_watch() {
	_, tracker := newFake()
	w, err := tracker.Watch(configMaps, "prod")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer w.Stop()

	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: "prod", Name: "settings"}}
	_ = tracker.Create(configMaps, cm, "prod")
	cm.Data = map[string]string{"k": "v"}
	_ = tracker.Update(configMaps, cm, "prod")
	_ = tracker.Delete(configMaps, "prod", "settings")

	for range 3 {
		ev := <-w.ResultChan()
		fmt.Println(ev.Type, ev.Object.(*corev1.ConfigMap).Name)
	}
	// Output:
	// ADDED settings
	// MODIFIED settings
	// DELETED settings
}

func ExampleNewFieldManagedObjectTracker() {
	scheme := runtime.NewScheme()
	if err := corev1.AddToScheme(scheme); err != nil {
		panic(err)
	}
	tracker := kt.NewFieldManagedObjectTracker(scheme, serializer.NewCodecFactory(scheme).UniversalDeserializer(),
		managedfields.NewDeducedTypeConverter())
	fake := &kt.Fake{}
	fake.AddReactor("*", "*", kt.ObjectReaction(tracker))

	apply := func(manager, value string, force bool) error {
		cfg := fmt.Sprintf(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"mode":%q}}`, value)
		opts := metav1.PatchOptions{FieldManager: manager, Force: ptr.To(force)}
		_, err := fake.Invokes(kt.NewPatchActionWithOptions(configMaps, "prod", "settings", types.ApplyPatchType, []byte(cfg), opts), nil)
		return err
	}
	fmt.Println(apply("alice", "fast", false))                     // creates the object
	fmt.Println(apierrors.IsConflict(apply("bob", "safe", false))) // alice owns data.mode
	fmt.Println(apply("bob", "safe", true))                        // forced
	obj, _ := tracker.Get(configMaps, "prod", "settings")
	fmt.Println(obj.(*corev1.ConfigMap).Data["mode"])
	// Output:
	// <nil>
	// true
	// <nil>
	// safe
}
