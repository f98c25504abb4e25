// Package fake provides FakeScaleClient, a scale.ScalesGetter for unit tests
// that records every call on its embedded testing.Fake and answers from its
// reactors.
package fake

import (
	"context"
	"fmt"

	autoscalingapi "k8s.io/api/autoscaling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kclient/kclient/scale"
	"github.com/kclient/kclient/testing"
)

// FakeScaleClient records get, update and patch actions on the "scale"
// subresource. Without reactors, Get and Patch return an empty Scale and
// Update returns its input; add reactors to return real answers.
type FakeScaleClient struct {
	testing.Fake
}

var _ scale.ScalesGetter = &FakeScaleClient{}

// Scales returns a client for namespace.
func (f *FakeScaleClient) Scales(namespace string) scale.ScaleInterface {
	return &namespaced{fake: &f.Fake, namespace: namespace}
}

type namespaced struct {
	fake      *testing.Fake
	namespace string
}

func asScale(obj runtime.Object, err error) (*autoscalingapi.Scale, error) {
	if err != nil {
		return nil, err
	}
	s, ok := obj.(*autoscalingapi.Scale)
	if !ok {
		return nil, fmt.Errorf("fake scale client: reactor returned %T, want *autoscaling/v1.Scale", obj)
	}
	return s, nil
}

func (n *namespaced) Get(_ context.Context, resource schema.GroupResource, name string, _ metav1.GetOptions) (*autoscalingapi.Scale, error) {
	return asScale(n.fake.Invokes(testing.NewGetSubresourceAction(resource.WithVersion(""), n.namespace, "scale", name), &autoscalingapi.Scale{}))
}

func (n *namespaced) Update(_ context.Context, resource schema.GroupResource, s *autoscalingapi.Scale, _ metav1.UpdateOptions) (*autoscalingapi.Scale, error) {
	return asScale(n.fake.Invokes(testing.NewUpdateSubresourceAction(resource.WithVersion(""), "scale", n.namespace, s), s))
}

func (n *namespaced) Patch(_ context.Context, gvr schema.GroupVersionResource, name string, pt types.PatchType, data []byte, _ metav1.PatchOptions) (*autoscalingapi.Scale, error) {
	return asScale(n.fake.Invokes(testing.NewPatchSubresourceAction(gvr, n.namespace, name, pt, data, "scale"), &autoscalingapi.Scale{}))
}
