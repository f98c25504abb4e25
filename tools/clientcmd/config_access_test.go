package clientcmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
)

func copyFixture(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(dst, data, 0o600))
}

func TestModifyConfigWritesToOriginFile(t *testing.T) {
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first"), filepath.Join(dir, "second")
	copyFixture(t, "testdata/merge/first.yaml", first)
	copyFixture(t, "testdata/merge/second.yaml", second)
	rules := &ClientConfigLoadingRules{Precedence: []string{first, second}}

	cfg, err := rules.GetStartingConfig()
	require.NoError(t, err)
	// Change an entry from the second file, add a new one, delete one from the first.
	cfg.Clusters["second-only"].Server = "https://changed"
	cfg.Clusters["brand-new"] = &clientcmdapi.Cluster{Server: "https://new"}
	delete(cfg.Clusters, "first-only")
	cfg.CurrentContext = "ctx-second"
	require.NoError(t, ModifyConfig(rules, *cfg, false))

	f1, err := LoadFromFile(first)
	require.NoError(t, err)
	f2, err := LoadFromFile(second)
	require.NoError(t, err)
	assert.Equal(t, "https://changed", f2.Clusters["second-only"].Server, "change goes to the defining file")
	assert.Equal(t, "https://new", f1.Clusters["brand-new"].Server, "new entries go to the default file")
	assert.NotContains(t, f1.Clusters, "first-only")
	assert.Equal(t, "ctx-second", f1.CurrentContext)
	_, err = os.Stat(first + ".lock")
	assert.True(t, os.IsNotExist(err), "locks released")

	// No change: nothing written.
	again, err := rules.GetStartingConfig()
	require.NoError(t, err)
	require.NoError(t, ModifyConfig(rules, *again, false))

	// Locked file: error.
	require.NoError(t, lockFile(first))
	defer func() { _ = unlockFile(first) }()
	require.Error(t, ModifyConfig(rules, *again, false))
}

func TestPersisterForUser(t *testing.T) {
	file := filepath.Join(t.TempDir(), "config")
	cfg := clientcmdapi.NewConfig()
	cfg.AuthInfos["oidc"] = &clientcmdapi.AuthInfo{AuthProvider: &clientcmdapi.AuthProviderConfig{Name: "oidc", Config: map[string]string{"a": "1"}}}
	require.NoError(t, WriteToFile(*cfg, file))
	rules := &ClientConfigLoadingRules{ExplicitPath: file}
	require.NoError(t, PersisterForUser(rules, "oidc").Persist(map[string]string{"refresh": "2"}))
	got, err := LoadFromFile(file)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"refresh": "2"}, got.AuthInfos["oidc"].AuthProvider.Config)
	require.NoError(t, PersisterForUser(rules, "ghost").Persist(map[string]string{"x": "y"}))
}

func TestPathOptions(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	t.Setenv("TEST_KUBECONFIG", a+string(os.PathListSeparator)+b)
	o := &PathOptions{GlobalFile: filepath.Join(dir, "global"), EnvVar: "TEST_KUBECONFIG", LoadingRules: &ClientConfigLoadingRules{}}
	assert.Equal(t, []string{a, b}, o.GetLoadingPrecedence())
	assert.Equal(t, b, o.GetDefaultFilename(), "none exists: last env file")
	copyFixture(t, "testdata/merge/first.yaml", a)
	assert.Equal(t, a, o.GetDefaultFilename(), "first existing env file")
	cfg, err := o.GetStartingConfig()
	require.NoError(t, err)
	assert.Equal(t, "ctx-first", cfg.CurrentContext)
	assert.False(t, o.IsExplicitFile())

	o.LoadingRules.ExplicitPath = filepath.Join(dir, "explicit")
	assert.True(t, o.IsExplicitFile())
	assert.Equal(t, []string{o.LoadingRules.ExplicitPath}, o.GetLoadingPrecedence())
	assert.Equal(t, o.LoadingRules.ExplicitPath, o.GetDefaultFilename())
	cfg, err = o.GetStartingConfig()
	require.NoError(t, err, "missing explicit file yields an empty config")
	assert.True(t, clientcmdapi.IsConfigEmpty(cfg))

	t.Setenv("TEST_KUBECONFIG", "")
	o.LoadingRules.ExplicitPath = ""
	assert.Equal(t, []string{o.GlobalFile}, o.GetLoadingPrecedence())
	assert.Equal(t, o.GlobalFile, o.GetDefaultFilename())

	def := NewDefaultPathOptions()
	assert.Equal(t, RecommendedHomeFile, def.GlobalFile)
	assert.True(t, def.LoadingRules.DoNotResolvePaths)
	assert.Equal(t, filepath.Join(".kube", "config"), def.GlobalFileSubpath)
}

func TestAuthLoaders(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "auth.json")
	_, err := NewDefaultAuthLoader().LoadAuth(path)
	assert.True(t, os.IsNotExist(err))

	pl := NewPromptingAuthLoader(stringsReader("me\npw\n"))
	info, err := pl.LoadAuth(path)
	require.NoError(t, err)
	assert.Equal(t, "me", info.User)
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	info, err = NewDefaultAuthLoader().LoadAuth(path)
	require.NoError(t, err)
	assert.Equal(t, "pw", info.Password)
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }
