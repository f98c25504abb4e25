package fake_test

import (
	"context"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	corev1ac "github.com/kclient/kclient/applyconfigurations/core/v1"
	"github.com/kclient/kclient/kubernetes/fake"
)

// Two field managers apply one container each to the same pod: as on a real
// apiserver, the containers merge by name.
func ExampleNewClientset_apply() {
	ctx := context.Background()
	pods := fake.NewClientset().CoreV1().Pods("default")
	for _, c := range []struct{ manager, name string }{{"deployer", "app"}, {"injector", "sidecar"}} {
		pod := corev1ac.Pod("web", "default").WithSpec(corev1ac.PodSpec().
			WithContainers(corev1ac.Container().WithName(c.name).WithImage(c.name + ":1")))
		if _, err := pods.Apply(ctx, pod, metav1.ApplyOptions{FieldManager: c.manager}); err != nil {
			fmt.Println(err)
			return
		}
	}
	pod, err := pods.Get(ctx, "web", metav1.GetOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range pod.Spec.Containers {
		fmt.Println(c.Name, c.Image)
	}
	// Output:
	// app app:1
	// sidecar sidecar:1
}
