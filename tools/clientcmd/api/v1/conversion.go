package v1

import (
	"fmt"
	"sort"

	"k8s.io/apimachinery/pkg/conversion"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/tools/clientcmd/api"
)

// RegisterConversions installs every conversion of this package, in both
// directions, in s.
func RegisterConversions(s *runtime.Scheme) error {
	for _, err := range []error{
		register(s, Convert_v1_Config_To_api_Config),
		register(s, Convert_api_Config_To_v1_Config),
		register(s, Convert_v1_Preferences_To_api_Preferences),
		register(s, Convert_api_Preferences_To_v1_Preferences),
		register(s, Convert_v1_Cluster_To_api_Cluster),
		register(s, Convert_api_Cluster_To_v1_Cluster),
		register(s, Convert_v1_AuthInfo_To_api_AuthInfo),
		register(s, Convert_api_AuthInfo_To_v1_AuthInfo),
		register(s, Convert_v1_Context_To_api_Context),
		register(s, Convert_api_Context_To_v1_Context),
		register(s, Convert_v1_AuthProviderConfig_To_api_AuthProviderConfig),
		register(s, Convert_api_AuthProviderConfig_To_v1_AuthProviderConfig),
		register(s, Convert_v1_ExecConfig_To_api_ExecConfig),
		register(s, Convert_api_ExecConfig_To_v1_ExecConfig),
		register(s, Convert_v1_ExecEnvVar_To_api_ExecEnvVar),
		register(s, Convert_api_ExecEnvVar_To_v1_ExecEnvVar),
		register(s, Convert_Slice_v1_NamedCluster_To_Map_string_To_Pointer_api_Cluster),
		register(s, Convert_Map_string_To_Pointer_api_Cluster_To_Slice_v1_NamedCluster),
		register(s, Convert_Slice_v1_NamedAuthInfo_To_Map_string_To_Pointer_api_AuthInfo),
		register(s, Convert_Map_string_To_Pointer_api_AuthInfo_To_Slice_v1_NamedAuthInfo),
		register(s, Convert_Slice_v1_NamedContext_To_Map_string_To_Pointer_api_Context),
		register(s, Convert_Map_string_To_Pointer_api_Context_To_Slice_v1_NamedContext),
		register(s, Convert_Slice_v1_NamedExtension_To_Map_string_To_runtime_Object),
		register(s, Convert_Map_string_To_runtime_Object_To_Slice_v1_NamedExtension),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

// register adapts a typed conversion function to the scheme's untyped form.
func register[A, B any](s *runtime.Scheme, fn func(*A, *B, conversion.Scope) error) error {
	return s.AddConversionFunc((*A)(nil), (*B)(nil), func(a, b any, scope conversion.Scope) error {
		return fn(a.(*A), b.(*B), scope)
	})
}

// namedToMap converts a named list into a map, allocating each value with
// newValue and filling it with conv. A name that appears twice is an error;
// the message names the duplicate but never prints the entries, which may
// hold credentials.
func namedToMap[N, W, I any](in []N, out *map[string]*I, wireName, internalName string,
	split func(*N) (string, *W), newValue func() *I, conv func(*W, *I, conversion.Scope) error, s conversion.Scope) error {
	for i := range in {
		name, wire := split(&in[i])
		value := newValue()
		if err := conv(wire, value, s); err != nil {
			return err
		}
		if *out == nil {
			*out = map[string]*I{}
		}
		if (*out)[name] != nil {
			return fmt.Errorf("error converting *[]%s into *map[string]*api.%s: duplicate name %q in list", wireName, internalName, name)
		}
		(*out)[name] = value
	}
	return nil
}

// mapToNamed appends the entries of in, sorted by name, to *out.
func mapToNamed[I, W, N any](in map[string]*I, out *[]N, join func(string, W) N,
	conv func(*I, *W, conversion.Scope) error, s conversion.Scope) error {
	names := make([]string, 0, len(in))
	for name := range in {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		var wire W
		if v := in[name]; v != nil {
			if err := conv(v, &wire, s); err != nil {
				return err
			}
		}
		*out = append(*out, join(name, wire))
	}
	return nil
}

// Convert_Slice_v1_NamedCluster_To_Map_string_To_Pointer_api_Cluster turns
// the named cluster list into a map; duplicate names are an error.
func Convert_Slice_v1_NamedCluster_To_Map_string_To_Pointer_api_Cluster(in *[]NamedCluster, out *map[string]*api.Cluster, s conversion.Scope) error {
	return namedToMap(*in, out, "NamedCluster", "Cluster",
		func(n *NamedCluster) (string, *Cluster) { return n.Name, &n.Cluster },
		api.NewCluster, Convert_v1_Cluster_To_api_Cluster, s)
}

// Convert_Map_string_To_Pointer_api_Cluster_To_Slice_v1_NamedCluster turns
// the cluster map into a list sorted by name.
func Convert_Map_string_To_Pointer_api_Cluster_To_Slice_v1_NamedCluster(in *map[string]*api.Cluster, out *[]NamedCluster, s conversion.Scope) error {
	return mapToNamed(*in, out,
		func(name string, c Cluster) NamedCluster { return NamedCluster{Name: name, Cluster: c} },
		Convert_api_Cluster_To_v1_Cluster, s)
}

// Convert_Slice_v1_NamedAuthInfo_To_Map_string_To_Pointer_api_AuthInfo turns
// the named user list into a map; duplicate names are an error.
func Convert_Slice_v1_NamedAuthInfo_To_Map_string_To_Pointer_api_AuthInfo(in *[]NamedAuthInfo, out *map[string]*api.AuthInfo, s conversion.Scope) error {
	return namedToMap(*in, out, "NamedAuthInfo", "AuthInfo",
		func(n *NamedAuthInfo) (string, *AuthInfo) { return n.Name, &n.AuthInfo },
		api.NewAuthInfo, Convert_v1_AuthInfo_To_api_AuthInfo, s)
}

// Convert_Map_string_To_Pointer_api_AuthInfo_To_Slice_v1_NamedAuthInfo turns
// the user map into a list sorted by name.
func Convert_Map_string_To_Pointer_api_AuthInfo_To_Slice_v1_NamedAuthInfo(in *map[string]*api.AuthInfo, out *[]NamedAuthInfo, s conversion.Scope) error {
	return mapToNamed(*in, out,
		func(name string, a AuthInfo) NamedAuthInfo { return NamedAuthInfo{Name: name, AuthInfo: a} },
		Convert_api_AuthInfo_To_v1_AuthInfo, s)
}

// Convert_Slice_v1_NamedContext_To_Map_string_To_Pointer_api_Context turns
// the named context list into a map; duplicate names are an error.
func Convert_Slice_v1_NamedContext_To_Map_string_To_Pointer_api_Context(in *[]NamedContext, out *map[string]*api.Context, s conversion.Scope) error {
	return namedToMap(*in, out, "NamedContext", "Context",
		func(n *NamedContext) (string, *Context) { return n.Name, &n.Context },
		api.NewContext, Convert_v1_Context_To_api_Context, s)
}

// Convert_Map_string_To_Pointer_api_Context_To_Slice_v1_NamedContext turns
// the context map into a list sorted by name.
func Convert_Map_string_To_Pointer_api_Context_To_Slice_v1_NamedContext(in *map[string]*api.Context, out *[]NamedContext, s conversion.Scope) error {
	return mapToNamed(*in, out,
		func(name string, c Context) NamedContext { return NamedContext{Name: name, Context: c} },
		Convert_api_Context_To_v1_Context, s)
}

// Convert_Slice_v1_NamedExtension_To_Map_string_To_runtime_Object turns the
// named extension list into a map of objects (runtime.Unknown for raw
// data); duplicate names are an error.
func Convert_Slice_v1_NamedExtension_To_Map_string_To_runtime_Object(in *[]NamedExtension, out *map[string]runtime.Object, s conversion.Scope) error {
	for i := range *in {
		ext := &(*in)[i]
		var obj runtime.Object
		if err := runtime.Convert_runtime_RawExtension_To_runtime_Object(&ext.Extension, &obj, s); err != nil {
			return err
		}
		if *out == nil {
			*out = map[string]runtime.Object{}
		}
		if (*out)[ext.Name] != nil {
			return fmt.Errorf("error converting *[]NamedExtension into *map[string]runtime.Object: duplicate name %q in list", ext.Name)
		}
		(*out)[ext.Name] = obj
	}
	return nil
}

// Convert_Map_string_To_runtime_Object_To_Slice_v1_NamedExtension turns the
// extension map into a list sorted by name.
func Convert_Map_string_To_runtime_Object_To_Slice_v1_NamedExtension(in *map[string]runtime.Object, out *[]NamedExtension, s conversion.Scope) error {
	names := make([]string, 0, len(*in))
	for name := range *in {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		obj := (*in)[name]
		var raw runtime.RawExtension
		if err := runtime.Convert_runtime_Object_To_runtime_RawExtension(&obj, &raw, s); err != nil {
			return err
		}
		*out = append(*out, NamedExtension{Name: name, Extension: raw})
	}
	return nil
}

// Convert_v1_Config_To_api_Config converts the wire Config into the internal
// one. Kind and APIVersion are not carried over.
func Convert_v1_Config_To_api_Config(in *Config, out *api.Config, s conversion.Scope) error {
	if err := Convert_v1_Preferences_To_api_Preferences(&in.Preferences, &out.Preferences, s); err != nil {
		return err
	}
	if err := Convert_Slice_v1_NamedCluster_To_Map_string_To_Pointer_api_Cluster(&in.Clusters, &out.Clusters, s); err != nil {
		return err
	}
	if err := Convert_Slice_v1_NamedAuthInfo_To_Map_string_To_Pointer_api_AuthInfo(&in.AuthInfos, &out.AuthInfos, s); err != nil {
		return err
	}
	if err := Convert_Slice_v1_NamedContext_To_Map_string_To_Pointer_api_Context(&in.Contexts, &out.Contexts, s); err != nil {
		return err
	}
	out.CurrentContext = in.CurrentContext
	return Convert_Slice_v1_NamedExtension_To_Map_string_To_runtime_Object(&in.Extensions, &out.Extensions, s)
}

// Convert_api_Config_To_v1_Config converts the internal Config into the
// wire one, with every list sorted by name. Kind and APIVersion are not
// carried over.
func Convert_api_Config_To_v1_Config(in *api.Config, out *Config, s conversion.Scope) error {
	if err := Convert_api_Preferences_To_v1_Preferences(&in.Preferences, &out.Preferences, s); err != nil {
		return err
	}
	if err := Convert_Map_string_To_Pointer_api_Cluster_To_Slice_v1_NamedCluster(&in.Clusters, &out.Clusters, s); err != nil {
		return err
	}
	if err := Convert_Map_string_To_Pointer_api_AuthInfo_To_Slice_v1_NamedAuthInfo(&in.AuthInfos, &out.AuthInfos, s); err != nil {
		return err
	}
	if err := Convert_Map_string_To_Pointer_api_Context_To_Slice_v1_NamedContext(&in.Contexts, &out.Contexts, s); err != nil {
		return err
	}
	out.CurrentContext = in.CurrentContext
	return Convert_Map_string_To_runtime_Object_To_Slice_v1_NamedExtension(&in.Extensions, &out.Extensions, s)
}

// Convert_v1_Preferences_To_api_Preferences converts wire preferences.
func Convert_v1_Preferences_To_api_Preferences(in *Preferences, out *api.Preferences, s conversion.Scope) error {
	out.Colors = in.Colors
	return Convert_Slice_v1_NamedExtension_To_Map_string_To_runtime_Object(&in.Extensions, &out.Extensions, s)
}

// Convert_api_Preferences_To_v1_Preferences converts internal preferences.
func Convert_api_Preferences_To_v1_Preferences(in *api.Preferences, out *Preferences, s conversion.Scope) error {
	out.Colors = in.Colors
	return Convert_Map_string_To_runtime_Object_To_Slice_v1_NamedExtension(&in.Extensions, &out.Extensions, s)
}

// Convert_v1_Cluster_To_api_Cluster converts a wire cluster. LocationOfOrigin
// is left as it is.
func Convert_v1_Cluster_To_api_Cluster(in *Cluster, out *api.Cluster, s conversion.Scope) error {
	out.Server = in.Server
	out.TLSServerName = in.TLSServerName
	out.InsecureSkipTLSVerify = in.InsecureSkipTLSVerify
	out.CertificateAuthority = in.CertificateAuthority
	out.CertificateAuthorityData = in.CertificateAuthorityData
	out.ProxyURL = in.ProxyURL
	out.DisableCompression = in.DisableCompression
	return Convert_Slice_v1_NamedExtension_To_Map_string_To_runtime_Object(&in.Extensions, &out.Extensions, s)
}

// Convert_api_Cluster_To_v1_Cluster converts an internal cluster;
// LocationOfOrigin is dropped.
func Convert_api_Cluster_To_v1_Cluster(in *api.Cluster, out *Cluster, s conversion.Scope) error {
	out.Server = in.Server
	out.TLSServerName = in.TLSServerName
	out.InsecureSkipTLSVerify = in.InsecureSkipTLSVerify
	out.CertificateAuthority = in.CertificateAuthority
	out.CertificateAuthorityData = in.CertificateAuthorityData
	out.ProxyURL = in.ProxyURL
	out.DisableCompression = in.DisableCompression
	return Convert_Map_string_To_runtime_Object_To_Slice_v1_NamedExtension(&in.Extensions, &out.Extensions, s)
}

// Convert_v1_AuthInfo_To_api_AuthInfo converts a wire user. LocationOfOrigin
// is left as it is.
func Convert_v1_AuthInfo_To_api_AuthInfo(in *AuthInfo, out *api.AuthInfo, s conversion.Scope) error {
	out.ClientCertificate = in.ClientCertificate
	out.ClientCertificateData = in.ClientCertificateData
	out.ClientKey = in.ClientKey
	out.ClientKeyData = in.ClientKeyData
	out.Token = in.Token
	out.TokenFile = in.TokenFile
	out.Impersonate = in.Impersonate
	out.ImpersonateUID = in.ImpersonateUID
	out.ImpersonateGroups = in.ImpersonateGroups
	out.ImpersonateUserExtra = in.ImpersonateUserExtra
	out.Username = in.Username
	out.Password = in.Password
	out.AuthProvider = nil
	if in.AuthProvider != nil {
		out.AuthProvider = new(api.AuthProviderConfig)
		if err := Convert_v1_AuthProviderConfig_To_api_AuthProviderConfig(in.AuthProvider, out.AuthProvider, s); err != nil {
			return err
		}
	}
	out.Exec = nil
	if in.Exec != nil {
		out.Exec = new(api.ExecConfig)
		if err := Convert_v1_ExecConfig_To_api_ExecConfig(in.Exec, out.Exec, s); err != nil {
			return err
		}
	}
	return Convert_Slice_v1_NamedExtension_To_Map_string_To_runtime_Object(&in.Extensions, &out.Extensions, s)
}

// Convert_api_AuthInfo_To_v1_AuthInfo converts an internal user;
// LocationOfOrigin is dropped.
func Convert_api_AuthInfo_To_v1_AuthInfo(in *api.AuthInfo, out *AuthInfo, s conversion.Scope) error {
	out.ClientCertificate = in.ClientCertificate
	out.ClientCertificateData = in.ClientCertificateData
	out.ClientKey = in.ClientKey
	out.ClientKeyData = in.ClientKeyData
	out.Token = in.Token
	out.TokenFile = in.TokenFile
	out.Impersonate = in.Impersonate
	out.ImpersonateUID = in.ImpersonateUID
	out.ImpersonateGroups = in.ImpersonateGroups
	out.ImpersonateUserExtra = in.ImpersonateUserExtra
	out.Username = in.Username
	out.Password = in.Password
	out.AuthProvider = nil
	if in.AuthProvider != nil {
		out.AuthProvider = new(AuthProviderConfig)
		if err := Convert_api_AuthProviderConfig_To_v1_AuthProviderConfig(in.AuthProvider, out.AuthProvider, s); err != nil {
			return err
		}
	}
	out.Exec = nil
	if in.Exec != nil {
		out.Exec = new(ExecConfig)
		if err := Convert_api_ExecConfig_To_v1_ExecConfig(in.Exec, out.Exec, s); err != nil {
			return err
		}
	}
	return Convert_Map_string_To_runtime_Object_To_Slice_v1_NamedExtension(&in.Extensions, &out.Extensions, s)
}

// Convert_v1_Context_To_api_Context converts a wire context.
func Convert_v1_Context_To_api_Context(in *Context, out *api.Context, s conversion.Scope) error {
	out.Cluster = in.Cluster
	out.AuthInfo = in.AuthInfo
	out.Namespace = in.Namespace
	return Convert_Slice_v1_NamedExtension_To_Map_string_To_runtime_Object(&in.Extensions, &out.Extensions, s)
}

// Convert_api_Context_To_v1_Context converts an internal context;
// LocationOfOrigin is dropped.
func Convert_api_Context_To_v1_Context(in *api.Context, out *Context, s conversion.Scope) error {
	out.Cluster = in.Cluster
	out.AuthInfo = in.AuthInfo
	out.Namespace = in.Namespace
	return Convert_Map_string_To_runtime_Object_To_Slice_v1_NamedExtension(&in.Extensions, &out.Extensions, s)
}

// Convert_v1_AuthProviderConfig_To_api_AuthProviderConfig converts a wire
// auth-provider selection.
func Convert_v1_AuthProviderConfig_To_api_AuthProviderConfig(in *AuthProviderConfig, out *api.AuthProviderConfig, s conversion.Scope) error {
	out.Name = in.Name
	out.Config = in.Config
	return nil
}

// Convert_api_AuthProviderConfig_To_v1_AuthProviderConfig converts an
// internal auth-provider selection.
func Convert_api_AuthProviderConfig_To_v1_AuthProviderConfig(in *api.AuthProviderConfig, out *AuthProviderConfig, s conversion.Scope) error {
	out.Name = in.Name
	out.Config = in.Config
	return nil
}

// Convert_v1_ExecConfig_To_api_ExecConfig converts a wire exec plugin
// configuration. The internal-only fields (Config, StdinUnavailable,
// StdinUnavailableMessage, PluginPolicy) are left as they are.
func Convert_v1_ExecConfig_To_api_ExecConfig(in *ExecConfig, out *api.ExecConfig, s conversion.Scope) error {
	out.Command = in.Command
	out.Args = in.Args
	out.Env = nil
	if in.Env != nil {
		out.Env = make([]api.ExecEnvVar, len(in.Env))
		for i := range in.Env {
			_ = Convert_v1_ExecEnvVar_To_api_ExecEnvVar(&in.Env[i], &out.Env[i], s)
		}
	}
	out.APIVersion = in.APIVersion
	out.InstallHint = in.InstallHint
	out.ProvideClusterInfo = in.ProvideClusterInfo
	out.InteractiveMode = api.ExecInteractiveMode(in.InteractiveMode)
	return nil
}

// Convert_api_ExecConfig_To_v1_ExecConfig converts an internal exec plugin
// configuration; the internal-only fields are dropped.
func Convert_api_ExecConfig_To_v1_ExecConfig(in *api.ExecConfig, out *ExecConfig, s conversion.Scope) error {
	out.Command = in.Command
	out.Args = in.Args
	out.Env = nil
	if in.Env != nil {
		out.Env = make([]ExecEnvVar, len(in.Env))
		for i := range in.Env {
			_ = Convert_api_ExecEnvVar_To_v1_ExecEnvVar(&in.Env[i], &out.Env[i], s)
		}
	}
	out.APIVersion = in.APIVersion
	out.InstallHint = in.InstallHint
	out.ProvideClusterInfo = in.ProvideClusterInfo
	out.InteractiveMode = ExecInteractiveMode(in.InteractiveMode)
	return nil
}

// Convert_v1_ExecEnvVar_To_api_ExecEnvVar converts one environment variable.
func Convert_v1_ExecEnvVar_To_api_ExecEnvVar(in *ExecEnvVar, out *api.ExecEnvVar, s conversion.Scope) error {
	*out = api.ExecEnvVar{Name: in.Name, Value: in.Value}
	return nil
}

// Convert_api_ExecEnvVar_To_v1_ExecEnvVar converts one environment variable.
func Convert_api_ExecEnvVar_To_v1_ExecEnvVar(in *api.ExecEnvVar, out *ExecEnvVar, s conversion.Scope) error {
	*out = ExecEnvVar{Name: in.Name, Value: in.Value}
	return nil
}
