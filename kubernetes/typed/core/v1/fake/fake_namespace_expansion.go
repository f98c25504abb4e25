package fake

import (
	"context"
	"errors"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/kubernetes/internal/fakeclient"
	"github.com/kclient/kclient/testing"
)

// Finalize records a create of the "finalize" subresource carrying item, as
// client-go's fake does (the real call is a PUT). With a tracker the stored
// namespace is replaced by item.
func (c *fakeNamespaces) Finalize(ctx context.Context, item *corev1.Namespace, opts metav1.UpdateOptions) (*corev1.Namespace, error) {
	if item == nil {
		return &corev1.Namespace{}, errors.New("finalize: the namespace must not be nil")
	}
	action := testing.NewCreateSubresourceAction(c.Resource(), item.Name, "finalize", "", item)
	return fakeclient.Invoke(c.Fake, action, &corev1.Namespace{})
}
