package fake

import (
	"context"
	"errors"

	certificatesv1beta1 "k8s.io/api/certificates/v1beta1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/kubernetes/internal/fakeclient"
	"github.com/kclient/kclient/testing"
)

// UpdateApproval records an update of the "approval" subresource carrying
// certificateSigningRequest; with a tracker the stored request is replaced.
func (c *fakeCertificateSigningRequests) UpdateApproval(ctx context.Context, certificateSigningRequest *certificatesv1beta1.CertificateSigningRequest, opts metav1.UpdateOptions) (*certificatesv1beta1.CertificateSigningRequest, error) {
	if certificateSigningRequest == nil {
		return &certificatesv1beta1.CertificateSigningRequest{}, errors.New("update approval: the request must not be nil")
	}
	action := testing.NewUpdateSubresourceActionWithOptions(c.Resource(), "approval", "", certificateSigningRequest, opts)
	return fakeclient.Invoke(c.Fake, action, &certificatesv1beta1.CertificateSigningRequest{})
}
