package exec

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/tools/clientcmd/api"
)

func TestValidatePluginPolicy(t *testing.T) {
	tests := []struct {
		name    string
		policy  api.PluginPolicy
		wantErr string
	}{
		{name: "unset"},
		{name: "allow all", policy: api.PluginPolicy{PolicyType: api.PluginPolicyAllowAll}},
		{name: "deny all", policy: api.PluginPolicy{PolicyType: api.PluginPolicyDenyAll}},
		{name: "allowlist", policy: api.PluginPolicy{PolicyType: api.PluginPolicyAllowlist, Allowlist: []api.AllowlistEntry{{Command: "/usr/bin/x"}, {Command: "y"}}}},
		{
			name:    "allow all with list",
			policy:  api.PluginPolicy{PolicyType: api.PluginPolicyAllowAll, Allowlist: []api.AllowlistEntry{}},
			wantErr: `misconfigured credential plugin allowlist: plugin policy is "AllowAll" but allowlist is non-nil`,
		},
		{
			name:    "unset with list",
			policy:  api.PluginPolicy{Allowlist: []api.AllowlistEntry{{Command: "x"}}},
			wantErr: `misconfigured credential plugin allowlist: plugin policy is "" but allowlist is non-nil`,
		},
		{name: "unknown type", policy: api.PluginPolicy{PolicyType: "Some"}, wantErr: `unknown plugin policy: "Some"`},
		{name: "allowlist nil", policy: api.PluginPolicy{PolicyType: api.PluginPolicyAllowlist}, wantErr: `credential plugin policy set to "Allowlist", but allowlist is unspecified`},
		{
			name:    "allowlist empty",
			policy:  api.PluginPolicy{PolicyType: api.PluginPolicyAllowlist, Allowlist: []api.AllowlistEntry{}},
			wantErr: `credential plugin policy set to "Allowlist", but allowlist is empty; use "DenyAll" policy instead`,
		},
		{
			name:    "empty entry",
			policy:  api.PluginPolicy{PolicyType: api.PluginPolicyAllowlist, Allowlist: []api.AllowlistEntry{{Command: "x"}, {}}},
			wantErr: "misconfigured credential plugin allowlist: empty allowlist entry #2",
		},
		{
			name:    "unclean path",
			policy:  api.PluginPolicy{PolicyType: api.PluginPolicyAllowlist, Allowlist: []api.AllowlistEntry{{Command: "/usr/bin/../bin/x"}}},
			wantErr: `non-normalized file path: "/usr/bin/../bin/x" vs "/usr/bin/x"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidatePluginPolicy(tt.policy)
			if tt.wantErr == "" {
				require.NoError(t, err)
			} else {
				require.EqualError(t, err, tt.wantErr)
			}
		})
	}
}

func TestPluginPolicyEnforced(t *testing.T) {
	p := newFakePlugin(t)
	p.output(tokenCredential(v1, "tok"))
	t.Setenv("PATH", p.dir+string(filepath.ListSeparator)+"/usr/bin:/bin")

	tests := []struct {
		name    string
		command string
		policy  api.PluginPolicy
		wantErr string
	}{
		{name: "allow all", command: p.path, policy: api.PluginPolicy{PolicyType: api.PluginPolicyAllowAll}},
		{name: "deny all", command: p.path, policy: api.PluginPolicy{PolicyType: api.PluginPolicyDenyAll}, wantErr: `plugin "` + p.path + `" not allowed: policy set to "DenyAll"`},
		{name: "listed by path", command: p.path, policy: allowlist(p.path)},
		{name: "listed by name, run by path", command: p.path, policy: allowlist("plugin.sh")},
		{name: "listed by path, run by name", command: "plugin.sh", policy: allowlist(p.path)},
		{name: "listed by name, run by name", command: "plugin.sh", policy: allowlist("plugin.sh")},
		{name: "not listed", command: p.path, policy: allowlist("/usr/bin/other"), wantErr: `plugin path "` + p.path + `" is not permitted by the credential plugin allowlist`},
		{
			name: "unresolvable", command: filepath.Join(p.dir, "missing"), policy: allowlist("/usr/bin/other"),
			wantErr: `plugin path "` + filepath.Join(p.dir, "missing") + `" cannot be resolved for credential plugin allowlist check: `,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := p.runs()
			cfg := p.config(v1)
			cfg.Command = tt.command
			cfg.PluginPolicy = tt.policy
			a, _ := testAuthenticator(t, cfg, nil, false)
			creds, err := a.getCreds(context.Background())
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.Equal(t, before, p.runs(), "plugin must not run")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "tok", creds.token)
			assert.Equal(t, before+1, p.runs())
		})
	}
}

func allowlist(cmds ...string) api.PluginPolicy {
	p := api.PluginPolicy{PolicyType: api.PluginPolicyAllowlist}
	for _, c := range cmds {
		p.Allowlist = append(p.Allowlist, api.AllowlistEntry{Command: c})
	}
	return p
}
