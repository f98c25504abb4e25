package cached_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/discovery/cached"
	"github.com/kclient/kclient/discovery/fake"
	kubetesting "github.com/kclient/kclient/testing"
)

func TestNewMemCacheClientDelegatesToMemory(t *testing.T) {
	f := &fake.FakeDiscovery{Fake: &kubetesting.Fake{}}
	f.Resources = []*metav1.APIResourceList{{GroupVersion: "v1", APIResources: []metav1.APIResource{{Name: "pods", Kind: "Pod"}}}}
	c := cached.NewMemCacheClient(f)
	_, err := c.ServerResourcesForGroupVersion("x/v1")
	assert.ErrorIs(t, err, cached.ErrCacheNotFound)
	rl, err := c.ServerResourcesForGroupVersion("v1")
	assert.NoError(t, err)
	assert.Equal(t, "pods", rl.APIResources[0].Name)
	n := len(f.Actions())
	_, _ = c.ServerResourcesForGroupVersion("v1")
	assert.Len(t, f.Actions(), n, "served from memory")
}
