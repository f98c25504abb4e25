package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// ExecCredential is the JSON document exchanged with an exec credential
// plugin. The client puts it, with Spec set, in the plugin's
// KUBERNETES_EXEC_INFO environment variable; the plugin prints it back on
// standard output with Status set.
type ExecCredential struct {
	metav1.TypeMeta `json:""`

	// Spec is what the client tells the plugin about this invocation.
	Spec ExecCredentialSpec `json:"spec,omitempty"`

	// Status carries the credentials returned by the plugin.
	// +optional
	Status *ExecCredentialStatus `json:"status,omitempty"`
}

// ExecCredentialSpec is the client's side of the exchange: facts about this
// invocation that the plugin may use.
type ExecCredentialSpec struct {
	// Cluster describes the cluster being authenticated to. It is only set
	// when the exec config has provideClusterInfo: true.
	// +optional
	Cluster *Cluster `json:"cluster,omitempty"`

	// Interactive reports whether the plugin was given the client's standard
	// input and so may prompt the user.
	Interactive bool `json:"interactive"`
}

// ExecCredentialStatus is the plugin's answer: the credentials the client
// attaches to its requests.
//
// Token and ClientKeyData are secrets: they should only travel in memory
// between the client and the plugin process, and never be logged.
type ExecCredentialStatus struct {
	// ExpirationTimestamp, when set, is the time after which the credentials
	// must no longer be used.
	// +optional
	ExpirationTimestamp *metav1.Time `json:"expirationTimestamp,omitempty"`
	// Token is a bearer token sent with every request.
	Token string `json:"token,omitempty" datapolicy:"token"`
	// ClientCertificateData is a PEM-encoded client certificate chain
	// (leaf first, then any intermediates).
	ClientCertificateData string `json:"clientCertificateData,omitempty"`
	// ClientKeyData is the PEM-encoded private key of ClientCertificateData.
	ClientKeyData string `json:"clientKeyData,omitempty" datapolicy:"security-key"`
}

// Cluster tells an exec plugin how to reach the cluster it is producing
// credentials for.
//
// Its fields mirror those of a kubeconfig cluster entry (with the same JSON
// names), except that the certificate authority is always given inline.
type Cluster struct {
	// Server is the API server URL, in https://host:port form.
	Server string `json:"server"`
	// TLSServerName is the name used for SNI and server certificate
	// verification; the host of Server when empty.
	// +optional
	TLSServerName string `json:"tls-server-name,omitempty"`
	// InsecureSkipTLSVerify disables verification of the server certificate.
	// +optional
	InsecureSkipTLSVerify bool `json:"insecure-skip-tls-verify,omitempty"`
	// CertificateAuthorityData holds PEM-encoded CA certificates; the system
	// roots are used when it is empty.
	// +listType=atomic
	// +optional
	CertificateAuthorityData []byte `json:"certificate-authority-data,omitempty"`
	// ProxyURL is the proxy used for all requests to this cluster.
	// +optional
	ProxyURL string `json:"proxy-url,omitempty"`
	// DisableCompression asks the client not to request compressed
	// responses from the server.
	// +optional
	DisableCompression bool `json:"disable-compression,omitempty"`
	// Config is plugin-specific, per-cluster configuration taken from the
	// kubeconfig cluster's "client.authentication.k8s.io/exec" extension.
	// It should not hold secrets.
	// +optional
	Config runtime.RawExtension `json:"config,omitempty"`
}
