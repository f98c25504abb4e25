package scale_test

import (
	"context"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/discovery/cached/memory"
	"github.com/kclient/kclient/dynamic"
	"github.com/kclient/kclient/restmapper"
	"github.com/kclient/kclient/scale"
	"github.com/kclient/kclient/tools/clientcmd"
)

// Example scales a Deployment to three replicas through its scale
// subresource; the same code scales any scalable resource.
func Example() {
	config, err := clientcmd.BuildConfigFromFlags("", clientcmd.RecommendedHomeFile)
	if err != nil {
		fmt.Println(err)
		return
	}
	disco, err := discovery.NewDiscoveryClientForConfig(config)
	if err != nil {
		fmt.Println(err)
		return
	}
	cache := memory.NewMemCacheClient(disco)
	scales, err := scale.NewForConfig(config, restmapper.NewDeferredDiscoveryRESTMapper(cache),
		dynamic.LegacyAPIPathResolverFunc, scale.NewDiscoveryScaleKindResolver(cache))
	if err != nil {
		fmt.Println(err)
		return
	}
	deployments := schema.GroupResource{Group: "apps", Resource: "deployments"}
	s, err := scales.Scales("default").Get(context.Background(), deployments, "web", metav1.GetOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	s.Spec.Replicas = 3
	if _, err := scales.Scales("default").Update(context.Background(), deployments, s, metav1.UpdateOptions{}); err != nil {
		fmt.Println(err)
	}
}
