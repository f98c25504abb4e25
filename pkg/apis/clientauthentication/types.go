package clientauthentication

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// ExecCredential is the message exchanged with an exec credential plugin, in
// its internal form. The client sends it with Spec filled in; the plugin
// replies with the same kind, carrying the credentials in Status.
type ExecCredential struct {
	metav1.TypeMeta

	// Spec is what the client tells the plugin about this invocation, such as
	// whether it may interact with the user.
	Spec ExecCredentialSpec

	// Status carries the credentials returned by the plugin; nil when the
	// plugin has not answered.
	// +optional
	Status *ExecCredentialStatus
}

// ExecCredentialSpec is the client's side of the exchange: facts about this
// invocation that the plugin may use.
type ExecCredentialSpec struct {
	// Interactive reports whether the plugin was given the client's standard
	// input and so may prompt the user.
	// +optional
	Interactive bool

	// Cluster describes the cluster being authenticated to. It is only set
	// when the exec config asks for it (ExecConfig.ProvideClusterInfo).
	// +optional
	Cluster *Cluster
}

// ExecCredentialStatus is the plugin's answer: the credentials the client
// attaches to its requests. Token and ClientKeyData are secrets: never log
// them.
type ExecCredentialStatus struct {
	// ExpirationTimestamp, when set, is the time after which the credentials
	// must no longer be used; nil means they do not expire.
	// +optional
	ExpirationTimestamp *metav1.Time
	// Token is a bearer token sent with every request.
	// +optional
	Token string `datapolicy:"token"`
	// ClientCertificateData is a PEM-encoded client certificate chain.
	// +optional
	ClientCertificateData string
	// ClientKeyData is the PEM-encoded private key of ClientCertificateData.
	// +optional
	ClientKeyData string `datapolicy:"secret-key"`
}

// Cluster tells an exec plugin how to reach the cluster it is producing
// credentials for.
//
// Its fields mirror those of a kubeconfig cluster entry, except that the
// certificate authority is always given inline as bytes.
type Cluster struct {
	// Server is the API server URL, in https://host:port form.
	Server string
	// TLSServerName is the name used for SNI and server certificate
	// verification; the host of Server when empty.
	// +optional
	TLSServerName string
	// InsecureSkipTLSVerify disables verification of the server certificate.
	// +optional
	InsecureSkipTLSVerify bool
	// CertificateAuthorityData holds PEM-encoded CA certificates; the system
	// roots are used when it is empty.
	// +listType=atomic
	// +optional
	CertificateAuthorityData []byte
	// ProxyURL is the proxy used for all requests to this cluster.
	// +optional
	ProxyURL string
	// DisableCompression asks the client not to request compressed
	// responses from the server.
	// +optional
	DisableCompression bool
	// Config is plugin-specific, per-cluster configuration taken from the
	// kubeconfig cluster's "client.authentication.k8s.io/exec" extension.
	// It should not hold secrets.
	// +optional
	Config runtime.Object
}
