package memory_test

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/discovery/cached/memory"
	"github.com/kclient/kclient/discovery/fake"
	kubetesting "github.com/kclient/kclient/testing"
)

// Example shows that the cache asks its delegate once until Invalidate.
func Example() {
	delegate := &fake.FakeDiscovery{Fake: &kubetesting.Fake{}}
	delegate.Resources = []*metav1.APIResourceList{
		{GroupVersion: "apps/v1", APIResources: []metav1.APIResource{{Name: "deployments", Kind: "Deployment", Namespaced: true}}},
	}
	cache := memory.NewMemCacheClient(delegate)

	for i := 0; i < 3; i++ {
		if _, err := cache.ServerResourcesForGroupVersion("apps/v1"); err != nil {
			fmt.Println(err)
		}
	}
	fmt.Println("delegate calls after three lookups:", len(delegate.Actions()))

	cache.Invalidate()
	_, _ = cache.ServerResourcesForGroupVersion("apps/v1")
	fmt.Println("delegate calls after Invalidate and one lookup:", len(delegate.Actions()))
	// Output:
	// delegate calls after three lookups: 2
	// delegate calls after Invalidate and one lookup: 4
}
