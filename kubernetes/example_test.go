package kubernetes_test

import (
	"context"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/tools/clientcmd"
)

// A clientset built from the kubeconfig in $KUBECONFIG (or ~/.kube/config)
// lists the pods of a namespace.
func Example() {
	config, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		clientcmd.NewDefaultClientConfigLoadingRules(), &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		fmt.Println("no kubeconfig:", err)
		return
	}
	clientset, err := kubernetes.NewForConfig(config)
	if err != nil {
		fmt.Println(err)
		return
	}
	pods, err := clientset.CoreV1().Pods("kube-system").List(context.Background(), metav1.ListOptions{Limit: 10})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range pods.Items {
		fmt.Println(p.Name, p.Status.Phase)
	}
}
