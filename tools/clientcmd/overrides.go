package clientcmd

import (
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
)

// ConfigOverrides are values that win over what the kubeconfig says, as
// given by command-line flags. Set fields replace the chosen context's,
// cluster's and user's values; empty fields change nothing.
type ConfigOverrides struct {
	// AuthInfo overrides fields of the chosen user.
	AuthInfo clientcmdapi.AuthInfo
	// ClusterDefaults is applied before the chosen cluster, so the
	// kubeconfig wins over it.
	ClusterDefaults clientcmdapi.Cluster
	// ClusterInfo overrides fields of the chosen cluster.
	ClusterInfo clientcmdapi.Cluster
	// Context overrides fields of the chosen context (cluster, user and
	// namespace names).
	Context clientcmdapi.Context
	// CurrentContext chooses the context instead of current-context.
	CurrentContext string
	// Timeout is the per-request timeout (see ParseTimeout).
	Timeout string
}

// ConfigOverrideFlags names the command-line flags bound to ConfigOverrides.
type ConfigOverrideFlags struct {
	// AuthOverrideFlags are the user flags.
	AuthOverrideFlags AuthOverrideFlags
	// ClusterOverrideFlags are the cluster flags.
	ClusterOverrideFlags ClusterOverrideFlags
	// ContextOverrideFlags are the context flags.
	ContextOverrideFlags ContextOverrideFlags
	// CurrentContext is the --context flag.
	CurrentContext FlagInfo
	// Timeout is the --request-timeout flag.
	Timeout FlagInfo
}

// AuthOverrideFlags names the flags bound to ConfigOverrides.AuthInfo.
type AuthOverrideFlags struct {
	// ClientCertificate is --client-certificate.
	ClientCertificate FlagInfo
	// ClientKey is --client-key.
	ClientKey FlagInfo
	// Token is --token.
	Token FlagInfo
	// Impersonate is --as.
	Impersonate FlagInfo
	// ImpersonateUID is --as-uid.
	ImpersonateUID FlagInfo
	// ImpersonateGroups is --as-group (repeatable).
	ImpersonateGroups FlagInfo
	// Username is --username.
	Username FlagInfo
	// Password is --password.
	Password FlagInfo
}

// ContextOverrideFlags names the flags bound to ConfigOverrides.Context.
type ContextOverrideFlags struct {
	// ClusterName is --cluster.
	ClusterName FlagInfo
	// AuthInfoName is --user.
	AuthInfoName FlagInfo
	// Namespace is --namespace / -n.
	Namespace FlagInfo
}

// ClusterOverrideFlags names the flags bound to ConfigOverrides.ClusterInfo.
type ClusterOverrideFlags struct {
	// APIServer is --server.
	APIServer FlagInfo
	// APIVersion is unused and kept for compatibility.
	APIVersion FlagInfo
	// CertificateAuthority is --certificate-authority.
	CertificateAuthority FlagInfo
	// InsecureSkipTLSVerify is --insecure-skip-tls-verify.
	InsecureSkipTLSVerify FlagInfo
	// TLSServerName is --tls-server-name.
	TLSServerName FlagInfo
	// ProxyURL is --proxy-url.
	ProxyURL FlagInfo
	// DisableCompression is --disable-compression.
	DisableCompression FlagInfo
}

// FlagInfo describes one flag so extenders can rename or re-describe the
// recommended flags before binding them. An empty LongName binds nothing.
type FlagInfo struct {
	// LongName is the flag name without dashes.
	LongName string
	// ShortName is the optional one-letter alias.
	ShortName string
	// Default is the default value as a string.
	Default string
	// Description is the help text.
	Description string
}

// AddSecretAnnotation marks the flag as holding secret data (annotation
// "classified"), so tools that echo flags can hide it.
func (f FlagInfo) AddSecretAnnotation(flags *pflag.FlagSet) FlagInfo {
	_ = flags.SetAnnotation(f.LongName, "classified", []string{"true"})
	return f
}

// ifNamed runs register only for a flag that has a long name (pflag cannot
// register a nameless flag) and hands f back for chaining.
func (f FlagInfo) ifNamed(register func()) FlagInfo {
	if f.LongName != "" {
		register()
	}
	return f
}

// BindStringFlag registers a string flag writing to target.
func (f FlagInfo) BindStringFlag(flags *pflag.FlagSet, target *string) FlagInfo {
	return f.ifNamed(func() {
		flags.StringVarP(target, f.LongName, f.ShortName, f.Default, f.Description)
	})
}

// BindTransformingStringFlag registers a string flag whose value passes
// through transformer before it is stored in target.
func (f FlagInfo) BindTransformingStringFlag(flags *pflag.FlagSet, target *string, transformer func(string) (string, error)) FlagInfo {
	return f.ifNamed(func() {
		flags.VarP(newTransformingStringValue(f.Default, target, transformer), f.LongName, f.ShortName, f.Description)
	})
}

// BindStringArrayFlag registers a repeatable string flag appending to target.
// A non-empty Default becomes the single default element.
func (f FlagInfo) BindStringArrayFlag(flags *pflag.FlagSet, target *[]string) FlagInfo {
	return f.ifNamed(func() {
		initial := []string{}
		if f.Default != "" {
			initial = append(initial, f.Default)
		}
		flags.StringArrayVarP(target, f.LongName, f.ShortName, initial, f.Description)
	})
}

// BindBoolFlag registers a bool flag writing to target; an unparsable
// Default means false.
func (f FlagInfo) BindBoolFlag(flags *pflag.FlagSet, target *bool) FlagInfo {
	return f.ifNamed(func() {
		initial, err := strconv.ParseBool(f.Default)
		flags.BoolVarP(target, f.LongName, f.ShortName, initial && err == nil, f.Description)
	})
}

// Recommended flag names (without a prefix).
const (
	// FlagClusterName selects the kubeconfig cluster (--cluster).
	FlagClusterName = "cluster"
	// FlagAuthInfoName selects the kubeconfig user (--user).
	FlagAuthInfoName = "user"
	// FlagContext selects the kubeconfig context (--context).
	FlagContext = "context"
	// FlagNamespace sets the namespace (--namespace, -n).
	FlagNamespace = "namespace"
	// FlagAPIServer overrides the API server address (--server).
	FlagAPIServer = "server"
	// FlagTLSServerName overrides the name the server certificate is checked against.
	FlagTLSServerName = "tls-server-name"
	// FlagInsecure disables server certificate verification.
	FlagInsecure = "insecure-skip-tls-verify"
	// FlagCertFile is the client certificate file flag.
	FlagCertFile = "client-certificate"
	// FlagKeyFile is the client key file flag.
	FlagKeyFile = "client-key"
	// FlagCAFile is the certificate authority file flag.
	FlagCAFile = "certificate-authority"
	// FlagEmbedCerts asks kubectl config commands to embed certificate data.
	FlagEmbedCerts = "embed-certs"
	// FlagBearerToken is the bearer token flag.
	FlagBearerToken = "token"
	// FlagImpersonate is the user to impersonate (--as).
	FlagImpersonate = "as"
	// FlagImpersonateUID is the UID to impersonate (--as-uid).
	FlagImpersonateUID = "as-uid"
	// FlagImpersonateGroup is a group to impersonate (--as-group, repeatable).
	FlagImpersonateGroup = "as-group"
	// FlagUsername is the basic-auth user name flag.
	FlagUsername = "username"
	// FlagPassword is the basic-auth password flag.
	FlagPassword = "password"
	// FlagTimeout is the per-request timeout flag (--request-timeout).
	FlagTimeout = "request-timeout"
	// FlagProxyURL is the proxy URL flag.
	FlagProxyURL = "proxy-url"
	// FlagDisableCompression turns off response compression.
	FlagDisableCompression = "disable-compression"
)

// prefixedFlag builds the FlagInfo of a recommended flag: name with prefix
// in front, no short name and no default.
func prefixedFlag(prefix, name, description string) FlagInfo {
	return FlagInfo{LongName: prefix + name, Description: description}
}

// withDefault returns f with Default set to value.
func (f FlagInfo) withDefault(value string) FlagInfo {
	f.Default = value
	return f
}

// RecommendedConfigOverrideFlags returns kubectl's override flags, each name
// prefixed with prefix.
func RecommendedConfigOverrideFlags(prefix string) ConfigOverrideFlags {
	set := ConfigOverrideFlags{
		CurrentContext: prefixedFlag(prefix, FlagContext, "The name of the kubeconfig context to use"),
		Timeout: prefixedFlag(prefix, FlagTimeout,
			"The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests.").withDefault("0"),
	}
	set.AuthOverrideFlags = RecommendedAuthOverrideFlags(prefix)
	set.ClusterOverrideFlags = RecommendedClusterOverrideFlags(prefix)
	set.ContextOverrideFlags = RecommendedContextOverrideFlags(prefix)
	return set
}

// RecommendedAuthOverrideFlags returns kubectl's user flags, each name
// prefixed with prefix.
func RecommendedAuthOverrideFlags(prefix string) AuthOverrideFlags {
	return AuthOverrideFlags{
		ClientCertificate: prefixedFlag(prefix, FlagCertFile, "Path to a client certificate file for TLS"),
		ClientKey:         prefixedFlag(prefix, FlagKeyFile, "Path to a client key file for TLS"),
		Token:             prefixedFlag(prefix, FlagBearerToken, "Bearer token for authentication to the API server"),
		Impersonate:       prefixedFlag(prefix, FlagImpersonate, "Username to impersonate for the operation"),
		ImpersonateUID:    prefixedFlag(prefix, FlagImpersonateUID, "UID to impersonate for the operation"),
		ImpersonateGroups: prefixedFlag(prefix, FlagImpersonateGroup, "Group to impersonate for the operation, this flag can be repeated to specify multiple groups."),
		Username:          prefixedFlag(prefix, FlagUsername, "Username for basic authentication to the API server"),
		Password:          prefixedFlag(prefix, FlagPassword, "Password for basic authentication to the API server"),
	}
}

// RecommendedClusterOverrideFlags returns kubectl's cluster flags, each name
// prefixed with prefix.
func RecommendedClusterOverrideFlags(prefix string) ClusterOverrideFlags {
	return ClusterOverrideFlags{
		APIServer:            prefixedFlag(prefix, FlagAPIServer, "The address and port of the Kubernetes API server"),
		CertificateAuthority: prefixedFlag(prefix, FlagCAFile, "Path to a cert file for the certificate authority"),
		InsecureSkipTLSVerify: prefixedFlag(prefix, FlagInsecure,
			"If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure").withDefault("false"),
		TLSServerName: prefixedFlag(prefix, FlagTLSServerName,
			"If provided, this name will be used to validate server certificate. If this is not provided, hostname used to contact the server is used."),
		ProxyURL:           prefixedFlag(prefix, FlagProxyURL, "If provided, this URL will be used to connect via proxy"),
		DisableCompression: prefixedFlag(prefix, FlagDisableCompression, "If true, opt-out of response compression for all requests to the server"),
	}
}

// RecommendedContextOverrideFlags returns kubectl's context flags, each name
// prefixed with prefix. Only the namespace flag has a short form (-n).
func RecommendedContextOverrideFlags(prefix string) ContextOverrideFlags {
	namespace := prefixedFlag(prefix, FlagNamespace, "If present, the namespace scope for this CLI request")
	namespace.ShortName = "n"
	return ContextOverrideFlags{
		ClusterName:  prefixedFlag(prefix, FlagClusterName, "The name of the kubeconfig cluster to use"),
		AuthInfoName: prefixedFlag(prefix, FlagAuthInfoName, "The name of the kubeconfig user to use"),
		Namespace:    namespace,
	}
}

// flagTarget pairs a flag with the field it writes; target is a *string,
// *bool or *[]string and picks the binder.
type flagTarget struct {
	flag   FlagInfo
	target any
}

// bindInOrder registers each flag in the order given, annotating every one
// as secret when secret is set.
func bindInOrder(flags *pflag.FlagSet, secret bool, targets ...flagTarget) {
	for _, t := range targets {
		var bound FlagInfo
		switch field := t.target.(type) {
		case *string:
			bound = t.flag.BindStringFlag(flags, field)
		case *bool:
			bound = t.flag.BindBoolFlag(flags, field)
		case *[]string:
			bound = t.flag.BindStringArrayFlag(flags, field)
		default:
			panic("clientcmd: unsupported flag target type")
		}
		if secret {
			bound.AddSecretAnnotation(flags)
		}
	}
}

// BindOverrideFlags registers every override flag on flags, writing into overrides.
func BindOverrideFlags(overrides *ConfigOverrides, flags *pflag.FlagSet, flagNames ConfigOverrideFlags) {
	BindAuthInfoFlags(&overrides.AuthInfo, flags, flagNames.AuthOverrideFlags)
	BindClusterFlags(&overrides.ClusterInfo, flags, flagNames.ClusterOverrideFlags)
	BindContextFlags(&overrides.Context, flags, flagNames.ContextOverrideFlags)
	bindInOrder(flags, false,
		flagTarget{flagNames.CurrentContext, &overrides.CurrentContext},
		flagTarget{flagNames.Timeout, &overrides.Timeout})
}

// BindAuthInfoFlags registers the user flags, writing into authInfo; all
// are annotated as secret.
func BindAuthInfoFlags(authInfo *clientcmdapi.AuthInfo, flags *pflag.FlagSet, flagNames AuthOverrideFlags) {
	bindInOrder(flags, true,
		flagTarget{flagNames.ClientCertificate, &authInfo.ClientCertificate},
		flagTarget{flagNames.ClientKey, &authInfo.ClientKey},
		flagTarget{flagNames.Token, &authInfo.Token},
		flagTarget{flagNames.Impersonate, &authInfo.Impersonate},
		flagTarget{flagNames.ImpersonateUID, &authInfo.ImpersonateUID},
		flagTarget{flagNames.ImpersonateGroups, &authInfo.ImpersonateGroups},
		flagTarget{flagNames.Username, &authInfo.Username},
		flagTarget{flagNames.Password, &authInfo.Password})
}

// BindClusterFlags registers the cluster flags, writing into clusterInfo.
func BindClusterFlags(clusterInfo *clientcmdapi.Cluster, flags *pflag.FlagSet, flagNames ClusterOverrideFlags) {
	bindInOrder(flags, false,
		flagTarget{flagNames.APIServer, &clusterInfo.Server},
		flagTarget{flagNames.CertificateAuthority, &clusterInfo.CertificateAuthority},
		flagTarget{flagNames.InsecureSkipTLSVerify, &clusterInfo.InsecureSkipTLSVerify},
		flagTarget{flagNames.TLSServerName, &clusterInfo.TLSServerName},
		flagTarget{flagNames.ProxyURL, &clusterInfo.ProxyURL},
		flagTarget{flagNames.DisableCompression, &clusterInfo.DisableCompression})
}

// BindContextFlags registers the context flags, writing into contextInfo;
// the namespace flag accepts "ns/x", "namespace/x" and "namespaces/x".
func BindContextFlags(contextInfo *clientcmdapi.Context, flags *pflag.FlagSet, flagNames ContextOverrideFlags) {
	bindInOrder(flags, false,
		flagTarget{flagNames.ClusterName, &contextInfo.Cluster},
		flagTarget{flagNames.AuthInfoName, &contextInfo.AuthInfo})
	flagNames.Namespace.BindTransformingStringFlag(flags, &contextInfo.Namespace, RemoveNamespacesPrefix)
}

// RemoveNamespacesPrefix strips one leading "namespaces/", "namespace/" or
// "ns/" (any case) from value, unless nothing would remain. It never fails.
func RemoveNamespacesPrefix(value string) (string, error) {
	for _, prefix := range [...]string{"namespaces/", "namespace/", "ns/"} {
		n := len(prefix)
		if len(value) <= n || !strings.EqualFold(value[:n], prefix) {
			continue
		}
		return value[n:], nil
	}
	return value, nil
}

// transformingStringValue is a pflag.Value that stores its input after
// passing it through a transformer.
type transformingStringValue struct {
	target      *string
	transformer func(string) (string, error)
}

func newTransformingStringValue(val string, target *string, transformer func(string) (string, error)) *transformingStringValue {
	*target = val
	return &transformingStringValue{target: target, transformer: transformer}
}

// Set stores the transformed value.
func (t *transformingStringValue) Set(val string) error {
	v, err := t.transformer(val)
	if err != nil {
		return err
	}
	*t.target = v
	return nil
}

// Type reports "string" to pflag.
func (t *transformingStringValue) Type() string { return "string" }

// String returns the stored value.
func (t *transformingStringValue) String() string { return *t.target }
