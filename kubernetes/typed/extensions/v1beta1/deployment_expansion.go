package v1beta1

import (
	"context"
	"errors"

	extensionsv1beta1 "k8s.io/api/extensions/v1beta1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/kubernetes/typed/internal/typedclient"
)

// DeploymentExpansion holds the hand-written methods of DeploymentInterface.
type DeploymentExpansion interface {
	// Rollback posts deploymentRollback to the rollback subresource of the
	// deployment named deploymentRollback.Name. Servers that no longer serve
	// extensions/v1beta1 reject it.
	Rollback(ctx context.Context, deploymentRollback *extensionsv1beta1.DeploymentRollback, opts metav1.CreateOptions) error
}

// Rollback implements DeploymentExpansion.
func (c *deployments) Rollback(ctx context.Context, deploymentRollback *extensionsv1beta1.DeploymentRollback, opts metav1.CreateOptions) error {
	if deploymentRollback == nil {
		return errors.New("rollback: the deployment rollback must not be nil")
	}
	return typedclient.Post(ctx, c.target(), deploymentRollback.Name, "rollback", deploymentRollback, &opts)
}
