// Package clientcmd turns kubeconfig files, command-line overrides and the
// in-cluster service-account environment into a *rest.Config.
//
// The usual entry point merges the files named by $KUBECONFIG (or
// ~/.kube/config), applies overrides, and falls back to the in-cluster
// configuration when no kubeconfig is present:
//
//	rules := clientcmd.NewDefaultClientConfigLoadingRules()
//	overrides := &clientcmd.ConfigOverrides{}
//	cc := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides)
//	cfg, err := cc.ClientConfig()     // *rest.Config
//	ns, _, err := cc.Namespace()      // override > context > "default"
//
// Loading is lazy and happens once per ClientConfig. When several files are
// merged, each cluster, user and context is taken whole from the first file
// that defines its name, and each scalar (current-context, ...) from the
// first file that sets it. Relative file paths inside a kubeconfig are
// resolved against the directory of the file that defined them.
//
// Errors name the file and the entry at fault; credentials never appear in
// errors or logs.
package clientcmd
