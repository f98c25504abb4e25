package v1

import "k8s.io/apimachinery/pkg/runtime"

// Config is a kubeconfig file as it is written to disk.
type Config struct {
	// Kind is "Config".
	// +optional
	Kind string `json:"kind,omitempty"`
	// APIVersion is "v1".
	// +optional
	APIVersion string `json:"apiVersion,omitempty"`
	// Preferences carries CLI preferences.
	//
	// Deprecated: Preferences has been unused by Kubernetes components since v1.34.
	Preferences Preferences `json:"preferences,omitzero"`
	// Clusters lists the named clusters.
	Clusters []NamedCluster `json:"clusters"`
	// AuthInfos lists the named users.
	AuthInfos []NamedAuthInfo `json:"users"`
	// Contexts lists the named contexts.
	Contexts []NamedContext `json:"contexts"`
	// CurrentContext names the context used by default.
	CurrentContext string `json:"current-context"`
	// Extensions keeps third-party data across a read-modify-write.
	// +optional
	Extensions []NamedExtension `json:"extensions,omitempty"`
}

// Preferences carries CLI preferences.
//
// Deprecated: Preferences has been unused by Kubernetes components since v1.34.
type Preferences struct {
	// Colors asks CLIs to colour their output.
	// +optional
	Colors bool `json:"colors,omitempty"`
	// Extensions keeps third-party data across a read-modify-write.
	// +optional
	Extensions []NamedExtension `json:"extensions,omitempty"`
}

// Cluster is the wire form of api.Cluster: how to reach an API server.
type Cluster struct {
	// Server is the API server URL (https://host:port).
	Server string `json:"server"`
	// TLSServerName overrides the name the server certificate is checked against.
	// +optional
	TLSServerName string `json:"tls-server-name,omitempty"`
	// InsecureSkipTLSVerify disables server certificate verification.
	// +optional
	InsecureSkipTLSVerify bool `json:"insecure-skip-tls-verify,omitempty"`
	// CertificateAuthority is the path of a PEM CA bundle; a relative path
	// is relative to the kubeconfig's directory.
	// +optional
	CertificateAuthority string `json:"certificate-authority,omitempty"`
	// CertificateAuthorityData is an inline PEM CA bundle (base64 on the
	// wire); it wins over CertificateAuthority.
	// +optional
	CertificateAuthorityData []byte `json:"certificate-authority-data,omitempty"`
	// ProxyURL is the http, https or socks5 proxy for this cluster.
	// +optional
	ProxyURL string `json:"proxy-url,omitempty"`
	// DisableCompression turns off response compression.
	// +optional
	DisableCompression bool `json:"disable-compression,omitempty"`
	// Extensions keeps third-party data across a read-modify-write.
	// +optional
	Extensions []NamedExtension `json:"extensions,omitempty"`
}

// AuthInfo is the wire form of api.AuthInfo: the identity presented to a
// cluster. Note the impersonation keys are "as", "as-uid", "as-groups" and
// "as-user-extra" on disk.
type AuthInfo struct {
	// ClientCertificate is the path of a PEM client certificate.
	// +optional
	ClientCertificate string `json:"client-certificate,omitempty"`
	// ClientCertificateData is an inline PEM client certificate.
	// +optional
	ClientCertificateData []byte `json:"client-certificate-data,omitempty"`
	// ClientKey is the path of the PEM client key.
	// +optional
	ClientKey string `json:"client-key,omitempty"`
	// ClientKeyData is an inline PEM client key.
	// +optional
	ClientKeyData []byte `json:"client-key-data,omitempty" datapolicy:"security-key"`
	// Token is a bearer token.
	// +optional
	Token string `json:"token,omitempty" datapolicy:"token"`
	// TokenFile is the path of a file holding a bearer token.
	// +optional
	TokenFile string `json:"tokenFile,omitempty"`
	// Impersonate is the user name to act as.
	// +optional
	Impersonate string `json:"as,omitempty"`
	// ImpersonateUID is the UID to act as.
	// +optional
	ImpersonateUID string `json:"as-uid,omitempty"`
	// ImpersonateGroups are the groups to act as.
	// +optional
	ImpersonateGroups []string `json:"as-groups,omitempty"`
	// ImpersonateUserExtra is extra user information to act with.
	// +optional
	ImpersonateUserExtra map[string][]string `json:"as-user-extra,omitempty"`
	// Username is the basic-auth user name.
	// +optional
	Username string `json:"username,omitempty"`
	// Password is the basic-auth password.
	// +optional
	Password string `json:"password,omitempty" datapolicy:"password"`
	// AuthProvider selects an auth-provider plugin.
	// +optional
	AuthProvider *AuthProviderConfig `json:"auth-provider,omitempty"`
	// Exec configures a credential plugin command.
	// +optional
	Exec *ExecConfig `json:"exec,omitempty"`
	// Extensions keeps third-party data across a read-modify-write.
	// +optional
	Extensions []NamedExtension `json:"extensions,omitempty"`
}

// Context is the wire form of api.Context.
type Context struct {
	// Cluster names an entry of Config.Clusters.
	Cluster string `json:"cluster"`
	// AuthInfo names an entry of Config.AuthInfos.
	AuthInfo string `json:"user"`
	// Namespace is the context's default namespace.
	// +optional
	Namespace string `json:"namespace,omitempty"`
	// Extensions keeps third-party data across a read-modify-write.
	// +optional
	Extensions []NamedExtension `json:"extensions,omitempty"`
}

// NamedCluster pairs a cluster with its name.
type NamedCluster struct {
	// Name is the cluster's key.
	Name string `json:"name"`
	// Cluster is the cluster itself.
	Cluster Cluster `json:"cluster"`
}

// NamedContext pairs a context with its name.
type NamedContext struct {
	// Name is the context's key.
	Name string `json:"name"`
	// Context is the context itself.
	Context Context `json:"context"`
}

// NamedAuthInfo pairs a user with its name.
type NamedAuthInfo struct {
	// Name is the user's key.
	Name string `json:"name"`
	// AuthInfo is the user itself.
	AuthInfo AuthInfo `json:"user"`
}

// NamedExtension pairs opaque extension data with its name.
type NamedExtension struct {
	// Name is the extension's key.
	Name string `json:"name"`
	// Extension is the raw extension document.
	Extension runtime.RawExtension `json:"extension"`
}

// AuthProviderConfig is the wire form of api.AuthProviderConfig.
type AuthProviderConfig struct {
	// Name is the registered plugin name.
	Name string `json:"name"`
	// Config holds the plugin's settings (may hold secrets).
	Config map[string]string `json:"config"`
}

// ExecConfig is the wire form of api.ExecConfig.
type ExecConfig struct {
	// Command is the program to run.
	Command string `json:"command"`
	// Args are its arguments.
	// +optional
	Args []string `json:"args"`
	// Env are extra environment variables for it.
	// +optional
	Env []ExecEnvVar `json:"env"`
	// APIVersion is the client.authentication.k8s.io version spoken.
	APIVersion string `json:"apiVersion,omitempty"`
	// InstallHint is shown when Command cannot be found.
	InstallHint string `json:"installHint,omitempty"`
	// ProvideClusterInfo passes cluster data in KUBERNETES_EXEC_INFO.
	ProvideClusterInfo bool `json:"provideClusterInfo"`
	// InteractiveMode is Never, IfAvailable or Always; see SetDefaults_ExecConfig.
	// +optional
	InteractiveMode ExecInteractiveMode `json:"interactiveMode,omitempty"`
}

// ExecEnvVar is one environment variable given to an exec plugin.
type ExecEnvVar struct {
	// Name of the variable.
	Name string `json:"name"`
	// Value of the variable.
	Value string `json:"value"`
}

// ExecInteractiveMode says how an exec plugin relates to standard input.
type ExecInteractiveMode string

const (
	// NeverExecInteractiveMode: the plugin never reads standard input.
	NeverExecInteractiveMode ExecInteractiveMode = "Never"
	// IfAvailableExecInteractiveMode: the plugin reads standard input when available.
	IfAvailableExecInteractiveMode ExecInteractiveMode = "IfAvailable"
	// AlwaysExecInteractiveMode: the plugin needs standard input.
	AlwaysExecInteractiveMode ExecInteractiveMode = "Always"
)
