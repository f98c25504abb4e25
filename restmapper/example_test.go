package restmapper_test

import (
	"fmt"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/discovery/cached/memory"
	"github.com/kclient/kclient/restmapper"
	"github.com/kclient/kclient/tools/clientcmd"
)

// Example resolves a kubectl-style short name and a kind to resources, the
// way kubectl does.
func Example() {
	config, err := clientcmd.BuildConfigFromFlags("", clientcmd.RecommendedHomeFile)
	if err != nil {
		fmt.Println(err)
		return
	}
	client, err := discovery.NewDiscoveryClientForConfig(config)
	if err != nil {
		fmt.Println(err)
		return
	}
	cache := memory.NewMemCacheClient(client)
	mapper := restmapper.NewShortcutExpander(restmapper.NewDeferredDiscoveryRESTMapper(cache), cache, nil)

	gvr, err := mapper.ResourceFor(schema.GroupVersionResource{Resource: "deploy"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(gvr) // apps/v1, Resource=deployments

	mapping, err := mapper.RESTMapping(schema.GroupKind{Group: "apps", Kind: "Deployment"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(mapping.Resource, mapping.Scope.Name())
}
