package v1

import (
	"bytes"

	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/pkg/apis/clientauthentication/internal/versioned"
)

// DeepCopyInto makes out an independent copy of in; the two share no memory
// afterwards. in must not be nil.
func (in *ExecCredential) DeepCopyInto(out *ExecCredential) {
	*out = *in
	in.Spec.DeepCopyInto(&out.Spec)
	out.Status = in.Status.DeepCopy()
}

// DeepCopy returns a newly allocated independent copy, or nil for a nil
// receiver.
func (in *ExecCredential) DeepCopy() *ExecCredential {
	return versioned.Clone(in, (*ExecCredential).DeepCopyInto)
}

// DeepCopyObject implements runtime.Object; a nil receiver gives a nil
// interface, not a typed nil.
func (in *ExecCredential) DeepCopyObject() runtime.Object {
	if in == nil {
		return nil
	}
	return in.DeepCopy()
}

// DeepCopyInto makes out an independent copy of in; in must not be nil.
func (in *ExecCredentialSpec) DeepCopyInto(out *ExecCredentialSpec) {
	*out = *in
	out.Cluster = in.Cluster.DeepCopy()
}

// DeepCopy returns a newly allocated independent copy, or nil for a nil
// receiver.
func (in *ExecCredentialSpec) DeepCopy() *ExecCredentialSpec {
	return versioned.Clone(in, (*ExecCredentialSpec).DeepCopyInto)
}

// DeepCopyInto makes out an independent copy of in; in must not be nil.
func (in *ExecCredentialStatus) DeepCopyInto(out *ExecCredentialStatus) {
	*out = *in
	out.ExpirationTimestamp = in.ExpirationTimestamp.DeepCopy()
}

// DeepCopy returns a newly allocated independent copy, or nil for a nil
// receiver.
func (in *ExecCredentialStatus) DeepCopy() *ExecCredentialStatus {
	return versioned.Clone(in, (*ExecCredentialStatus).DeepCopyInto)
}

// DeepCopyInto makes out an independent copy of in; in must not be nil.
func (in *Cluster) DeepCopyInto(out *Cluster) {
	*out = *in
	out.CertificateAuthorityData = bytes.Clone(in.CertificateAuthorityData)
	in.Config.DeepCopyInto(&out.Config)
}

// DeepCopy returns a newly allocated independent copy, or nil for a nil
// receiver.
func (in *Cluster) DeepCopy() *Cluster {
	return versioned.Clone(in, (*Cluster).DeepCopyInto)
}
