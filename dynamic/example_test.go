package dynamic_test

import (
	"context"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/dynamic"
	"github.com/kclient/kclient/tools/clientcmd"
)

// Example lists the Deployments of a namespace without typed clients.
func Example() {
	config, err := clientcmd.BuildConfigFromFlags("", clientcmd.RecommendedHomeFile)
	if err != nil {
		fmt.Println(err)
		return
	}
	client, err := dynamic.NewForConfig(config)
	if err != nil {
		fmt.Println(err)
		return
	}
	deployments := schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}
	list, err := client.Resource(deployments).Namespace("default").List(context.Background(), metav1.ListOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range list.Items {
		fmt.Println(d.GetName())
	}
}
