package api

import (
	"maps"
	"slices"

	"k8s.io/apimachinery/pkg/runtime"
)

// cloneVia allocates a fresh T and fills it from in with into. A nil in
// yields nil, which is the DeepCopy contract for every type in this package.
func cloneVia[T any](in *T, into func(src, dst *T)) *T {
	if in == nil {
		return nil
	}
	dst := new(T)
	into(in, dst)
	return dst
}

// copyExtensions deep-copies an extension map, keeping nil as nil.
func copyExtensions(in map[string]runtime.Object) map[string]runtime.Object {
	if in == nil {
		return nil
	}
	out := make(map[string]runtime.Object, len(in))
	for k, v := range in {
		if v != nil {
			v = v.DeepCopyObject()
		}
		out[k] = v
	}
	return out
}

// copyEntries deep-copies a map of named entries with copyFn, keeping nil
// values and a nil map as they are.
func copyEntries[T any](in map[string]*T, copyFn func(*T) *T) map[string]*T {
	if in == nil {
		return nil
	}
	out := make(map[string]*T, len(in))
	for k, v := range in {
		if v != nil {
			v = copyFn(v)
		}
		out[k] = v
	}
	return out
}

// DeepCopyInto copies the receiver into out, sharing no memory. in must be non-nil.
func (in *Config) DeepCopyInto(out *Config) {
	*out = *in
	in.Preferences.DeepCopyInto(&out.Preferences)
	out.Clusters = copyEntries(in.Clusters, (*Cluster).DeepCopy)
	out.AuthInfos = copyEntries(in.AuthInfos, (*AuthInfo).DeepCopy)
	out.Contexts = copyEntries(in.Contexts, (*Context).DeepCopy)
	out.Extensions = copyExtensions(in.Extensions)
}

// DeepCopy returns an independent copy of the receiver, or nil for nil.
func (in *Config) DeepCopy() *Config { return cloneVia(in, (*Config).DeepCopyInto) }

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
func (in *Preferences) DeepCopy() *Preferences { return cloneVia(in, (*Preferences).DeepCopyInto) }

// DeepCopyInto copies the receiver into out, sharing no memory. in must be non-nil.
func (in *Cluster) DeepCopyInto(out *Cluster) {
	*out = *in
	out.CertificateAuthorityData = slices.Clone(in.CertificateAuthorityData)
	out.Extensions = copyExtensions(in.Extensions)
}

// DeepCopy returns an independent copy of the receiver, or nil for nil.
func (in *Cluster) DeepCopy() *Cluster { return cloneVia(in, (*Cluster).DeepCopyInto) }

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
func (in *AuthInfo) DeepCopy() *AuthInfo { return cloneVia(in, (*AuthInfo).DeepCopyInto) }

// DeepCopyInto copies the receiver into out, sharing no memory. in must be non-nil.
func (in *Context) DeepCopyInto(out *Context) {
	*out = *in
	out.Extensions = copyExtensions(in.Extensions)
}

// DeepCopy returns an independent copy of the receiver, or nil for nil.
func (in *Context) DeepCopy() *Context { return cloneVia(in, (*Context).DeepCopyInto) }

// DeepCopyInto copies the receiver into out, sharing no memory. in must be non-nil.
func (in *AuthProviderConfig) DeepCopyInto(out *AuthProviderConfig) {
	*out = *in
	out.Config = maps.Clone(in.Config)
}

// DeepCopy returns an independent copy of the receiver, or nil for nil.
func (in *AuthProviderConfig) DeepCopy() *AuthProviderConfig {
	return cloneVia(in, (*AuthProviderConfig).DeepCopyInto)
}

// DeepCopyInto copies the receiver into out, sharing no memory. in must be non-nil.
func (in *ExecConfig) DeepCopyInto(out *ExecConfig) {
	*out = *in
	out.Args = slices.Clone(in.Args)
	out.Env = slices.Clone(in.Env)
	if in.Config != nil {
		out.Config = in.Config.DeepCopyObject()
	}
	in.PluginPolicy.DeepCopyInto(&out.PluginPolicy)
}

// DeepCopy returns an independent copy of the receiver, or nil for nil.
func (in *ExecConfig) DeepCopy() *ExecConfig { return cloneVia(in, (*ExecConfig).DeepCopyInto) }

// DeepCopyInto copies the receiver into out. in must be non-nil.
func (in *ExecEnvVar) DeepCopyInto(out *ExecEnvVar) { *out = *in }

// DeepCopy returns a copy of the receiver, or nil for nil.
func (in *ExecEnvVar) DeepCopy() *ExecEnvVar { return cloneVia(in, (*ExecEnvVar).DeepCopyInto) }

// DeepCopyInto copies the receiver into out, sharing no memory. in must be non-nil.
func (in *PluginPolicy) DeepCopyInto(out *PluginPolicy) {
	*out = *in
	out.Allowlist = slices.Clone(in.Allowlist)
}

// DeepCopy returns an independent copy of the receiver, or nil for nil.
func (in *PluginPolicy) DeepCopy() *PluginPolicy { return cloneVia(in, (*PluginPolicy).DeepCopyInto) }

// DeepCopyInto copies the receiver into out. in must be non-nil.
func (in *AllowlistEntry) DeepCopyInto(out *AllowlistEntry) { *out = *in }

// DeepCopy returns a copy of the receiver, or nil for nil.
func (in *AllowlistEntry) DeepCopy() *AllowlistEntry {
	return cloneVia(in, (*AllowlistEntry).DeepCopyInto)
}
