package rest

import (
	"fmt"
	"net/http"
	"sync"

	"k8s.io/klog/v2"

	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
)

// AuthProvider is an authentication plugin selected by name from a
// kubeconfig's auth-provider section.
type AuthProvider interface {
	// WrapTransport returns a round tripper that authenticates each request
	// (typically by adding an Authorization header) before passing it to
	// the given one.
	WrapTransport(http.RoundTripper) http.RoundTripper
	// Login prepares the plugin's credentials, for instance by fetching a
	// first token. It runs unattended: it may not prompt the user.
	Login() error
}

// Factory builds an AuthProvider for the cluster at clusterAddress from the
// plugin's kubeconfig settings (config). The plugin may save changed
// settings, such as refreshed tokens, through persister, which is never
// nil when GetAuthProvider calls the factory.
type Factory func(clusterAddress string, config map[string]string, persister AuthProviderConfigPersister) (AuthProvider, error)

// AuthProviderConfigPersister writes an auth provider's settings back to
// where they came from (usually its kubeconfig entry). Persist replaces the
// plugin's whole config map; it touches no other plugin's settings.
type AuthProviderConfigPersister interface {
	Persist(map[string]string) error
}

// noopPersister drops what a plugin asks to persist.
type noopPersister struct{}

func (noopPersister) Persist(map[string]string) error { return nil }

// plugins is the registry of auth provider factories, by name.
var plugins = struct {
	sync.Mutex
	byName map[string]Factory
}{byName: map[string]Factory{}}

// RegisterAuthProviderPlugin makes plugin available under name to configs
// that set AuthProvider. Registering the same name twice is an error. Safe
// for concurrent use; typically called from an init function.
func RegisterAuthProviderPlugin(name string, plugin Factory) error {
	plugins.Lock()
	defer plugins.Unlock()
	if _, found := plugins.byName[name]; found {
		return fmt.Errorf("auth Provider Plugin %q was registered twice", name)
	}
	klog.V(4).InfoS("Registered auth provider plugin", "name", name)
	plugins.byName[name] = plugin
	return nil
}

// GetAuthProvider builds the AuthProvider named by apc.Name from the
// registered factories. A nil persister is replaced by one that discards
// updates.
func GetAuthProvider(clusterAddress string, apc *clientcmdapi.AuthProviderConfig, persister AuthProviderConfigPersister) (AuthProvider, error) {
	plugins.Lock()
	factory, found := plugins.byName[apc.Name]
	plugins.Unlock()
	if !found {
		return nil, fmt.Errorf("no Auth Provider found for name %q", apc.Name)
	}
	if persister == nil {
		persister = noopPersister{}
	}
	return factory(clusterAddress, apc.Config, persister)
}
