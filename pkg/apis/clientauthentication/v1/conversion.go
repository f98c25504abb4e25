package v1

import (
	"k8s.io/apimachinery/pkg/conversion"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/pkg/apis/clientauthentication"
	"github.com/kclient/kclient/pkg/apis/clientauthentication/internal/versioned"
)

// RegisterConversions teaches s to convert every type of this package to its
// internal counterpart in package clientauthentication and back.
func RegisterConversions(s *runtime.Scheme) error {
	return versioned.Register(s,
		versioned.Both(Convert_v1_Cluster_To_clientauthentication_Cluster,
			Convert_clientauthentication_Cluster_To_v1_Cluster),
		versioned.Both(Convert_v1_ExecCredential_To_clientauthentication_ExecCredential,
			Convert_clientauthentication_ExecCredential_To_v1_ExecCredential),
		versioned.Both(Convert_v1_ExecCredentialSpec_To_clientauthentication_ExecCredentialSpec,
			Convert_clientauthentication_ExecCredentialSpec_To_v1_ExecCredentialSpec),
		versioned.Both(Convert_v1_ExecCredentialStatus_To_clientauthentication_ExecCredentialStatus,
			Convert_clientauthentication_ExecCredentialStatus_To_v1_ExecCredentialStatus),
	)
}

// Convert_v1_Cluster_To_clientauthentication_Cluster converts a v1 Cluster to
// the internal form. Config is decoded lazily: its raw JSON becomes a
// *runtime.Unknown unless it already holds an object. Byte slices are shared.
func Convert_v1_Cluster_To_clientauthentication_Cluster(in *Cluster, out *clientauthentication.Cluster, s conversion.Scope) error {
	*out = clientauthentication.Cluster{
		Server:                   in.Server,
		TLSServerName:            in.TLSServerName,
		InsecureSkipTLSVerify:    in.InsecureSkipTLSVerify,
		CertificateAuthorityData: in.CertificateAuthorityData,
		ProxyURL:                 in.ProxyURL,
		DisableCompression:       in.DisableCompression,
		Config:                   out.Config,
	}
	return runtime.Convert_runtime_RawExtension_To_runtime_Object(&in.Config, &out.Config, s)
}

// Convert_clientauthentication_Cluster_To_v1_Cluster converts an internal
// Cluster to v1, wrapping Config in a runtime.RawExtension. Byte slices are
// shared.
func Convert_clientauthentication_Cluster_To_v1_Cluster(in *clientauthentication.Cluster, out *Cluster, s conversion.Scope) error {
	*out = Cluster{
		Server:                   in.Server,
		TLSServerName:            in.TLSServerName,
		InsecureSkipTLSVerify:    in.InsecureSkipTLSVerify,
		CertificateAuthorityData: in.CertificateAuthorityData,
		ProxyURL:                 in.ProxyURL,
		DisableCompression:       in.DisableCompression,
		Config:                   out.Config,
	}
	return runtime.Convert_runtime_Object_To_runtime_RawExtension(&in.Config, &out.Config, s)
}

// Convert_v1_ExecCredential_To_clientauthentication_ExecCredential converts a
// v1 ExecCredential to the internal form. TypeMeta is left to the caller
// (the scheme sets it).
func Convert_v1_ExecCredential_To_clientauthentication_ExecCredential(in *ExecCredential, out *clientauthentication.ExecCredential, s conversion.Scope) error {
	err := Convert_v1_ExecCredentialSpec_To_clientauthentication_ExecCredentialSpec(&in.Spec, &out.Spec, s)
	if err == nil {
		out.Status, err = versioned.ConvertOptional(in.Status,
			Convert_v1_ExecCredentialStatus_To_clientauthentication_ExecCredentialStatus, s)
	}
	return err
}

// Convert_clientauthentication_ExecCredential_To_v1_ExecCredential converts an
// internal ExecCredential to v1. TypeMeta is left to the caller.
func Convert_clientauthentication_ExecCredential_To_v1_ExecCredential(in *clientauthentication.ExecCredential, out *ExecCredential, s conversion.Scope) error {
	err := Convert_clientauthentication_ExecCredentialSpec_To_v1_ExecCredentialSpec(&in.Spec, &out.Spec, s)
	if err == nil {
		out.Status, err = versioned.ConvertOptional(in.Status,
			Convert_clientauthentication_ExecCredentialStatus_To_v1_ExecCredentialStatus, s)
	}
	return err
}

// Convert_v1_ExecCredentialSpec_To_clientauthentication_ExecCredentialSpec
// converts a v1 ExecCredentialSpec to the internal form.
func Convert_v1_ExecCredentialSpec_To_clientauthentication_ExecCredentialSpec(in *ExecCredentialSpec, out *clientauthentication.ExecCredentialSpec, s conversion.Scope) error {
	var err error
	out.Interactive = in.Interactive
	out.Cluster, err = versioned.ConvertOptional(in.Cluster, Convert_v1_Cluster_To_clientauthentication_Cluster, s)
	return err
}

// Convert_clientauthentication_ExecCredentialSpec_To_v1_ExecCredentialSpec
// converts an internal ExecCredentialSpec to v1.
func Convert_clientauthentication_ExecCredentialSpec_To_v1_ExecCredentialSpec(in *clientauthentication.ExecCredentialSpec, out *ExecCredentialSpec, s conversion.Scope) error {
	var err error
	out.Interactive = in.Interactive
	out.Cluster, err = versioned.ConvertOptional(in.Cluster, Convert_clientauthentication_Cluster_To_v1_Cluster, s)
	return err
}

// Convert_v1_ExecCredentialStatus_To_clientauthentication_ExecCredentialStatus
// converts a v1 ExecCredentialStatus to the internal form. The expiration
// time is shared, not copied.
func Convert_v1_ExecCredentialStatus_To_clientauthentication_ExecCredentialStatus(in *ExecCredentialStatus, out *clientauthentication.ExecCredentialStatus, s conversion.Scope) error {
	*out = clientauthentication.ExecCredentialStatus(*in)
	return nil
}

// Convert_clientauthentication_ExecCredentialStatus_To_v1_ExecCredentialStatus
// converts an internal ExecCredentialStatus to v1. The expiration time is
// shared, not copied.
func Convert_clientauthentication_ExecCredentialStatus_To_v1_ExecCredentialStatus(in *clientauthentication.ExecCredentialStatus, out *ExecCredentialStatus, s conversion.Scope) error {
	*out = ExecCredentialStatus(*in)
	return nil
}
