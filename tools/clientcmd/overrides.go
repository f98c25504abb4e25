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

// BindStringFlag registers a string flag writing to target.
func (f FlagInfo) BindStringFlag(flags *pflag.FlagSet, target *string) FlagInfo {
	if f.LongName != "" {
		flags.StringVarP(target, f.LongName, f.ShortName, f.Default, f.Description)
	}
	return f
}

// BindTransformingStringFlag registers a string flag whose value passes
// through transformer before it is stored in target.
func (f FlagInfo) BindTransformingStringFlag(flags *pflag.FlagSet, target *string, transformer func(string) (string, error)) FlagInfo {
	if f.LongName != "" {
		flags.VarP(newTransformingStringValue(f.Default, target, transformer), f.LongName, f.ShortName, f.Description)
	}
	return f
}

// BindStringArrayFlag registers a repeatable string flag appending to target.
func (f FlagInfo) BindStringArrayFlag(flags *pflag.FlagSet, target *[]string) FlagInfo {
	if f.LongName != "" {
		def := []string{}
		if f.Default != "" {
			def = []string{f.Default}
		}
		flags.StringArrayVarP(target, f.LongName, f.ShortName, def, f.Description)
	}
	return f
}

// BindBoolFlag registers a bool flag writing to target; an unparsable
// Default means false.
func (f FlagInfo) BindBoolFlag(flags *pflag.FlagSet, target *bool) FlagInfo {
	if f.LongName != "" {
		def, _ := strconv.ParseBool(f.Default)
		flags.BoolVarP(target, f.LongName, f.ShortName, def, f.Description)
	}
	return f
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

// RecommendedConfigOverrideFlags returns kubectl's override flags, each name
// prefixed with prefix.
func RecommendedConfigOverrideFlags(prefix string) ConfigOverrideFlags {
	return ConfigOverrideFlags{
		AuthOverrideFlags:    RecommendedAuthOverrideFlags(prefix),
		ClusterOverrideFlags: RecommendedClusterOverrideFlags(prefix),
		ContextOverrideFlags: RecommendedContextOverrideFlags(prefix),
		CurrentContext:       FlagInfo{LongName: prefix + FlagContext, Description: "The name of the kubeconfig context to use"},
		Timeout: FlagInfo{LongName: prefix + FlagTimeout, Default: "0",
			Description: "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests."},
	}
}

// RecommendedAuthOverrideFlags returns kubectl's user flags, each name
// prefixed with prefix.
func RecommendedAuthOverrideFlags(prefix string) AuthOverrideFlags {
	return AuthOverrideFlags{
		ClientCertificate: FlagInfo{LongName: prefix + FlagCertFile, Description: "Path to a client certificate file for TLS"},
		ClientKey:         FlagInfo{LongName: prefix + FlagKeyFile, Description: "Path to a client key file for TLS"},
		Token:             FlagInfo{LongName: prefix + FlagBearerToken, Description: "Bearer token for authentication to the API server"},
		Impersonate:       FlagInfo{LongName: prefix + FlagImpersonate, Description: "Username to impersonate for the operation"},
		ImpersonateUID:    FlagInfo{LongName: prefix + FlagImpersonateUID, Description: "UID to impersonate for the operation"},
		ImpersonateGroups: FlagInfo{LongName: prefix + FlagImpersonateGroup, Description: "Group to impersonate for the operation, this flag can be repeated to specify multiple groups."},
		Username:          FlagInfo{LongName: prefix + FlagUsername, Description: "Username for basic authentication to the API server"},
		Password:          FlagInfo{LongName: prefix + FlagPassword, Description: "Password for basic authentication to the API server"},
	}
}

// RecommendedClusterOverrideFlags returns kubectl's cluster flags, each name
// prefixed with prefix.
func RecommendedClusterOverrideFlags(prefix string) ClusterOverrideFlags {
	return ClusterOverrideFlags{
		APIServer:            FlagInfo{LongName: prefix + FlagAPIServer, Description: "The address and port of the Kubernetes API server"},
		CertificateAuthority: FlagInfo{LongName: prefix + FlagCAFile, Description: "Path to a cert file for the certificate authority"},
		InsecureSkipTLSVerify: FlagInfo{LongName: prefix + FlagInsecure, Default: "false",
			Description: "If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure"},
		TLSServerName: FlagInfo{LongName: prefix + FlagTLSServerName,
			Description: "If provided, this name will be used to validate server certificate. If this is not provided, hostname used to contact the server is used."},
		ProxyURL:           FlagInfo{LongName: prefix + FlagProxyURL, Description: "If provided, this URL will be used to connect via proxy"},
		DisableCompression: FlagInfo{LongName: prefix + FlagDisableCompression, Description: "If true, opt-out of response compression for all requests to the server"},
	}
}

// RecommendedContextOverrideFlags returns kubectl's context flags, each name
// prefixed with prefix.
func RecommendedContextOverrideFlags(prefix string) ContextOverrideFlags {
	return ContextOverrideFlags{
		ClusterName:  FlagInfo{LongName: prefix + FlagClusterName, Description: "The name of the kubeconfig cluster to use"},
		AuthInfoName: FlagInfo{LongName: prefix + FlagAuthInfoName, Description: "The name of the kubeconfig user to use"},
		Namespace:    FlagInfo{LongName: prefix + FlagNamespace, ShortName: "n", Description: "If present, the namespace scope for this CLI request"},
	}
}

// BindOverrideFlags registers every override flag on flags, writing into overrides.
func BindOverrideFlags(overrides *ConfigOverrides, flags *pflag.FlagSet, flagNames ConfigOverrideFlags) {
	BindAuthInfoFlags(&overrides.AuthInfo, flags, flagNames.AuthOverrideFlags)
	BindClusterFlags(&overrides.ClusterInfo, flags, flagNames.ClusterOverrideFlags)
	BindContextFlags(&overrides.Context, flags, flagNames.ContextOverrideFlags)
	flagNames.CurrentContext.BindStringFlag(flags, &overrides.CurrentContext)
	flagNames.Timeout.BindStringFlag(flags, &overrides.Timeout)
}

// BindAuthInfoFlags registers the user flags, writing into authInfo; all
// are annotated as secret.
func BindAuthInfoFlags(authInfo *clientcmdapi.AuthInfo, flags *pflag.FlagSet, flagNames AuthOverrideFlags) {
	flagNames.ClientCertificate.BindStringFlag(flags, &authInfo.ClientCertificate).AddSecretAnnotation(flags)
	flagNames.ClientKey.BindStringFlag(flags, &authInfo.ClientKey).AddSecretAnnotation(flags)
	flagNames.Token.BindStringFlag(flags, &authInfo.Token).AddSecretAnnotation(flags)
	flagNames.Impersonate.BindStringFlag(flags, &authInfo.Impersonate).AddSecretAnnotation(flags)
	flagNames.ImpersonateUID.BindStringFlag(flags, &authInfo.ImpersonateUID).AddSecretAnnotation(flags)
	flagNames.ImpersonateGroups.BindStringArrayFlag(flags, &authInfo.ImpersonateGroups).AddSecretAnnotation(flags)
	flagNames.Username.BindStringFlag(flags, &authInfo.Username).AddSecretAnnotation(flags)
	flagNames.Password.BindStringFlag(flags, &authInfo.Password).AddSecretAnnotation(flags)
}

// BindClusterFlags registers the cluster flags, writing into clusterInfo.
func BindClusterFlags(clusterInfo *clientcmdapi.Cluster, flags *pflag.FlagSet, flagNames ClusterOverrideFlags) {
	flagNames.APIServer.BindStringFlag(flags, &clusterInfo.Server)
	flagNames.CertificateAuthority.BindStringFlag(flags, &clusterInfo.CertificateAuthority)
	flagNames.InsecureSkipTLSVerify.BindBoolFlag(flags, &clusterInfo.InsecureSkipTLSVerify)
	flagNames.TLSServerName.BindStringFlag(flags, &clusterInfo.TLSServerName)
	flagNames.ProxyURL.BindStringFlag(flags, &clusterInfo.ProxyURL)
	flagNames.DisableCompression.BindBoolFlag(flags, &clusterInfo.DisableCompression)
}

// BindContextFlags registers the context flags, writing into contextInfo;
// the namespace flag accepts "ns/x", "namespace/x" and "namespaces/x".
func BindContextFlags(contextInfo *clientcmdapi.Context, flags *pflag.FlagSet, flagNames ContextOverrideFlags) {
	flagNames.ClusterName.BindStringFlag(flags, &contextInfo.Cluster)
	flagNames.AuthInfoName.BindStringFlag(flags, &contextInfo.AuthInfo)
	flagNames.Namespace.BindTransformingStringFlag(flags, &contextInfo.Namespace, RemoveNamespacesPrefix)
}

// RemoveNamespacesPrefix strips one leading "namespaces/", "namespace/" or
// "ns/" (any case) from value, unless nothing would remain. It never fails.
func RemoveNamespacesPrefix(value string) (string, error) {
	for _, prefix := range []string{"namespaces/", "namespace/", "ns/"} {
		if len(value) > len(prefix) && strings.EqualFold(value[:len(prefix)], prefix) {
			return value[len(prefix):], nil
		}
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
