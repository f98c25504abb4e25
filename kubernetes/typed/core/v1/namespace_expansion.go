package v1

import (
	"context"
	"errors"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/kubernetes/typed/internal/typedclient"
)

// NamespaceExpansion holds the hand-written methods of NamespaceInterface.
type NamespaceExpansion interface {
	// Finalize replaces the finalize subresource of the namespace named
	// item.Name: it sets spec.finalizers, which namespace deletion waits on.
	Finalize(ctx context.Context, item *corev1.Namespace, opts metav1.UpdateOptions) (*corev1.Namespace, error)
}

// Finalize implements NamespaceExpansion.
func (c *namespaces) Finalize(ctx context.Context, item *corev1.Namespace, opts metav1.UpdateOptions) (*corev1.Namespace, error) {
	if item == nil {
		return &corev1.Namespace{}, errors.New("finalize: the namespace must not be nil")
	}
	return typedclient.Update(ctx, c.target(), item.Name, "finalize", item, &opts, &corev1.Namespace{})
}
