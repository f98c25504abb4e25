// Package azure registers the "azure" auth-provider name. The provider
// itself was removed from Kubernetes clients: a kubeconfig that still uses
// it gets an error pointing to kubelogin, the exec credential plugin that
// replaces it.
package azure

import (
	"errors"

	"k8s.io/klog/v2"

	"github.com/kclient/kclient/rest"
)

// errRemoved is returned for every use of the provider.
var errRemoved = errors.New(`The azure auth plugin has been removed.
Please use the https://github.com/Azure/kubelogin kubectl/client-go credential plugin instead.
See https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins for further details`)

func init() {
	if err := rest.RegisterAuthProviderPlugin("azure", newProvider); err != nil {
		klog.Background().Error(err, "Cannot register the azure auth provider stub")
	}
}

func newProvider(string, map[string]string, rest.AuthProviderConfigPersister) (rest.AuthProvider, error) {
	return nil, errRemoved
}
