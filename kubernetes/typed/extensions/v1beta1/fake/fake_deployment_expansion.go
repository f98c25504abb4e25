package fake

import (
	"context"
	"errors"

	extensionsv1beta1 "k8s.io/api/extensions/v1beta1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/testing"
)

// Rollback records a create of the "rollback" subresource of the deployment
// named deploymentRollback.Name. The fake does not roll anything back.
func (c *fakeDeployments) Rollback(ctx context.Context, deploymentRollback *extensionsv1beta1.DeploymentRollback, opts metav1.CreateOptions) error {
	if deploymentRollback == nil {
		return errors.New("rollback: the deployment rollback must not be nil")
	}
	action := testing.NewCreateSubresourceActionWithOptions(c.Resource(), deploymentRollback.Name, "rollback", c.Namespace(), deploymentRollback, opts)
	_, err := c.Fake.Invokes(action, deploymentRollback)
	return err
}
