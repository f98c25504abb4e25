package clientcmd_test

import (
	"fmt"

	"github.com/kclient/kclient/tools/clientcmd"
)

// Load a kubeconfig held in memory and build the rest config of its
// current context.
func ExampleRESTConfigFromKubeConfig() {
	kubeconfig := []byte(`
apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://prod.example.com:6443
    insecure-skip-tls-verify: true
users:
- name: ci
  user:
    token: example-token
contexts:
- name: prod-ci
  context: {cluster: prod, user: ci, namespace: apps}
current-context: prod-ci
`)
	cfg, err := clientcmd.RESTConfigFromKubeConfig(kubeconfig)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.Host, cfg.Insecure, cfg.BearerToken != "")
	// Output: https://prod.example.com:6443 true true
}

// Merge the files in $KUBECONFIG (or ~/.kube/config), honour --context
// style overrides, and fall back to the in-cluster config in a pod.
func ExampleNewNonInteractiveDeferredLoadingClientConfig() {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	overrides := &clientcmd.ConfigOverrides{CurrentContext: "prod-ci"}
	cc := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides)
	if cfg, err := cc.ClientConfig(); err == nil {
		_ = cfg // hand to rest.RESTClientFor or a typed clientset
	}
}
