package v1

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
)

// NodeExpansion holds the hand-written methods of NodeInterface.
type NodeExpansion interface {
	// PatchStatus applies the strategic merge patch data to the status of
	// node nodeName and returns the patched node.
	PatchStatus(ctx context.Context, nodeName string, data []byte) (*corev1.Node, error)
}

// PatchStatus implements NodeExpansion.
func (c *nodes) PatchStatus(ctx context.Context, nodeName string, data []byte) (*corev1.Node, error) {
	t := c.target()
	out := &corev1.Node{}
	err := t.Start(c.GetClient().Patch(types.StrategicMergePatchType), nodeName, "status").
		Body(data).
		Do(ctx).
		Into(out)
	return out, err
}
