package exec

import (
	"fmt"
	"os/exec"
	"path/filepath"

	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/klog/v2"

	"github.com/kclient/kclient/tools/clientcmd/api"
)

// ValidatePluginPolicy checks that a credential plugin policy is well formed:
// the policy type is "", AllowAll, DenyAll or Allowlist; only the Allowlist
// policy has an allowlist, and that list is non-empty and each entry names a
// normalized (filepath.Clean) command.
func ValidatePluginPolicy(policy api.PluginPolicy) error {
	kind := policy.PolicyType
	if kind == api.PluginPolicyAllowlist {
		return validateAllowlist(policy.Allowlist)
	}
	if !policiesWithoutList.Has(kind) {
		return fmt.Errorf("unknown plugin policy: %q", kind)
	}
	if policy.Allowlist != nil {
		return fmt.Errorf("misconfigured credential plugin allowlist: plugin policy is %q but allowlist is non-nil", kind)
	}
	return nil
}

// policiesWithoutList are the policy types that must not carry an allowlist;
// "" means the default, AllowAll.
var policiesWithoutList = sets.New(api.PolicyType(""), api.PluginPolicyAllowAll, api.PluginPolicyDenyAll)

// validateAllowlist checks the entries of an Allowlist policy. A nil list is
// most likely a misspelt field, and the policy is a security control, so it
// is rejected rather than treated as empty.
func validateAllowlist(list []api.AllowlistEntry) error {
	switch {
	case list == nil:
		return fmt.Errorf("credential plugin policy set to %q, but allowlist is unspecified", api.PluginPolicyAllowlist)
	case len(list) == 0:
		return fmt.Errorf("credential plugin policy set to %q, but allowlist is empty; use %q policy instead", api.PluginPolicyAllowlist, api.PluginPolicyDenyAll)
	}
	for i, entry := range list {
		if entry == (api.AllowlistEntry{}) {
			return fmt.Errorf("misconfigured credential plugin allowlist: empty allowlist entry #%d", i+1)
		}
		if clean := filepath.Clean(entry.Command); clean != entry.Command {
			return fmt.Errorf("non-normalized file path: %q vs %q", entry.Command, clean)
		}
	}
	return nil
}

// checkPolicy decides whether cmd may run under the configured policy. For
// the Allowlist policy it may set cmd.Path to the resolved executable so that
// exactly the checked file runs.
func (a *Authenticator) checkPolicy(cmd *exec.Cmd) error {
	switch kind := a.policy.PolicyType; kind {
	case api.PluginPolicyAllowlist:
		a.mu.Lock()
		defer a.mu.Unlock()
		return a.checkAllowlistLocked(cmd)
	case api.PluginPolicyDenyAll:
		return fmt.Errorf("plugin %q not allowed: policy set to %q", a.cmd, kind)
	case "", api.PluginPolicyAllowAll:
		return nil
	default:
		return fmt.Errorf("unknown plugin policy %q", kind)
	}
}

// checkAllowlistLocked accepts cmd if its configured or resolved path equals
// an allowlist entry, verbatim or resolved with exec.LookPath. a.mu must be
// held.
func (a *Authenticator) checkAllowlistLocked(cmd *exec.Cmd) error {
	if a.allowed.Has(a.cmd) || a.allowed.Has(cmd.Path) {
		return nil
	}

	// exec.Command resolves bare names through PATH; a path with a
	// separator is left alone and resolved here.
	resolved, err := cmd.Path, cmd.Err
	if cmd.Path == a.cmd {
		resolved, err = exec.LookPath(cmd.Path)
		if resolved != "" {
			cmd.Path = resolved
		}
	}
	if err != nil {
		return fmt.Errorf("plugin path %q cannot be resolved for credential plugin allowlist check: %w", cmd.Path, err)
	}
	if a.allowed.Has(resolved) {
		return nil
	}

	// Resolve the entries sharing the command's base name and look again.
	base := filepath.Base(cmd.Path)
	for _, entry := range a.policy.Allowlist {
		if filepath.Base(entry.Command) != base {
			continue
		}
		p, err := exec.LookPath(entry.Command)
		if err != nil {
			klog.V(5).ErrorS(err, "Resolving credential plugin allowlist entry", "name", entry.Command)
			continue
		}
		a.allowed.Insert(p)
	}
	if a.allowed.Has(resolved) {
		return nil
	}
	return fmt.Errorf("plugin path %q is not permitted by the credential plugin allowlist", cmd.Path)
}
