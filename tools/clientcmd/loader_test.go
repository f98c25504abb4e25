package clientcmd

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime"

	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
)

func abs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	require.NoError(t, err)
	return a
}

func TestLoadingRulesMergePrecedence(t *testing.T) {
	first, second, third := "testdata/merge/first.yaml", "testdata/merge/second.yaml", "testdata/merge/third.yaml"
	missing := "testdata/merge/does-not-exist.yaml"

	tests := []struct {
		name           string
		files          []string
		currentContext string
		sharedServer   string
		sharedToken    string
		sharedUsername string
		ctxFirstNS     string
		clusters       []string
		colors         bool
	}{
		{
			name:           "first file wins for scalars and whole map entries",
			files:          []string{first, second},
			currentContext: "ctx-first",
			sharedServer:   "https://first.example.com",
			sharedToken:    "first-token",
			ctxFirstNS:     "first-ns",
			clusters:       []string{"first-only", "second-only", "shared"},
		},
		{
			name:           "order reversed",
			files:          []string{second, first},
			currentContext: "ctx-second",
			sharedServer:   "https://second.example.com",
			sharedToken:    "second-token",
			sharedUsername: "should-not-merge",
			ctxFirstNS:     "first-ns",
			clusters:       []string{"first-only", "second-only", "shared"},
		},
		{
			name:           "three files, missing file skipped, later context name ignored",
			files:          []string{missing, first, second, third},
			currentContext: "ctx-first",
			sharedServer:   "https://first.example.com",
			sharedToken:    "first-token",
			ctxFirstNS:     "first-ns",
			clusters:       []string{"first-only", "second-only", "shared", "third-only"},
			colors:         true,
		},
		{
			name:           "scalar from a later file when earlier ones leave it unset",
			files:          []string{third, second},
			currentContext: "ctx-second",
			sharedServer:   "https://second.example.com",
			sharedToken:    "second-token",
			sharedUsername: "should-not-merge",
			ctxFirstNS:     "",
			clusters:       []string{"second-only", "shared", "third-only"},
			colors:         true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := &ClientConfigLoadingRules{Precedence: tt.files}
			cfg, err := rules.Load()
			require.NoError(t, err)
			assert.Equal(t, tt.currentContext, cfg.CurrentContext)
			assert.Equal(t, tt.sharedServer, cfg.Clusters["shared"].Server)
			assert.Equal(t, tt.sharedToken, cfg.AuthInfos["shared"].Token)
			assert.Equal(t, tt.sharedUsername, cfg.AuthInfos["shared"].Username,
				"fields of a later file's same-named user are never merged in")
			assert.Equal(t, tt.ctxFirstNS, cfg.Contexts["ctx-first"].Namespace)
			var names []string
			for n := range cfg.Clusters {
				names = append(names, n)
			}
			assert.ElementsMatch(t, tt.clusters, names)
			assert.Equal(t, tt.colors, cfg.Preferences.Colors)
			// Each entry remembers the file that defined it.
			sharedFrom := cfg.Clusters["shared"].LocationOfOrigin
			assert.Contains(t, tt.files, sharedFrom)
		})
	}
}

func TestLoadingRulesFromKUBECONFIG(t *testing.T) {
	first, second := abs(t, "testdata/merge/first.yaml"), abs(t, "testdata/merge/second.yaml")
	t.Setenv(RecommendedConfigPathEnvVar, second+string(os.PathListSeparator)+first+string(os.PathListSeparator)+second)
	rules := NewDefaultClientConfigLoadingRules()
	assert.Equal(t, []string{second, first}, rules.Precedence, "duplicates are dropped, order kept")
	assert.True(t, rules.WarnIfAllMissing)
	rules.MigrationRules = nil
	cfg, err := rules.Load()
	require.NoError(t, err)
	assert.Equal(t, "ctx-second", cfg.CurrentContext)
	assert.Equal(t, second, rules.GetDefaultFilename())
	assert.False(t, rules.IsExplicitFile())
}

func TestLoadingRulesExplicitPath(t *testing.T) {
	rules := &ClientConfigLoadingRules{ExplicitPath: "testdata/merge/second.yaml", Precedence: []string{"testdata/merge/first.yaml"}}
	cfg, err := rules.Load()
	require.NoError(t, err)
	assert.Equal(t, "ctx-second", cfg.CurrentContext, "explicit file is loaded alone")
	assert.NotContains(t, cfg.Clusters, "first-only")
	assert.True(t, rules.IsExplicitFile())
	assert.Equal(t, "testdata/merge/second.yaml", rules.GetExplicitFile())
	assert.Equal(t, []string{"testdata/merge/second.yaml"}, rules.GetLoadingPrecedence())

	rules.ExplicitPath = "testdata/nope/config"
	_, err = rules.Load()
	require.Error(t, err)
	assert.True(t, os.IsNotExist(err))
	assert.Contains(t, err.Error(), "testdata/nope/config")
}

func TestLoadingRulesWarnIfAllMissing(t *testing.T) {
	var warnings []error
	rules := &ClientConfigLoadingRules{
		Precedence:       []string{"testdata/missing-a", "testdata/missing-b"},
		WarnIfAllMissing: true,
		Warner:           func(err error) { warnings = append(warnings, err) },
	}
	cfg, err := rules.Load()
	require.NoError(t, err)
	assert.True(t, clientcmdapi.IsConfigEmpty(cfg))
	require.Len(t, warnings, 1)
	assert.Equal(t, MissingConfigError{Missing: []string{"testdata/missing-a", "testdata/missing-b"}}, warnings[0])
	assert.EqualError(t, warnings[0], "Config not found: testdata/missing-a, testdata/missing-b")

	warnings = nil
	rules.Precedence = append(rules.Precedence, "testdata/merge/first.yaml")
	_, err = rules.Load()
	require.NoError(t, err)
	assert.Empty(t, warnings, "no warning when any file is found")
}

func TestLoadingRulesBadFileNamedAndRestKept(t *testing.T) {
	rules := &ClientConfigLoadingRules{Precedence: []string{"testdata/invalid/malformed.yaml", "testdata/merge/first.yaml"}}
	cfg, err := rules.Load()
	require.Error(t, err)
	assert.Contains(t, err.Error(), `error loading config file "testdata/invalid/malformed.yaml"`)
	require.NotNil(t, cfg)
	assert.Equal(t, "ctx-first", cfg.CurrentContext, "good files are still merged")

	// A file that cannot be read is named too.
	rules.Precedence = []string{"testdata/merge"}
	_, err = rules.Load()
	require.Error(t, err)
	assert.Contains(t, err.Error(), `error loading config file "testdata/merge"`)
}

func TestLoadFromFileErrors(t *testing.T) {
	tests := []struct {
		name     string
		path     string
		contains []string
		absent   []string
	}{
		{name: "malformed yaml", path: "testdata/invalid/malformed.yaml",
			contains: []string{"testdata/invalid/malformed.yaml"}},
		{name: "duplicate user names", path: "testdata/invalid/duplicate.yaml",
			contains: []string{"testdata/invalid/duplicate.yaml", `duplicate name "dup"`},
			absent:   []string{"first-secret-token", "second-secret-token"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadFromFile(tt.path)
			require.Error(t, err)
			for _, s := range tt.contains {
				assert.Contains(t, err.Error(), s)
			}
			for _, s := range tt.absent {
				assert.NotContains(t, err.Error(), s, "secrets must not leak into errors")
			}
		})
	}
	_, err := LoadFromFile("testdata/none.yaml")
	assert.True(t, os.IsNotExist(err))
}

func TestRelativePathResolution(t *testing.T) {
	dir := abs(t, "testdata/relative/sub")
	rules := &ClientConfigLoadingRules{ExplicitPath: "testdata/relative/sub/config"}
	cfg, err := rules.Load()
	require.NoError(t, err)

	assert.Equal(t, filepath.Join(dir, "ca.crt"), cfg.Clusters["rel"].CertificateAuthority)
	assert.Equal(t, "/etc/abs-ca.crt", cfg.Clusters["abs"].CertificateAuthority, "absolute paths unchanged")
	rel := cfg.AuthInfos["rel"]
	assert.Equal(t, abs(t, "testdata/relative/certs/client.crt"), rel.ClientCertificate)
	assert.Equal(t, abs(t, "testdata/relative/certs/client.key"), rel.ClientKey)
	assert.Equal(t, filepath.Join(dir, "token"), rel.TokenFile)
	assert.Equal(t, filepath.Join(dir, "bin/plugin"), rel.Exec.Command, "exec command with a separator is a path")
	assert.Equal(t, "plugin-in-path", cfg.AuthInfos["bare-exec"].Exec.Command, "bare command is looked up in PATH")
	assert.Equal(t, clientcmdapi.IfAvailableExecInteractiveMode, cfg.AuthInfos["bare-exec"].Exec.InteractiveMode,
		"v1beta1 exec defaults to IfAvailable")

	rules.DoNotResolvePaths = true
	raw, err := rules.Load()
	require.NoError(t, err)
	assert.Equal(t, "ca.crt", raw.Clusters["rel"].CertificateAuthority)
	assert.Equal(t, "./bin/plugin", raw.AuthInfos["rel"].Exec.Command)
}

func TestRelativizePaths(t *testing.T) {
	base := "/home/u/.kube"
	tests := []struct {
		name    string
		in      string
		want    string
		wantErr bool
	}{
		{"inside base", "/home/u/.kube/certs/ca.crt", "certs/ca.crt", false},
		{"absolute outside base kept", "/etc/ca.crt", "/etc/ca.crt", false},
		{"empty", "", "", false},
		{"relative needing backsteps", "../x", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.in
			err := RelativizePathWithNoBacksteps([]*string{&p}, base)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, p)
		})
	}

	c := &clientcmdapi.Cluster{LocationOfOrigin: "/home/u/.kube/config", CertificateAuthority: "ca.crt"}
	require.NoError(t, RelativizeClusterLocalPaths(c))
	assert.Equal(t, "ca.crt", c.CertificateAuthority)
	require.Error(t, RelativizeClusterLocalPaths(&clientcmdapi.Cluster{}))
	u := &clientcmdapi.AuthInfo{LocationOfOrigin: "/home/u/.kube/config", ClientKey: "/home/u/.kube/k.pem", Token: "tok-secret"}
	require.NoError(t, RelativizeAuthInfoLocalPaths(u))
	assert.Equal(t, "k.pem", u.ClientKey)
	err := RelativizeAuthInfoLocalPaths(&clientcmdapi.AuthInfo{Token: "tok-secret"})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "tok-secret")

	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["c"] = &clientcmdapi.Cluster{CertificateAuthority: "ca"}
	cfg.AuthInfos["u"] = &clientcmdapi.AuthInfo{ClientCertificate: "cert"}
	require.NoError(t, ResolveConfigPaths(cfg, "/base"))
	assert.Equal(t, "/base/ca", cfg.Clusters["c"].CertificateAuthority)
	require.NoError(t, RelativizeConfigPaths(cfg, "/base"))
	assert.Equal(t, "cert", cfg.AuthInfos["u"].ClientCertificate)
}

func TestWriteLoadRoundTrip(t *testing.T) {
	in := clientcmdapi.NewConfig()
	in.CurrentContext = "ctx"
	in.Clusters["c"] = &clientcmdapi.Cluster{Server: "https://c:6443", CertificateAuthorityData: []byte("ca-pem"),
		TLSServerName: "c.local", ProxyURL: "http://proxy:3128", DisableCompression: true}
	in.AuthInfos["u"] = &clientcmdapi.AuthInfo{Token: "t", Impersonate: "bob", ImpersonateUID: "1",
		ImpersonateGroups: []string{"g1", "g2"}, ImpersonateUserExtra: map[string][]string{"k": {"v"}},
		Exec: &clientcmdapi.ExecConfig{Command: "cmd", Args: []string{"a"}, Env: []clientcmdapi.ExecEnvVar{{Name: "N", Value: "V"}},
			APIVersion: "client.authentication.k8s.io/v1", InteractiveMode: clientcmdapi.NeverExecInteractiveMode}}
	in.AuthInfos["p"] = &clientcmdapi.AuthInfo{AuthProvider: &clientcmdapi.AuthProviderConfig{Name: "oidc", Config: map[string]string{"a": "b"}}}
	in.Contexts["ctx"] = &clientcmdapi.Context{Cluster: "c", AuthInfo: "u", Namespace: "ns"}

	file := filepath.Join(t.TempDir(), "nested", "config")
	require.NoError(t, WriteToFile(*in, file))
	info, err := os.Stat(file)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	out, err := LoadFromFile(file)
	require.NoError(t, err)
	// LocationOfOrigin and the non-nil maps added by the decoder are the
	// only differences.
	for _, c := range in.Clusters {
		c.LocationOfOrigin = file
		c.Extensions = map[string]runtime.Object{}
	}
	for _, u := range in.AuthInfos {
		u.LocationOfOrigin = file
		u.Extensions = map[string]runtime.Object{}
	}
	for _, c := range in.Contexts {
		c.LocationOfOrigin = file
		c.Extensions = map[string]runtime.Object{}
	}
	assert.Equal(t, in, out)

	data, err := Write(*out)
	require.NoError(t, err)
	again, err := Load(data)
	require.NoError(t, err)
	data2, err := Write(*again)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(data2), "writing is stable")
}

func TestLoadEmptyAndJSON(t *testing.T) {
	cfg, err := Load(nil)
	require.NoError(t, err)
	assert.True(t, clientcmdapi.IsConfigEmpty(cfg))
	assert.NotNil(t, cfg.Clusters)

	cfg, err = Load([]byte(`{"apiVersion":"v1","kind":"Config","clusters":[{"name":"j","cluster":{"server":"https://j"}}]}`))
	require.NoError(t, err)
	assert.Equal(t, "https://j", cfg.Clusters["j"].Server)

	_, err = Load([]byte("apiVersion: v1\nkind: Pod\n"))
	require.Error(t, err)
}

func TestMigrate(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "old"), filepath.Join(dir, "new")
	require.NoError(t, os.WriteFile(src, []byte("current-context: x\n"), 0o640))
	rules := &ClientConfigLoadingRules{MigrationRules: map[string]string{dst: src}}
	require.NoError(t, rules.Migrate())
	data, err := os.ReadFile(dst)
	require.NoError(t, err)
	assert.Equal(t, "current-context: x\n", string(data))

	require.NoError(t, os.WriteFile(src, []byte("changed"), 0o640))
	require.NoError(t, rules.Migrate())
	data, _ = os.ReadFile(dst)
	assert.Equal(t, "current-context: x\n", string(data), "existing destination is never overwritten")

	rules.MigrationRules = map[string]string{filepath.Join(dir, "other"): dir}
	require.ErrorContains(t, rules.Migrate(), "is a directory")
}
