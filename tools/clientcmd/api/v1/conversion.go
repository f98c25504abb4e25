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

// runAll calls each step in order and stops at the first failure.
func runAll(steps ...func() error) error {
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// convertOptional converts an optional (pointer) member: nil stays nil,
// anything else is converted into a freshly allocated value.
func convertOptional[A, B any](in *A, conv func(*A, *B, conversion.Scope) error, s conversion.Scope) (*B, error) {
	if in == nil {
		return nil, nil
	}
	converted := new(B)
	return converted, conv(in, converted, s)
}

// convertEach converts a list element by element; a nil list stays nil.
// The element conversions used here cannot fail, so errors are dropped.
func convertEach[A, B any](in []A, conv func(*A, *B, conversion.Scope) error, s conversion.Scope) []B {
	if in == nil {
		return nil
	}
	converted := make([]B, len(in))
	for i := range in {
		_ = conv(&in[i], &converted[i], s)
	}
	return converted
}

// Convert_v1_Config_To_api_Config converts the wire Config into the internal
// one. Kind and APIVersion are not carried over.
func Convert_v1_Config_To_api_Config(in *Config, out *api.Config, s conversion.Scope) error {
	out.CurrentContext = in.CurrentContext
	return runAll(
		func() error { return Convert_v1_Preferences_To_api_Preferences(&in.Preferences, &out.Preferences, s) },
		func() error {
			return Convert_Slice_v1_NamedCluster_To_Map_string_To_Pointer_api_Cluster(&in.Clusters, &out.Clusters, s)
		},
		func() error {
			return Convert_Slice_v1_NamedAuthInfo_To_Map_string_To_Pointer_api_AuthInfo(&in.AuthInfos, &out.AuthInfos, s)
		},
		func() error {
			return Convert_Slice_v1_NamedContext_To_Map_string_To_Pointer_api_Context(&in.Contexts, &out.Contexts, s)
		},
		func() error {
			return Convert_Slice_v1_NamedExtension_To_Map_string_To_runtime_Object(&in.Extensions, &out.Extensions, s)
		},
	)
}

// Convert_api_Config_To_v1_Config converts the internal Config into the
// wire one, with every list sorted by name. Kind and APIVersion are not
// carried over.
func Convert_api_Config_To_v1_Config(in *api.Config, out *Config, s conversion.Scope) error {
	out.CurrentContext = in.CurrentContext
	return runAll(
		func() error { return Convert_api_Preferences_To_v1_Preferences(&in.Preferences, &out.Preferences, s) },
		func() error {
			return Convert_Map_string_To_Pointer_api_Cluster_To_Slice_v1_NamedCluster(&in.Clusters, &out.Clusters, s)
		},
		func() error {
			return Convert_Map_string_To_Pointer_api_AuthInfo_To_Slice_v1_NamedAuthInfo(&in.AuthInfos, &out.AuthInfos, s)
		},
		func() error {
			return Convert_Map_string_To_Pointer_api_Context_To_Slice_v1_NamedContext(&in.Contexts, &out.Contexts, s)
		},
		func() error {
			return Convert_Map_string_To_runtime_Object_To_Slice_v1_NamedExtension(&in.Extensions, &out.Extensions, s)
		},
	)
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
	*out = api.Cluster{
		LocationOfOrigin:         out.LocationOfOrigin,
		Server:                   in.Server,
		TLSServerName:            in.TLSServerName,
		InsecureSkipTLSVerify:    in.InsecureSkipTLSVerify,
		CertificateAuthority:     in.CertificateAuthority,
		CertificateAuthorityData: in.CertificateAuthorityData,
		ProxyURL:                 in.ProxyURL,
		DisableCompression:       in.DisableCompression,
		Extensions:               out.Extensions,
	}
	return Convert_Slice_v1_NamedExtension_To_Map_string_To_runtime_Object(&in.Extensions, &out.Extensions, s)
}

// Convert_api_Cluster_To_v1_Cluster converts an internal cluster;
// LocationOfOrigin is dropped.
func Convert_api_Cluster_To_v1_Cluster(in *api.Cluster, out *Cluster, s conversion.Scope) error {
	*out = Cluster{
		Server:                   in.Server,
		TLSServerName:            in.TLSServerName,
		InsecureSkipTLSVerify:    in.InsecureSkipTLSVerify,
		CertificateAuthority:     in.CertificateAuthority,
		CertificateAuthorityData: in.CertificateAuthorityData,
		ProxyURL:                 in.ProxyURL,
		DisableCompression:       in.DisableCompression,
		Extensions:               out.Extensions,
	}
	return Convert_Map_string_To_runtime_Object_To_Slice_v1_NamedExtension(&in.Extensions, &out.Extensions, s)
}

// Convert_v1_AuthInfo_To_api_AuthInfo converts a wire user. LocationOfOrigin
// is left as it is.
func Convert_v1_AuthInfo_To_api_AuthInfo(in *AuthInfo, out *api.AuthInfo, s conversion.Scope) error {
	provider, err := convertOptional(in.AuthProvider, Convert_v1_AuthProviderConfig_To_api_AuthProviderConfig, s)
	if err != nil {
		return err
	}
	exec, err := convertOptional(in.Exec, Convert_v1_ExecConfig_To_api_ExecConfig, s)
	if err != nil {
		return err
	}
	*out = api.AuthInfo{
		LocationOfOrigin:      out.LocationOfOrigin,
		ClientCertificate:     in.ClientCertificate,
		ClientCertificateData: in.ClientCertificateData,
		ClientKey:             in.ClientKey,
		ClientKeyData:         in.ClientKeyData,
		Token:                 in.Token,
		TokenFile:             in.TokenFile,
		Impersonate:           in.Impersonate,
		ImpersonateUID:        in.ImpersonateUID,
		ImpersonateGroups:     in.ImpersonateGroups,
		ImpersonateUserExtra:  in.ImpersonateUserExtra,
		Username:              in.Username,
		Password:              in.Password,
		AuthProvider:          provider,
		Exec:                  exec,
		Extensions:            out.Extensions,
	}
	return Convert_Slice_v1_NamedExtension_To_Map_string_To_runtime_Object(&in.Extensions, &out.Extensions, s)
}

// Convert_api_AuthInfo_To_v1_AuthInfo converts an internal user;
// LocationOfOrigin is dropped.
func Convert_api_AuthInfo_To_v1_AuthInfo(in *api.AuthInfo, out *AuthInfo, s conversion.Scope) error {
	provider, err := convertOptional(in.AuthProvider, Convert_api_AuthProviderConfig_To_v1_AuthProviderConfig, s)
	if err != nil {
		return err
	}
	exec, err := convertOptional(in.Exec, Convert_api_ExecConfig_To_v1_ExecConfig, s)
	if err != nil {
		return err
	}
	*out = AuthInfo{
		ClientCertificate:     in.ClientCertificate,
		ClientCertificateData: in.ClientCertificateData,
		ClientKey:             in.ClientKey,
		ClientKeyData:         in.ClientKeyData,
		Token:                 in.Token,
		TokenFile:             in.TokenFile,
		Impersonate:           in.Impersonate,
		ImpersonateUID:        in.ImpersonateUID,
		ImpersonateGroups:     in.ImpersonateGroups,
		ImpersonateUserExtra:  in.ImpersonateUserExtra,
		Username:              in.Username,
		Password:              in.Password,
		AuthProvider:          provider,
		Exec:                  exec,
		Extensions:            out.Extensions,
	}
	return Convert_Map_string_To_runtime_Object_To_Slice_v1_NamedExtension(&in.Extensions, &out.Extensions, s)
}

// Convert_v1_Context_To_api_Context converts a wire context.
func Convert_v1_Context_To_api_Context(in *Context, out *api.Context, s conversion.Scope) error {
	out.Cluster, out.AuthInfo, out.Namespace = in.Cluster, in.AuthInfo, in.Namespace
	return Convert_Slice_v1_NamedExtension_To_Map_string_To_runtime_Object(&in.Extensions, &out.Extensions, s)
}

// Convert_api_Context_To_v1_Context converts an internal context;
// LocationOfOrigin is dropped.
func Convert_api_Context_To_v1_Context(in *api.Context, out *Context, s conversion.Scope) error {
	out.Cluster, out.AuthInfo, out.Namespace = in.Cluster, in.AuthInfo, in.Namespace
	return Convert_Map_string_To_runtime_Object_To_Slice_v1_NamedExtension(&in.Extensions, &out.Extensions, s)
}

// Convert_v1_AuthProviderConfig_To_api_AuthProviderConfig converts a wire
// auth-provider selection.
func Convert_v1_AuthProviderConfig_To_api_AuthProviderConfig(in *AuthProviderConfig, out *api.AuthProviderConfig, s conversion.Scope) error {
	*out = api.AuthProviderConfig{Name: in.Name, Config: in.Config}
	return nil
}

// Convert_api_AuthProviderConfig_To_v1_AuthProviderConfig converts an
// internal auth-provider selection.
func Convert_api_AuthProviderConfig_To_v1_AuthProviderConfig(in *api.AuthProviderConfig, out *AuthProviderConfig, s conversion.Scope) error {
	*out = AuthProviderConfig{Name: in.Name, Config: in.Config}
	return nil
}

// Convert_v1_ExecConfig_To_api_ExecConfig converts a wire exec plugin
// configuration. The internal-only fields (Config, StdinUnavailable,
// StdinUnavailableMessage, PluginPolicy) are left as they are.
func Convert_v1_ExecConfig_To_api_ExecConfig(in *ExecConfig, out *api.ExecConfig, s conversion.Scope) error {
	out.Command, out.Args, out.APIVersion = in.Command, in.Args, in.APIVersion
	out.Env = convertEach(in.Env, Convert_v1_ExecEnvVar_To_api_ExecEnvVar, s)
	out.InstallHint, out.ProvideClusterInfo = in.InstallHint, in.ProvideClusterInfo
	out.InteractiveMode = api.ExecInteractiveMode(in.InteractiveMode)
	return nil
}

// Convert_api_ExecConfig_To_v1_ExecConfig converts an internal exec plugin
// configuration; the internal-only fields are dropped.
func Convert_api_ExecConfig_To_v1_ExecConfig(in *api.ExecConfig, out *ExecConfig, s conversion.Scope) error {
	out.Command, out.Args, out.APIVersion = in.Command, in.Args, in.APIVersion
	out.Env = convertEach(in.Env, Convert_api_ExecEnvVar_To_v1_ExecEnvVar, s)
	out.InstallHint, out.ProvideClusterInfo = in.InstallHint, in.ProvideClusterInfo
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
