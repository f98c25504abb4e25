package v1

import (
	"maps"
	"slices"

	"k8s.io/apimachinery/pkg/runtime"
)

// cloneWith deep-copies a slice element by element with copyInto, keeping
// nil as nil.
func cloneWith[T any](in []T, copyInto func(*T, *T)) []T {
	if in == nil {
		return nil
	}
	out := make([]T, len(in))
	for i := range in {
		copyInto(&in[i], &out[i])
	}
	return out
}

func copyExtensions(in []NamedExtension) []NamedExtension {
	return cloneWith(in, (*NamedExtension).DeepCopyInto)
}

// DeepCopyInto copies the receiver into out, sharing no memory. in must be non-nil.
func (in *Config) DeepCopyInto(out *Config) {
	*out = *in
	in.Preferences.DeepCopyInto(&out.Preferences)
	out.Clusters = cloneWith(in.Clusters, (*NamedCluster).DeepCopyInto)
	out.AuthInfos = cloneWith(in.AuthInfos, (*NamedAuthInfo).DeepCopyInto)
	out.Contexts = cloneWith(in.Contexts, (*NamedContext).DeepCopyInto)
	out.Extensions = copyExtensions(in.Extensions)
}

// DeepCopy returns an independent copy of the receiver, or nil for nil.
func (in *Config) DeepCopy() *Config { return deepCopy(in, (*Config).DeepCopyInto) }

// DeepCopyObject implements runtime.Object.
func (in *Config) DeepCopyObject() runtime.Object {
	if c := in.DeepCopy(); c != nil {
		return c
	}
	return nil
}

// DeepCopyInto copies the receiver into out, sharing no memory. in must be non-nil.
func (in *Preferences) DeepCopyInto(out *Preferences) {
	*out = *in
	out.Extensions = copyExtensions(in.Extensions)
}

// DeepCopy returns an independent copy of the receiver, or nil for nil.
func (in *Preferences) DeepCopy() *Preferences { return deepCopy(in, (*Preferences).DeepCopyInto) }

// DeepCopyInto copies the receiver into out, sharing no memory. in must be non-nil.
func (in *Cluster) DeepCopyInto(out *Cluster) {
	*out = *in
	out.CertificateAuthorityData = slices.Clone(in.CertificateAuthorityData)
	out.Extensions = copyExtensions(in.Extensions)
}

// DeepCopy returns an independent copy of the receiver, or nil for nil.
func (in *Cluster) DeepCopy() *Cluster { return deepCopy(in, (*Cluster).DeepCopyInto) }

// DeepCopyInto copies the receiver into out, sharing no memory. in must be non-nil.
func (in *AuthInfo) DeepCopyInto(out *AuthInfo) {
	*out = *in
	out.ClientCertificateData = slices.Clone(in.ClientCertificateData)
	out.ClientKeyData = slices.Clone(in.ClientKeyData)
	out.ImpersonateGroups = slices.Clone(in.ImpersonateGroups)
	if in.ImpersonateUserExtra != nil {
		out.ImpersonateUserExtra = make(map[string][]string, len(in.ImpersonateUserExtra))
		for k, v := range in.ImpersonateUserExtra {
			out.ImpersonateUserExtra[k] = slices.Clone(v)
		}
	}
	out.AuthProvider = in.AuthProvider.DeepCopy()
	out.Exec = in.Exec.DeepCopy()
	out.Extensions = copyExtensions(in.Extensions)
}

// DeepCopy returns an independent copy of the receiver, or nil for nil.
func (in *AuthInfo) DeepCopy() *AuthInfo { return deepCopy(in, (*AuthInfo).DeepCopyInto) }

// DeepCopyInto copies the receiver into out, sharing no memory. in must be non-nil.
func (in *Context) DeepCopyInto(out *Context) {
	*out = *in
	out.Extensions = copyExtensions(in.Extensions)
}

// DeepCopy returns an independent copy of the receiver, or nil for nil.
func (in *Context) DeepCopy() *Context { return deepCopy(in, (*Context).DeepCopyInto) }

// DeepCopyInto copies the receiver into out, sharing no memory. in must be non-nil.
func (in *NamedCluster) DeepCopyInto(out *NamedCluster) {
	out.Name = in.Name
	in.Cluster.DeepCopyInto(&out.Cluster)
}

// DeepCopy returns an independent copy of the receiver, or nil for nil.
func (in *NamedCluster) DeepCopy() *NamedCluster { return deepCopy(in, (*NamedCluster).DeepCopyInto) }

// DeepCopyInto copies the receiver into out, sharing no memory. in must be non-nil.
func (in *NamedContext) DeepCopyInto(out *NamedContext) {
	out.Name = in.Name
	in.Context.DeepCopyInto(&out.Context)
}

// DeepCopy returns an independent copy of the receiver, or nil for nil.
func (in *NamedContext) DeepCopy() *NamedContext { return deepCopy(in, (*NamedContext).DeepCopyInto) }

// DeepCopyInto copies the receiver into out, sharing no memory. in must be non-nil.
func (in *NamedAuthInfo) DeepCopyInto(out *NamedAuthInfo) {
	out.Name = in.Name
	in.AuthInfo.DeepCopyInto(&out.AuthInfo)
}

// DeepCopy returns an independent copy of the receiver, or nil for nil.
func (in *NamedAuthInfo) DeepCopy() *NamedAuthInfo {
	return deepCopy(in, (*NamedAuthInfo).DeepCopyInto)
}

// DeepCopyInto copies the receiver into out, sharing no memory. in must be non-nil.
func (in *NamedExtension) DeepCopyInto(out *NamedExtension) {
	out.Name = in.Name
	in.Extension.DeepCopyInto(&out.Extension)
}

// DeepCopy returns an independent copy of the receiver, or nil for nil.
func (in *NamedExtension) DeepCopy() *NamedExtension {
	return deepCopy(in, (*NamedExtension).DeepCopyInto)
}

// DeepCopyInto copies the receiver into out, sharing no memory. in must be non-nil.
func (in *AuthProviderConfig) DeepCopyInto(out *AuthProviderConfig) {
	*out = *in
	out.Config = maps.Clone(in.Config)
}

// DeepCopy returns an independent copy of the receiver, or nil for nil.
func (in *AuthProviderConfig) DeepCopy() *AuthProviderConfig {
	return deepCopy(in, (*AuthProviderConfig).DeepCopyInto)
}

// DeepCopyInto copies the receiver into out, sharing no memory. in must be non-nil.
func (in *ExecConfig) DeepCopyInto(out *ExecConfig) {
	*out = *in
	out.Args = slices.Clone(in.Args)
	out.Env = slices.Clone(in.Env)
}

// DeepCopy returns an independent copy of the receiver, or nil for nil.
func (in *ExecConfig) DeepCopy() *ExecConfig { return deepCopy(in, (*ExecConfig).DeepCopyInto) }

// DeepCopyInto copies the receiver into out. in must be non-nil.
func (in *ExecEnvVar) DeepCopyInto(out *ExecEnvVar) { *out = *in }

// DeepCopy returns a copy of the receiver, or nil for nil.
func (in *ExecEnvVar) DeepCopy() *ExecEnvVar { return deepCopy(in, (*ExecEnvVar).DeepCopyInto) }

// deepCopy allocates a T and fills it with copyInto; nil stays nil.
func deepCopy[T any](in *T, copyInto func(*T, *T)) *T {
	if in == nil {
		return nil
	}
	out := new(T)
	copyInto(in, out)
	return out
}
