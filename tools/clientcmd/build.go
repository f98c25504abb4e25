package clientcmd

import (
	"k8s.io/klog/v2"

	restclient "github.com/kclient/kclient/rest"
	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
)

// BuildConfigFromFlags builds a rest config from a --master URL and/or a
// --kubeconfig path, as cluster components take them. With neither, it logs
// a warning and tries the in-cluster config, falling back (with another
// warning) to the default loading. A non-empty masterUrl overrides the
// kubeconfig's server.
func BuildConfigFromFlags(masterUrl, kubeconfigPath string) (*restclient.Config, error) {
	if kubeconfigPath == "" && masterUrl == "" {
		klog.Warning("Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.")
		cfg, err := restclient.InClusterConfig()
		if err != nil {
			klog.Warning("error creating inClusterConfig, falling back to default config: ", err)
		} else {
			return cfg, nil
		}
	}
	return NewNonInteractiveDeferredLoadingClientConfig(
		&ClientConfigLoadingRules{ExplicitPath: kubeconfigPath},
		&ConfigOverrides{ClusterInfo: clientcmdapi.Cluster{Server: masterUrl}}).ClientConfig()
}

// BuildConfigFromKubeconfigGetter builds a rest config from the kubeconfig
// the getter returns; a non-empty masterUrl overrides its server.
func BuildConfigFromKubeconfigGetter(masterUrl string, kubeconfigGetter KubeconfigGetter) (*restclient.Config, error) {
	return NewNonInteractiveDeferredLoadingClientConfig(
		&ClientConfigGetter{kubeconfigGetter: kubeconfigGetter},
		&ConfigOverrides{ClusterInfo: clientcmdapi.Cluster{Server: masterUrl}}).ClientConfig()
}
