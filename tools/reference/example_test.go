package reference_test

import (
	"fmt"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/kubernetes/scheme"
	"github.com/kclient/kclient/tools/reference"
)

func ExampleGetReference() {
	pod := &v1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web-0", Namespace: "shop"}}
	ref, err := reference.GetReference(scheme.Scheme, pod)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ref.APIVersion, ref.Kind, ref.Namespace+"/"+ref.Name)
	// Output: v1 Pod shop/web-0
}
