package clientauthentication

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// ExecCredential is used by exec-based plugins to communicate credentials to
// HTTP transports. The client fills in Spec and sends it to the plugin; the
// plugin answers with the same kind carrying Status.
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

// ExecCredentialSpec holds request and runtime specific information provided by
// the transport.
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

// ExecCredentialStatus holds credentials for the transport to use. Token and
// ClientKeyData are secrets: never log them.
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

// Cluster contains information to allow an exec plugin to communicate
// with the kubernetes cluster being authenticated to.
//
// Its fields mirror those of a kubeconfig cluster entry, except that the
// certificate authority is always given inline as bytes.
type Cluster struct {
	// Server is the address of the kubernetes cluster (https://hostname:port).
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
