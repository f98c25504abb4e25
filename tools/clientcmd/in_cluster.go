package clientcmd

import (
	"errors"
	"os"
	"strings"

	restclient "github.com/kclient/kclient/rest"
	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
)

// InClusterConfig is a ClientConfig for code running in a pod, which can
// say whether that environment is present.
type InClusterConfig interface {
	ClientConfig
	// Possible reports whether the in-cluster environment is present.
	Possible() bool
}

// Paths of the service-account files mounted into every pod; variables so
// tests can point them at a temporary directory.
var (
	inClusterTokenFile     = "/var/run/secrets/kubernetes.io/serviceaccount/token"
	inClusterNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"
)

// inClusterClientConfig is the ClientConfig of a pod: rest.InClusterConfig
// plus the server, token and CA overrides.
type inClusterClientConfig struct {
	overrides               *ConfigOverrides
	inClusterConfigProvider func() (*restclient.Config, error)
}

var _ InClusterConfig = &inClusterClientConfig{}

// RawConfig always fails: a pod has no kubeconfig.
func (config *inClusterClientConfig) RawConfig() (clientcmdapi.Config, error) {
	return clientcmdapi.Config{}, errors.New("inCluster environment config doesn't support multiple clusters")
}

// ClientConfig returns the service-account config with the server, token
// and CA-file overrides applied.
func (config *inClusterClientConfig) ClientConfig() (*restclient.Config, error) {
	provider := config.inClusterConfigProvider
	if provider == nil {
		provider = restclient.InClusterConfig
	}
	icc, err := provider()
	if err != nil {
		return nil, err
	}
	if o := config.overrides; o != nil {
		if o.ClusterInfo.Server != "" {
			icc.Host = o.ClusterInfo.Server
		}
		if o.AuthInfo.Token != "" || o.AuthInfo.TokenFile != "" {
			icc.BearerToken = o.AuthInfo.Token
			icc.BearerTokenFile = o.AuthInfo.TokenFile
		}
		if o.ClusterInfo.CertificateAuthority != "" {
			icc.TLSClientConfig.CAFile = o.ClusterInfo.CertificateAuthority
		}
	}
	return icc, nil
}

// Namespace returns $POD_NAMESPACE, else the pod's service-account
// namespace file, else "default". It is never an override.
func (config *inClusterClientConfig) Namespace() (string, bool, error) {
	if ns := os.Getenv("POD_NAMESPACE"); ns != "" {
		return ns, false, nil
	}
	if data, err := os.ReadFile(inClusterNamespaceFile); err == nil {
		if ns := strings.TrimSpace(string(data)); ns != "" {
			return ns, false, nil
		}
	}
	return "default", false, nil
}

// ConfigAccess returns the default loading rules.
func (config *inClusterClientConfig) ConfigAccess() ConfigAccess {
	return NewDefaultClientConfigLoadingRules()
}

// Possible reports whether KUBERNETES_SERVICE_HOST and
// KUBERNETES_SERVICE_PORT are set and the service-account token file exists.
func (config *inClusterClientConfig) Possible() bool {
	info, err := os.Stat(inClusterTokenFile)
	return os.Getenv("KUBERNETES_SERVICE_HOST") != "" &&
		os.Getenv("KUBERNETES_SERVICE_PORT") != "" &&
		err == nil && !info.IsDir()
}
