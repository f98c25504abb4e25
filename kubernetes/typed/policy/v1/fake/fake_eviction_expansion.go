package fake

import (
	"context"
	"errors"

	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/testing"
)

// pods is the core resource evictions are posted to.
var pods = schema.GroupVersionResource{Version: "v1", Resource: "pods"}

// Evict records a create of the "eviction" subresource of the pod named
// eviction.Name (against the core "pods" resource, where the real call
// goes). The fake neither deletes the pod nor checks disruption budgets.
func (c *fakeEvictions) Evict(ctx context.Context, eviction *policyv1.Eviction) error {
	if eviction == nil {
		return errors.New("evict: the eviction must not be nil")
	}
	action := testing.NewCreateSubresourceAction(pods, eviction.Name, "eviction", c.Namespace(), eviction)
	_, err := c.Fake.Invokes(action, eviction)
	return err
}
