package discovery

import (
	"fmt"
	"slices"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	apimachineryversion "k8s.io/apimachinery/pkg/version"
)

// IsResourceEnabled reports whether the server serves the resource, with one
// request for its group-version. An unknown group-version is (false, nil).
func IsResourceEnabled(client DiscoveryInterface, resourceToCheck schema.GroupVersionResource) (bool, error) {
	rl, err := client.ServerResourcesForGroupVersion(resourceToCheck.GroupVersion().String())
	switch {
	case apierrors.IsNotFound(err):
		return false, nil
	case err != nil:
		return false, err
	}
	named := func(r metav1.APIResource) bool { return r.Name == resourceToCheck.Resource }
	return slices.ContainsFunc(rl.APIResources, named), nil
}

// MatchesServerVersion returns an error unless the server's GitVersion,
// GitCommit and GitTreeState equal those of clientVersion.
func MatchesServerVersion(clientVersion apimachineryversion.Info, client DiscoveryInterface) error {
	sv, err := client.ServerVersion()
	if err != nil {
		return fmt.Errorf("couldn't read version from server: %w", err)
	}
	if clientVersion.GitVersion != sv.GitVersion || clientVersion.GitCommit != sv.GitCommit || clientVersion.GitTreeState != sv.GitTreeState {
		return fmt.Errorf("server version (%#v) differs from client version (%#v)", *sv, clientVersion)
	}
	return nil
}

// ServerSupportsVersion succeeds when requiredGV is among the group-versions
// the server lists, and also when it lists none at all (nothing to judge
// by); otherwise, or when the groups cannot be read, it fails.
func ServerSupportsVersion(client DiscoveryInterface, requiredGV schema.GroupVersion) error {
	groups, err := client.ServerGroups()
	if err != nil {
		return err
	}
	served := metav1.ExtractGroupVersions(groups)
	if len(served) == 0 || slices.Contains(served, requiredGV.String()) {
		return nil
	}
	return fmt.Errorf("server does not support API version %q", requiredGV)
}
