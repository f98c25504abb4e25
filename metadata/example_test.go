package metadata_test

import (
	"context"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/metadata"
	"github.com/kclient/kclient/tools/clientcmd"
)

// Example prints the owners of every Secret in a namespace without
// downloading the secrets' data.
func Example() {
	config, err := clientcmd.BuildConfigFromFlags("", clientcmd.RecommendedHomeFile)
	if err != nil {
		fmt.Println(err)
		return
	}
	client, err := metadata.NewForConfig(config)
	if err != nil {
		fmt.Println(err)
		return
	}
	secrets := schema.GroupVersionResource{Version: "v1", Resource: "secrets"}
	list, err := client.Resource(secrets).Namespace("default").List(context.Background(), metav1.ListOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range list.Items {
		fmt.Println(s.Name, s.OwnerReferences)
	}
}
