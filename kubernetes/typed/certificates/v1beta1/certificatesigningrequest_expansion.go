package v1beta1

import (
	"context"
	"errors"

	certificatesv1beta1 "k8s.io/api/certificates/v1beta1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/kubernetes/typed/internal/typedclient"
)

// CertificateSigningRequestExpansion holds the hand-written methods of
// CertificateSigningRequestInterface.
type CertificateSigningRequestExpansion interface {
	// UpdateApproval replaces the approval subresource (status.conditions
	// Approved/Denied) of the request named certificateSigningRequest.Name.
	UpdateApproval(ctx context.Context, certificateSigningRequest *certificatesv1beta1.CertificateSigningRequest, opts metav1.UpdateOptions) (*certificatesv1beta1.CertificateSigningRequest, error)
}

// UpdateApproval implements CertificateSigningRequestExpansion.
func (c *certificateSigningRequests) UpdateApproval(ctx context.Context, certificateSigningRequest *certificatesv1beta1.CertificateSigningRequest, opts metav1.UpdateOptions) (*certificatesv1beta1.CertificateSigningRequest, error) {
	if certificateSigningRequest == nil {
		return &certificatesv1beta1.CertificateSigningRequest{}, errors.New("update approval: the request must not be nil")
	}
	return typedclient.Update(ctx, c.target(), certificateSigningRequest.Name, "approval", certificateSigningRequest, &opts, &certificatesv1beta1.CertificateSigningRequest{})
}
