package v1beta1

import (
	"k8s.io/apimachinery/pkg/conversion"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/pkg/apis/clientauthentication"
)

// RegisterConversions adds conversion functions between this version and the
// internal version of every type in the package to the given scheme.
func RegisterConversions(s *runtime.Scheme) error {
	type pair struct {
		a, b any
		fn   conversion.ConversionFunc
	}
	pairs := []pair{
		{(*Cluster)(nil), (*clientauthentication.Cluster)(nil), func(a, b any, sc conversion.Scope) error {
			return Convert_v1beta1_Cluster_To_clientauthentication_Cluster(a.(*Cluster), b.(*clientauthentication.Cluster), sc)
		}},
		{(*clientauthentication.Cluster)(nil), (*Cluster)(nil), func(a, b any, sc conversion.Scope) error {
			return Convert_clientauthentication_Cluster_To_v1beta1_Cluster(a.(*clientauthentication.Cluster), b.(*Cluster), sc)
		}},
		{(*ExecCredential)(nil), (*clientauthentication.ExecCredential)(nil), func(a, b any, sc conversion.Scope) error {
			return Convert_v1beta1_ExecCredential_To_clientauthentication_ExecCredential(a.(*ExecCredential), b.(*clientauthentication.ExecCredential), sc)
		}},
		{(*clientauthentication.ExecCredential)(nil), (*ExecCredential)(nil), func(a, b any, sc conversion.Scope) error {
			return Convert_clientauthentication_ExecCredential_To_v1beta1_ExecCredential(a.(*clientauthentication.ExecCredential), b.(*ExecCredential), sc)
		}},
		{(*ExecCredentialSpec)(nil), (*clientauthentication.ExecCredentialSpec)(nil), func(a, b any, sc conversion.Scope) error {
			return Convert_v1beta1_ExecCredentialSpec_To_clientauthentication_ExecCredentialSpec(a.(*ExecCredentialSpec), b.(*clientauthentication.ExecCredentialSpec), sc)
		}},
		{(*clientauthentication.ExecCredentialSpec)(nil), (*ExecCredentialSpec)(nil), func(a, b any, sc conversion.Scope) error {
			return Convert_clientauthentication_ExecCredentialSpec_To_v1beta1_ExecCredentialSpec(a.(*clientauthentication.ExecCredentialSpec), b.(*ExecCredentialSpec), sc)
		}},
		{(*ExecCredentialStatus)(nil), (*clientauthentication.ExecCredentialStatus)(nil), func(a, b any, sc conversion.Scope) error {
			return Convert_v1beta1_ExecCredentialStatus_To_clientauthentication_ExecCredentialStatus(a.(*ExecCredentialStatus), b.(*clientauthentication.ExecCredentialStatus), sc)
		}},
		{(*clientauthentication.ExecCredentialStatus)(nil), (*ExecCredentialStatus)(nil), func(a, b any, sc conversion.Scope) error {
			return Convert_clientauthentication_ExecCredentialStatus_To_v1beta1_ExecCredentialStatus(a.(*clientauthentication.ExecCredentialStatus), b.(*ExecCredentialStatus), sc)
		}},
	}
	for _, p := range pairs {
		if err := s.AddGeneratedConversionFunc(p.a, p.b, p.fn); err != nil {
			return err
		}
	}
	return nil
}

// Convert_v1beta1_Cluster_To_clientauthentication_Cluster converts a v1beta1 Cluster to
// the internal form. Config is decoded lazily: its raw JSON becomes a
// *runtime.Unknown unless it already holds an object.
func Convert_v1beta1_Cluster_To_clientauthentication_Cluster(in *Cluster, out *clientauthentication.Cluster, s conversion.Scope) error {
	out.Server = in.Server
	out.TLSServerName = in.TLSServerName
	out.InsecureSkipTLSVerify = in.InsecureSkipTLSVerify
	out.CertificateAuthorityData = in.CertificateAuthorityData
	out.ProxyURL = in.ProxyURL
	out.DisableCompression = in.DisableCompression
	return runtime.Convert_runtime_RawExtension_To_runtime_Object(&in.Config, &out.Config, s)
}

// Convert_clientauthentication_Cluster_To_v1beta1_Cluster converts an internal
// Cluster to v1beta1, wrapping Config in a runtime.RawExtension.
func Convert_clientauthentication_Cluster_To_v1beta1_Cluster(in *clientauthentication.Cluster, out *Cluster, s conversion.Scope) error {
	out.Server = in.Server
	out.TLSServerName = in.TLSServerName
	out.InsecureSkipTLSVerify = in.InsecureSkipTLSVerify
	out.CertificateAuthorityData = in.CertificateAuthorityData
	out.ProxyURL = in.ProxyURL
	out.DisableCompression = in.DisableCompression
	return runtime.Convert_runtime_Object_To_runtime_RawExtension(&in.Config, &out.Config, s)
}

// Convert_v1beta1_ExecCredential_To_clientauthentication_ExecCredential converts a
// v1beta1 ExecCredential to the internal form. TypeMeta is left to the caller
// (the scheme sets it).
func Convert_v1beta1_ExecCredential_To_clientauthentication_ExecCredential(in *ExecCredential, out *clientauthentication.ExecCredential, s conversion.Scope) error {
	if err := Convert_v1beta1_ExecCredentialSpec_To_clientauthentication_ExecCredentialSpec(&in.Spec, &out.Spec, s); err != nil {
		return err
	}
	out.Status = nil
	if in.Status != nil {
		out.Status = new(clientauthentication.ExecCredentialStatus)
		return Convert_v1beta1_ExecCredentialStatus_To_clientauthentication_ExecCredentialStatus(in.Status, out.Status, s)
	}
	return nil
}

// Convert_clientauthentication_ExecCredential_To_v1beta1_ExecCredential converts an
// internal ExecCredential to v1beta1. TypeMeta is left to the caller.
func Convert_clientauthentication_ExecCredential_To_v1beta1_ExecCredential(in *clientauthentication.ExecCredential, out *ExecCredential, s conversion.Scope) error {
	if err := Convert_clientauthentication_ExecCredentialSpec_To_v1beta1_ExecCredentialSpec(&in.Spec, &out.Spec, s); err != nil {
		return err
	}
	out.Status = nil
	if in.Status != nil {
		out.Status = new(ExecCredentialStatus)
		return Convert_clientauthentication_ExecCredentialStatus_To_v1beta1_ExecCredentialStatus(in.Status, out.Status, s)
	}
	return nil
}

// Convert_v1beta1_ExecCredentialSpec_To_clientauthentication_ExecCredentialSpec
// converts a v1beta1 ExecCredentialSpec to the internal form.
func Convert_v1beta1_ExecCredentialSpec_To_clientauthentication_ExecCredentialSpec(in *ExecCredentialSpec, out *clientauthentication.ExecCredentialSpec, s conversion.Scope) error {
	out.Interactive = in.Interactive
	out.Cluster = nil
	if in.Cluster != nil {
		out.Cluster = new(clientauthentication.Cluster)
		return Convert_v1beta1_Cluster_To_clientauthentication_Cluster(in.Cluster, out.Cluster, s)
	}
	return nil
}

// Convert_clientauthentication_ExecCredentialSpec_To_v1beta1_ExecCredentialSpec
// converts an internal ExecCredentialSpec to v1beta1.
func Convert_clientauthentication_ExecCredentialSpec_To_v1beta1_ExecCredentialSpec(in *clientauthentication.ExecCredentialSpec, out *ExecCredentialSpec, s conversion.Scope) error {
	out.Interactive = in.Interactive
	out.Cluster = nil
	if in.Cluster != nil {
		out.Cluster = new(Cluster)
		return Convert_clientauthentication_Cluster_To_v1beta1_Cluster(in.Cluster, out.Cluster, s)
	}
	return nil
}

// Convert_v1beta1_ExecCredentialStatus_To_clientauthentication_ExecCredentialStatus
// converts a v1beta1 ExecCredentialStatus to the internal form. The expiration
// time is shared, not copied.
func Convert_v1beta1_ExecCredentialStatus_To_clientauthentication_ExecCredentialStatus(in *ExecCredentialStatus, out *clientauthentication.ExecCredentialStatus, s conversion.Scope) error {
	*out = clientauthentication.ExecCredentialStatus(*in)
	return nil
}

// Convert_clientauthentication_ExecCredentialStatus_To_v1beta1_ExecCredentialStatus
// converts an internal ExecCredentialStatus to v1beta1. The expiration time is
// shared, not copied.
func Convert_clientauthentication_ExecCredentialStatus_To_v1beta1_ExecCredentialStatus(in *clientauthentication.ExecCredentialStatus, out *ExecCredentialStatus, s conversion.Scope) error {
	*out = ExecCredentialStatus(*in)
	return nil
}
