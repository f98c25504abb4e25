package discovery_test

import (
	"fmt"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/tools/clientcmd"
)

// Example lists the resources a cluster serves, tolerating API groups that
// are temporarily unavailable.
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
	_, lists, err := client.ServerGroupsAndResources()
	if failed, partial := discovery.GroupDiscoveryFailedErrorGroups(err); partial {
		fmt.Println("some groups are unavailable:", len(failed))
	} else if err != nil {
		fmt.Println(err)
		return
	}
	for _, list := range lists {
		for _, r := range list.APIResources {
			fmt.Println(list.GroupVersion, r.Name)
		}
	}
}
