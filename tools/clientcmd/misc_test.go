package clientcmd

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
)

func TestModifyConfigPreferencesAndClearingContext(t *testing.T) {
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first"), filepath.Join(dir, "second")
	copyFixture(t, "testdata/merge/first.yaml", first)
	copyFixture(t, "testdata/merge/second.yaml", second)
	rules := &ClientConfigLoadingRules{Precedence: []string{first, second}}

	cfg, err := rules.GetStartingConfig()
	require.NoError(t, err)
	cfg.Preferences.Colors = true
	cfg.CurrentContext = ""
	require.NoError(t, ModifyConfig(rules, *cfg, false))

	f1, err := LoadFromFile(first)
	require.NoError(t, err)
	assert.True(t, f1.Preferences.Colors, "preferences go to the first file that differs")
	assert.Empty(t, f1.CurrentContext, "clearing current-context edits the first file that sets it")
	f2, err := LoadFromFile(second)
	require.NoError(t, err)
	assert.Equal(t, "ctx-second", f2.CurrentContext)

	// Explicit file: everything goes there.
	explicit := &ClientConfigLoadingRules{ExplicitPath: filepath.Join(dir, "explicit")}
	c := clientcmdapi.NewConfig()
	c.CurrentContext = "x"
	c.Preferences.Colors = true
	require.NoError(t, ModifyConfig(explicit, *c, false))
	got, err := LoadFromFile(explicit.ExplicitPath)
	require.NoError(t, err)
	assert.Equal(t, "x", got.CurrentContext)
	assert.True(t, got.Preferences.Colors)
}

func TestModifyConfigRelativizes(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "config")
	rules := &ClientConfigLoadingRules{ExplicitPath: file}
	c := clientcmdapi.NewConfig()
	c.Clusters["c"] = &clientcmdapi.Cluster{Server: "https://c", CertificateAuthority: filepath.Join(dir, "pki", "ca.crt")}
	c.AuthInfos["u"] = &clientcmdapi.AuthInfo{ClientCertificate: filepath.Join(dir, "u.crt"), ClientKey: "/elsewhere/u.key"}
	require.NoError(t, ModifyConfig(rules, *c, true))
	got, err := (&ClientConfigLoadingRules{ExplicitPath: file, DoNotResolvePaths: true}).Load()
	require.NoError(t, err)
	assert.Equal(t, filepath.Join("pki", "ca.crt"), got.Clusters["c"].CertificateAuthority)
	assert.Equal(t, "u.crt", got.AuthInfos["u"].ClientCertificate)
	assert.Equal(t, "/elsewhere/u.key", got.AuthInfos["u"].ClientKey, "paths needing .. stay absolute")
}

func TestClientConfigGetter(t *testing.T) {
	g := &ClientConfigGetter{kubeconfigGetter: func() (*clientcmdapi.Config, error) { return clientcmdapi.NewConfig(), nil }}
	cfg, err := g.GetStartingConfig()
	require.NoError(t, err)
	assert.NotNil(t, cfg)
	assert.Nil(t, g.GetLoadingPrecedence())
	assert.Empty(t, g.GetDefaultFilename())
	assert.False(t, g.IsExplicitFile())
	assert.Empty(t, g.GetExplicitFile())
	assert.False(t, g.IsDefaultConfig(nil))
	_, err = (&ClientConfigGetter{}).Load()
	assert.Error(t, err, "a getter without a function fails instead of panicking")
}

func TestConstructors(t *testing.T) {
	cfg := loadFixture(t)
	cc := NewDefaultClientConfig(cfg, &ConfigOverrides{})
	rc, err := cc.ClientConfig()
	require.NoError(t, err)
	assert.Equal(t, "api.internal", rc.ServerName, "uses the config's current context")
	assert.NotNil(t, cc.ConfigAccess())

	icc := NewInteractiveDeferredLoadingClientConfig(&ClientConfigLoadingRules{ExplicitPath: "testdata/clientconfig.yaml"},
		&ConfigOverrides{CurrentContext: "basic"}, strings.NewReader(""))
	rc, err = icc.ClientConfig()
	require.NoError(t, err)
	assert.Equal(t, "admin", rc.Username, "no prompt when the user has credentials")
}

func TestConfigurationInvalidError(t *testing.T) {
	inner := errors.New("inner")
	err := newErrConfigurationInvalid([]error{errors.New("a"), inner})
	require.Error(t, err)
	assert.True(t, errors.Is(err, inner))
	assert.False(t, errors.Is(err, ErrNoContext))
	var ci errConfigurationInvalid
	require.True(t, errors.As(err, &ci))
	assert.Len(t, ci.Errors(), 2)
	assert.Equal(t, "invalid configuration: [a, inner]", err.Error())
	assert.NoError(t, newErrConfigurationInvalid(nil))
	assert.False(t, IsEmptyConfig(err))
}
