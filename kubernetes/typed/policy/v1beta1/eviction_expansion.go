package v1beta1

import (
	"context"
	"errors"

	policyv1beta1 "k8s.io/api/policy/v1beta1"
)

// EvictionExpansion holds the hand-written methods of EvictionInterface.
type EvictionExpansion interface {
	// Evict asks for the pod named eviction.Name in eviction.Namespace to be
	// evicted, honouring PodDisruptionBudgets; a budget violation is a 429
	// TooManyRequests error.
	Evict(ctx context.Context, eviction *policyv1beta1.Eviction) error
}

// Evict implements EvictionExpansion: a POST to the pod's eviction
// subresource, which lives in the core API (/api/v1), not under this
// client's policy group path.
func (c *evictions) Evict(ctx context.Context, eviction *policyv1beta1.Eviction) error {
	if eviction == nil {
		return errors.New("evict: the eviction must not be nil")
	}
	return c.GetClient().Post().
		UseProtobufAsDefault().
		AbsPath("/api/v1").
		Namespace(eviction.Namespace).
		Resource("pods").
		Name(eviction.Name).
		SubResource("eviction").
		Body(eviction).
		Do(ctx).
		Error()
}
