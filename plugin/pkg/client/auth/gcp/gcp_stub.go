// Package gcp registers the "gcp" auth-provider name. The provider itself
// was removed from Kubernetes clients: a kubeconfig that still uses it gets
// an error pointing to gke-gcloud-auth-plugin, the exec credential plugin
// that replaces it.
package gcp

import (
	"errors"

	"k8s.io/klog/v2"

	"github.com/kclient/kclient/rest"
)

// errRemoved is returned for every use of the provider.
var errRemoved = errors.New(`The gcp auth plugin has been removed.
Please use the "gke-gcloud-auth-plugin" kubectl/client-go credential plugin instead.
See https://cloud.google.com/blog/products/containers-kubernetes/kubectl-auth-changes-in-gke for further details`)

func init() {
	if err := rest.RegisterAuthProviderPlugin("gcp", newProvider); err != nil {
		klog.Background().Error(err, "Cannot register the gcp auth provider stub")
	}
}

func newProvider(string, map[string]string, rest.AuthProviderConfigPersister) (rest.AuthProvider, error) {
	return nil, errRemoved
}
