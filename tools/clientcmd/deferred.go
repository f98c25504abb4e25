package clientcmd

import (
	"io"
	"sync"

	"k8s.io/klog/v2"

	restclient "github.com/kclient/kclient/rest"
	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
)

// DeferredLoadingClientConfig is a ClientConfig that loads its kubeconfig
// from a ClientConfigLoader on first use, so loading rules and overrides
// bound to flags can still change until flags are parsed. The loaded result
// is cached; it is safe for concurrent use.
//
// When no usable kubeconfig is found (or it equals the loader's default)
// and the process runs in a pod, it uses the in-cluster configuration.
type DeferredLoadingClientConfig struct {
	loader         ClientConfigLoader
	overrides      *ConfigOverrides
	fallbackReader io.Reader

	loadingLock  sync.Mutex
	clientConfig ClientConfig

	icc InClusterConfig
}

var _ ClientConfig = &DeferredLoadingClientConfig{}

// NewNonInteractiveDeferredLoadingClientConfig returns a lazily loading
// client config that never prompts. The context is overrides.CurrentContext
// or the kubeconfig's current context.
func NewNonInteractiveDeferredLoadingClientConfig(loader ClientConfigLoader, overrides *ConfigOverrides) ClientConfig {
	return &DeferredLoadingClientConfig{loader: loader, overrides: overrides,
		icc: &inClusterClientConfig{overrides: overrides}}
}

// NewInteractiveDeferredLoadingClientConfig is
// NewNonInteractiveDeferredLoadingClientConfig that prompts on
// fallbackReader for basic-auth credentials when the user has none.
func NewInteractiveDeferredLoadingClientConfig(loader ClientConfigLoader, overrides *ConfigOverrides, fallbackReader io.Reader) ClientConfig {
	return &DeferredLoadingClientConfig{loader: loader, overrides: overrides, fallbackReader: fallbackReader,
		icc: &inClusterClientConfig{overrides: overrides}}
}

// createClientConfig loads the kubeconfig once and caches the resulting
// DirectClientConfig. A failed load is not cached.
func (config *DeferredLoadingClientConfig) createClientConfig() (ClientConfig, error) {
	config.loadingLock.Lock()
	defer config.loadingLock.Unlock()
	if cached := config.clientConfig; cached != nil {
		return cached, nil
	}
	merged, err := config.loader.Load()
	if err != nil {
		return nil, err
	}
	var ctx string
	if config.overrides != nil {
		ctx = config.overrides.CurrentContext
	}
	if config.fallbackReader != nil {
		config.clientConfig = NewInteractiveClientConfig(*merged, ctx, config.overrides, config.fallbackReader, config.loader)
	} else {
		config.clientConfig = NewNonInteractiveClientConfig(*merged, ctx, config.overrides, config.loader)
	}
	return config.clientConfig, nil
}

// RawConfig returns the merged kubeconfig without overrides.
func (config *DeferredLoadingClientConfig) RawConfig() (clientcmdapi.Config, error) {
	cc, err := config.createClientConfig()
	if err != nil {
		return clientcmdapi.Config{}, err
	}
	return cc.RawConfig()
}

// ClientConfig returns the rest config from the kubeconfig. When the
// kubeconfig is empty (IsEmptyConfig) or yields the loader's default config,
// and the in-cluster environment is present, the in-cluster config is
// returned instead.
func (config *DeferredLoadingClientConfig) ClientConfig() (*restclient.Config, error) {
	cc, err := config.createClientConfig()
	if err != nil {
		return nil, err
	}
	rc, err := cc.ClientConfig()
	switch {
	case err != nil:
		if !IsEmptyConfig(err) {
			return nil, err
		}
	case rc != nil:
		if !config.loader.IsDefaultConfig(rc) {
			return rc, nil
		}
	}
	if config.icc.Possible() {
		klog.V(4).InfoS("Using in-cluster configuration")
		return config.icc.ClientConfig()
	}
	return rc, err
}

// Namespace returns the override namespace, else the kubeconfig context's
// namespace; in a pod whose kubeconfig sets no namespace it returns the
// pod's namespace (see the in-cluster rules), else "default".
func (config *DeferredLoadingClientConfig) Namespace() (string, bool, error) {
	cc, err := config.createClientConfig()
	if err != nil {
		return "", false, err
	}
	ns, overridden, err := cc.Namespace()
	if (err != nil && !IsEmptyConfig(err)) || overridden || !config.icc.Possible() {
		return ns, overridden, err
	}
	if ns != "" {
		if ns != "default" {
			return ns, false, nil
		}
		// "default" may be explicit in the context; then keep it.
		if raw, err := cc.RawConfig(); err == nil {
			current := raw.CurrentContext
			if config.overrides != nil && config.overrides.CurrentContext != "" {
				current = config.overrides.CurrentContext
			}
			if c := raw.Contexts[current]; c != nil && c.Namespace != "" {
				return ns, false, nil
			}
		}
	}
	klog.V(4).InfoS("Using in-cluster namespace")
	return config.icc.Namespace()
}

// ConfigAccess returns the loader.
func (config *DeferredLoadingClientConfig) ConfigAccess() ConfigAccess { return config.loader }
