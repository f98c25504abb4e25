package fake

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kclient/kclient/kubernetes/internal/fakeclient"
	"github.com/kclient/kclient/testing"
)

// PatchStatus records a strategic merge patch of the status of node
// nodeName and returns the reactors' node (with a tracker, the patched one).
func (c *fakeNodes) PatchStatus(ctx context.Context, nodeName string, data []byte) (*corev1.Node, error) {
	action := testing.NewPatchSubresourceAction(c.Resource(), "", nodeName, types.StrategicMergePatchType, data, "status")
	return fakeclient.Invoke(c.Fake, action, &corev1.Node{})
}
