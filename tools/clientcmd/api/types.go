package api

import (
	"k8s.io/apimachinery/pkg/runtime"
)

// Config is everything needed to reach a set of Kubernetes clusters as a set
// of users: named clusters, named users (AuthInfos), named contexts pairing
// the two, and the name of the context used by default.
//
// Maps are keyed by the name the kubeconfig gives each entry. A Config built
// with NewConfig has non-nil maps. When adding a field, update IsConfigEmpty.
type Config struct {
	// Kind is the legacy type-meta kind ("Config"); kept only for callers that read it.
	// +optional
	Kind string `json:"kind,omitempty"`
	// APIVersion is the legacy type-meta version ("v1"); kept only for callers that read it.
	// +optional
	APIVersion string `json:"apiVersion,omitempty"`
	// Preferences carries CLI preferences.
	//
	// Deprecated: Preferences has been unused by Kubernetes components since v1.34.
	Preferences Preferences `json:"preferences,omitzero"`
	// Clusters maps a cluster name to how to reach that cluster.
	Clusters map[string]*Cluster `json:"clusters"`
	// AuthInfos maps a user name to the credentials of that user.
	AuthInfos map[string]*AuthInfo `json:"users"`
	// Contexts maps a context name to a (cluster, user, namespace) triple.
	Contexts map[string]*Context `json:"contexts"`
	// CurrentContext names the context used when none is chosen explicitly.
	CurrentContext string `json:"current-context"`
	// Extensions keeps fields that third parties store in the kubeconfig so
	// that a read-modify-write does not lose them.
	// +optional
	Extensions map[string]runtime.Object `json:"extensions,omitempty"`
}

// Preferences carries command-line preferences. When adding a field, update
// IsConfigEmpty.
//
// Deprecated: Preferences has been unused by Kubernetes components since v1.34.
type Preferences struct {
	// Colors asks CLIs to colour their output.
	// +optional
	Colors bool `json:"colors,omitempty"`
	// Extensions keeps third-party fields across a read-modify-write.
	// +optional
	Extensions map[string]runtime.Object `json:"extensions,omitempty"`
}

// Cluster says how to talk to one Kubernetes API server.
type Cluster struct {
	// LocationOfOrigin is the kubeconfig file this entry was loaded from.
	// It is set by the loader, used when writing a merged config back, and
	// never serialized.
	LocationOfOrigin string `json:"-"`
	// Server is the API server URL (https://host:port).
	Server string `json:"server"`
	// TLSServerName, when set, is the name the server certificate is checked
	// against instead of the host in Server.
	// +optional
	TLSServerName string `json:"tls-server-name,omitempty"`
	// InsecureSkipTLSVerify disables verification of the server certificate.
	// Connections made this way are not secure.
	// +optional
	InsecureSkipTLSVerify bool `json:"insecure-skip-tls-verify,omitempty"`
	// CertificateAuthority is the path of a PEM file of CA certificates.
	// +optional
	CertificateAuthority string `json:"certificate-authority,omitempty"`
	// CertificateAuthorityData is PEM-encoded CA certificates; it takes
	// precedence over CertificateAuthority.
	// +optional
	CertificateAuthorityData []byte `json:"certificate-authority-data,omitempty"`
	// ProxyURL is the http, https or socks5 proxy for every request to this
	// cluster. When empty, the http_proxy/https_proxy environment variables
	// apply. socks5 does not support streaming endpoints (exec, attach,
	// port-forward).
	// +optional
	ProxyURL string `json:"proxy-url,omitempty"`
	// DisableCompression turns off response compression for requests to
	// this cluster, trading bandwidth for CPU time.
	// +optional
	DisableCompression bool `json:"disable-compression,omitempty"`
	// Extensions keeps third-party fields across a read-modify-write.
	// +optional
	Extensions map[string]runtime.Object `json:"extensions,omitempty"`
}

// AuthInfo is the identity presented to a cluster: client certificate,
// bearer token, basic-auth credentials, an auth-provider or exec plugin, and
// optional impersonation.
type AuthInfo struct {
	// LocationOfOrigin is the kubeconfig file this entry was loaded from.
	// It is set by the loader and never serialized.
	LocationOfOrigin string `json:"-"`
	// ClientCertificate is the path of a PEM client certificate for TLS.
	// +optional
	ClientCertificate string `json:"client-certificate,omitempty"`
	// ClientCertificateData is a PEM client certificate; it takes precedence
	// over ClientCertificate.
	// +optional
	ClientCertificateData []byte `json:"client-certificate-data,omitempty"`
	// ClientKey is the path of the PEM private key matching the client certificate.
	// +optional
	ClientKey string `json:"client-key,omitempty"`
	// ClientKeyData is a PEM private key; it takes precedence over ClientKey.
	// +optional
	ClientKeyData []byte `json:"client-key-data,omitempty" datapolicy:"security-key"`
	// Token is a bearer token.
	// +optional
	Token string `json:"token,omitempty" datapolicy:"token"`
	// TokenFile is the path of a file holding a bearer token. When both
	// Token and TokenFile are set, the file is re-read periodically and its
	// last good content wins.
	// +optional
	TokenFile string `json:"tokenFile,omitempty"`
	// Impersonate is the user name to act as.
	// +optional
	Impersonate string `json:"act-as,omitempty"`
	// ImpersonateUID is the user UID to act as.
	// +optional
	ImpersonateUID string `json:"act-as-uid,omitempty"`
	// ImpersonateGroups are the groups to act as.
	// +optional
	ImpersonateGroups []string `json:"act-as-groups,omitempty"`
	// ImpersonateUserExtra is extra user information to act with.
	// +optional
	ImpersonateUserExtra map[string][]string `json:"act-as-user-extra,omitempty"`
	// Username is the basic-auth user name.
	// +optional
	Username string `json:"username,omitempty"`
	// Password is the basic-auth password.
	// +optional
	Password string `json:"password,omitempty" datapolicy:"password"`
	// AuthProvider names a registered auth-provider plugin and its settings.
	// +optional
	AuthProvider *AuthProviderConfig `json:"auth-provider,omitempty"`
	// Exec runs an external command that prints credentials.
	// +optional
	Exec *ExecConfig `json:"exec,omitempty"`
	// Extensions keeps third-party fields across a read-modify-write.
	// +optional
	Extensions map[string]runtime.Object `json:"extensions,omitempty"`
}

// Context names the cluster to talk to, the user to talk as, and the
// namespace used for requests that do not name one.
type Context struct {
	// LocationOfOrigin is the kubeconfig file this entry was loaded from.
	// It is set by the loader and never serialized.
	LocationOfOrigin string `json:"-"`
	// Cluster is the key of an entry in Config.Clusters.
	Cluster string `json:"cluster"`
	// AuthInfo is the key of an entry in Config.AuthInfos.
	AuthInfo string `json:"user"`
	// Namespace is the default namespace of this context.
	// +optional
	Namespace string `json:"namespace,omitempty"`
	// Extensions keeps third-party fields across a read-modify-write.
	// +optional
	Extensions map[string]runtime.Object `json:"extensions,omitempty"`
}

// AuthProviderConfig selects a registered auth-provider plugin by Name and
// gives it its settings. Config often holds secrets (refresh tokens), so
// String and GoString never print it.
type AuthProviderConfig struct {
	// Name is the registered name of the plugin.
	Name string `json:"name"`
	// Config is the plugin's own key/value settings (may hold secrets).
	// +optional
	Config map[string]string `json:"config,omitempty"`
}

// ExecConfig describes a credential plugin: a command that is run and prints
// an ExecCredential (client.authentication.k8s.io) on standard output.
type ExecConfig struct {
	// Command is the program to run; a relative path containing a path
	// separator is resolved against the kubeconfig's directory.
	Command string `json:"command"`
	// Args are the arguments passed to Command.
	// +optional
	Args []string `json:"args"`
	// Env are extra environment variables for the command, added to the
	// caller's environment.
	// +optional
	Env []ExecEnvVar `json:"env"`
	// APIVersion is the client.authentication.k8s.io version the plugin
	// speaks; its reply must use the same version.
	APIVersion string `json:"apiVersion,omitempty"`
	// InstallHint is shown to the user when Command cannot be found.
	InstallHint string `json:"installHint,omitempty"`
	// ProvideClusterInfo passes the cluster (including CA data) to the
	// plugin in the KUBERNETES_EXEC_INFO environment variable.
	ProvideClusterInfo bool `json:"provideClusterInfo"`
	// Config is per-cluster plugin data taken from the cluster's
	// "client.authentication.k8s.io/exec" extension. It is filled in when a
	// rest config is built and never serialized; avoid storing secrets in it.
	Config runtime.Object `json:"-"`
	// InteractiveMode says how the plugin uses standard input (Never,
	// IfAvailable or Always). It defaults to IfAvailable for the v1alpha1 and
	// v1beta1 APIs and is required for v1.
	// +optional
	InteractiveMode ExecInteractiveMode `json:"interactiveMode,omitempty"`
	// StdinUnavailable tells the exec authenticator that standard input is
	// in use by the caller and must not be handed to the plugin. Never serialized.
	StdinUnavailable bool `json:"-"`
	// StdinUnavailableMessage is added to the error reported when a plugin
	// needs standard input but StdinUnavailable is set. Never serialized.
	StdinUnavailableMessage string `json:"-"`
	// PluginPolicy restricts which commands may run. Never serialized.
	PluginPolicy PluginPolicy `json:"-"`
}

// ExecEnvVar is one environment variable given to an exec plugin.
type ExecEnvVar struct {
	// Name of the variable.
	Name string `json:"name"`
	// Value of the variable (may be a secret; never printed by ExecConfig.String).
	Value string `json:"value"`
}

// ExecInteractiveMode says how an exec plugin relates to standard input.
type ExecInteractiveMode string

const (
	// NeverExecInteractiveMode: the plugin never reads standard input and
	// always runs.
	NeverExecInteractiveMode ExecInteractiveMode = "Never"
	// IfAvailableExecInteractiveMode: the plugin reads standard input when
	// it is available and still runs when it is not.
	IfAvailableExecInteractiveMode ExecInteractiveMode = "IfAvailable"
	// AlwaysExecInteractiveMode: the plugin needs standard input and is not
	// run (an error is returned) when it is unavailable.
	AlwaysExecInteractiveMode ExecInteractiveMode = "Always"
)

// PolicyType selects which credential plugins may run.
type PolicyType string

const (
	// PluginPolicyAllowAll lets every plugin run (also the meaning of "").
	PluginPolicyAllowAll PolicyType = "AllowAll"
	// PluginPolicyDenyAll lets no plugin run.
	PluginPolicyDenyAll PolicyType = "DenyAll"
	// PluginPolicyAllowlist lets only plugins matching an Allowlist entry run.
	PluginPolicyAllowlist PolicyType = "Allowlist"
)

// PluginPolicy governs whether an exec plugin's command may run.
type PluginPolicy struct {
	// PolicyType is "", AllowAll, DenyAll or Allowlist; "" means AllowAll.
	PolicyType PolicyType `json:"-"`
	// Allowlist is consulted only for the Allowlist policy: a plugin may run
	// if any entry matches. It must be nil for every other policy.
	Allowlist []AllowlistEntry `json:"-"`
}

// AllowlistEntry is one allowlist criterion set. Every non-empty field must
// match for the entry to match; an entry with no fields set is a
// configuration error.
type AllowlistEntry struct {
	// Command matches when exec.LookPath of the plugin command and of this
	// value both succeed and yield the same path.
	Command string `json:"-"`
}
