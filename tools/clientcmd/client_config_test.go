package clientcmd

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	restclient "github.com/kclient/kclient/rest"
	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
)

// loadFixture loads testdata/clientconfig.yaml with paths resolved.
func loadFixture(t *testing.T) clientcmdapi.Config {
	t.Helper()
	cfg, err := (&ClientConfigLoadingRules{ExplicitPath: "testdata/clientconfig.yaml"}).Load()
	require.NoError(t, err)
	return *cfg
}

func TestClientConfigFromKubeconfig(t *testing.T) {
	cfg := loadFixture(t)
	tokenPath := abs(t, "testdata/tls/token")

	tests := []struct {
		context string
		check   func(t *testing.T, rc *restclient.Config)
	}{
		{"full", func(t *testing.T, rc *restclient.Config) {
			assert.Equal(t, "https://api.example.com:6443/prefix", rc.Host, "query and fragment dropped, path kept")
			assert.Equal(t, []byte("CA-DATA"), rc.CAData)
			assert.Equal(t, "api.internal", rc.ServerName)
			assert.Equal(t, []byte("CERT"), rc.CertData)
			assert.Equal(t, []byte("KEY"), rc.KeyData)
			assert.True(t, rc.DisableCompression)
			assert.False(t, rc.Insecure)
			assert.Equal(t, restclient.ImpersonationConfig{UserName: "alice", UID: "uid-1", Groups: []string{"g1", "g2"},
				Extra: map[string][]string{"scopes": {"s1"}}}, rc.Impersonate)
			require.NotNil(t, rc.Proxy)
			req, _ := http.NewRequest(http.MethodGet, "https://api.example.com", nil)
			u, err := rc.Proxy(req)
			require.NoError(t, err)
			assert.Equal(t, "socks5://proxy.example.com:1080", u.String())
		}},
		{"token", func(t *testing.T, rc *restclient.Config) {
			assert.Equal(t, "inline-token", rc.BearerToken, "inline token wins")
			assert.Equal(t, tokenPath, rc.BearerTokenFile, "file kept for rotation, resolved against the kubeconfig dir")
			assert.True(t, rc.Insecure)
		}},
		{"tokenfile", func(t *testing.T, rc *restclient.Config) {
			assert.Equal(t, "file-token", rc.BearerToken, "token file read")
			assert.Equal(t, tokenPath, rc.BearerTokenFile)
		}},
		{"basic", func(t *testing.T, rc *restclient.Config) {
			assert.Equal(t, "admin", rc.Username)
			assert.Equal(t, "hunter2", rc.Password)
		}},
		{"exec", func(t *testing.T, rc *restclient.Config) {
			require.NotNil(t, rc.ExecProvider)
			assert.Equal(t, "/usr/bin/get-token", rc.ExecProvider.Command)
			assert.Equal(t, []string{"--flag"}, rc.ExecProvider.Args)
			assert.Equal(t, clientcmdapi.NeverExecInteractiveMode, rc.ExecProvider.InteractiveMode)
			assert.Equal(t, "install U+001B[31mitU+001B[0m", rc.ExecProvider.InstallHint, "escape codes neutralised")
			require.NotNil(t, rc.ExecProvider.Config, "cluster exec extension is passed to the plugin")
			assert.Equal(t, "install \x1b[31mit\x1b[0m", cfg.AuthInfos["exec-user"].Exec.InstallHint, "source config untouched")
		}},
		{"provider", func(t *testing.T, rc *restclient.Config) {
			require.NotNil(t, rc.AuthProvider)
			assert.Equal(t, "oidc", rc.AuthProvider.Name)
			assert.NotNil(t, rc.AuthConfigPersister)
		}},
		{"plain", func(t *testing.T, rc *restclient.Config) {
			assert.Equal(t, "http://insecure.example.com:8080", rc.Host)
			assert.Empty(t, rc.BearerToken, "credentials are only attached for https servers")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.context, func(t *testing.T) {
			rc, err := NewNonInteractiveClientConfig(cfg, tt.context, &ConfigOverrides{}, &ClientConfigLoadingRules{}).ClientConfig()
			require.NoError(t, err)
			tt.check(t, rc)
		})
	}
}

func TestOverridePrecedence(t *testing.T) {
	cfg := loadFixture(t)
	tests := []struct {
		name      string
		context   string
		overrides ConfigOverrides
		check     func(t *testing.T, rc *restclient.Config)
		namespace string
		overrode  bool
	}{
		{name: "no overrides", context: "full",
			check:     func(t *testing.T, rc *restclient.Config) { assert.Equal(t, "api.internal", rc.ServerName) },
			namespace: "team-a"},
		{name: "namespace override beats context", context: "full",
			overrides: ConfigOverrides{Context: clientcmdapi.Context{Namespace: "flag-ns"}},
			check:     func(t *testing.T, rc *restclient.Config) { assert.NotEmpty(t, rc.CertData) },
			namespace: "flag-ns", overrode: true},
		{name: "current-context override beats contextName", context: "full",
			overrides: ConfigOverrides{CurrentContext: "basic"},
			check:     func(t *testing.T, rc *restclient.Config) { assert.Equal(t, "admin", rc.Username) },
			namespace: "default"},
		{name: "server override clears tls-server-name", context: "full",
			overrides: ConfigOverrides{ClusterInfo: clientcmdapi.Cluster{Server: "https://other:443"}},
			check: func(t *testing.T, rc *restclient.Config) {
				assert.Equal(t, "https://other:443", rc.Host)
				assert.Empty(t, rc.ServerName)
				assert.Equal(t, []byte("CA-DATA"), rc.CAData, "CA kept")
			}, namespace: "team-a"},
		{name: "insecure override drops CA", context: "full",
			overrides: ConfigOverrides{ClusterInfo: clientcmdapi.Cluster{InsecureSkipTLSVerify: true}},
			check: func(t *testing.T, rc *restclient.Config) {
				assert.True(t, rc.Insecure)
				assert.Empty(t, rc.CAData)
			}, namespace: "team-a"},
		{name: "token override alongside cert", context: "full",
			overrides: ConfigOverrides{AuthInfo: clientcmdapi.AuthInfo{Token: "flag-token"}},
			check: func(t *testing.T, rc *restclient.Config) {
				assert.Equal(t, "flag-token", rc.BearerToken)
			}, namespace: "team-a"},
		{name: "client cert override replaces data", context: "full",
			overrides: ConfigOverrides{AuthInfo: clientcmdapi.AuthInfo{ClientCertificate: "/flag/cert", ClientKey: "/flag/key"}},
			check:     nil, namespace: "", overrode: false},
		{name: "user and cluster chosen by flags", context: "full",
			overrides: ConfigOverrides{Context: clientcmdapi.Context{AuthInfo: "basic-user", Cluster: "insecure"}},
			check: func(t *testing.T, rc *restclient.Config) {
				assert.Equal(t, "https://insecure.example.com", rc.Host)
				assert.Equal(t, "admin", rc.Username)
				assert.Empty(t, rc.CertData)
			}, namespace: "team-a"},
		{name: "timeout", context: "full", overrides: ConfigOverrides{Timeout: "90"},
			check:     func(t *testing.T, rc *restclient.Config) { assert.Equal(t, 90*time.Second, rc.Timeout) },
			namespace: "team-a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cc := NewNonInteractiveClientConfig(cfg, tt.context, &tt.overrides, nil)
			rc, err := cc.ClientConfig()
			if tt.check == nil {
				// The overridden cert files do not exist: validation names them.
				require.Error(t, err)
				assert.Contains(t, err.Error(), "/flag/cert")
				return
			}
			require.NoError(t, err)
			tt.check(t, rc)
			ns, overridden, err := cc.Namespace()
			require.NoError(t, err)
			assert.Equal(t, tt.namespace, ns)
			assert.Equal(t, tt.overrode, overridden)
		})
	}
}

func TestMergedRawConfig(t *testing.T) {
	cfg := loadFixture(t)
	cc := NewNonInteractiveClientConfig(cfg, "full", &ConfigOverrides{
		Context:     clientcmdapi.Context{Namespace: "flag-ns"},
		ClusterInfo: clientcmdapi.Cluster{Server: "https://flag:1"},
	}, nil)
	merged, err := cc.MergedRawConfig()
	require.NoError(t, err)
	assert.Equal(t, "full", merged.CurrentContext)
	assert.Equal(t, "flag-ns", merged.Contexts["full"].Namespace)
	assert.Equal(t, "https://flag:1", merged.Clusters["full"].Server)
	assert.Equal(t, "https://api.example.com:6443/prefix?query=1#frag", cfg.Clusters["full"].Server, "source untouched")
	raw, err := cc.RawConfig()
	require.NoError(t, err)
	assert.Equal(t, "team-a", raw.Contexts["full"].Namespace)
}

func TestClientConfigErrors(t *testing.T) {
	cfg := loadFixture(t)
	dangling, err := LoadFromFile("testdata/validation/dangling.yaml")
	require.NoError(t, err)

	tests := []struct {
		name      string
		config    clientcmdapi.Config
		context   string
		overrides ConfigOverrides
		contains  []string
		check     func(error) bool
	}{
		{name: "missing context override", config: cfg, overrides: ConfigOverrides{CurrentContext: "nope"},
			contains: []string{`context "nope" does not exist`}},
		{name: "missing user override", config: cfg, context: "full",
			overrides: ConfigOverrides{Context: clientcmdapi.Context{AuthInfo: "ghost"}},
			contains:  []string{`auth info "ghost" does not exist`}},
		{name: "missing cluster override", config: cfg, context: "full",
			overrides: ConfigOverrides{Context: clientcmdapi.Context{Cluster: "ghost"}},
			contains:  []string{`cluster "ghost" does not exist`}},
		{name: "context not in config", config: cfg, context: "ghost-ctx",
			contains: []string{"context was not found for specified context: ghost-ctx"}, check: IsContextNotFound},
		{name: "empty config", config: *clientcmdapi.NewConfig(),
			contains: []string{"no configuration has been provided"}, check: IsEmptyConfig},
		{name: "cluster without server names cluster and file", config: *dangling, context: "bad-refs",
			contains: []string{`no server found for cluster "no-server" in testdata/validation/dangling.yaml`,
				"more than one authentication method found for two-methods in testdata/validation/dangling.yaml"},
			check: IsConfigurationInvalid},
		{name: "bad timeout", config: cfg, context: "full", overrides: ConfigOverrides{Timeout: "soon"},
			contains: []string{"Invalid timeout value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewNonInteractiveClientConfig(tt.config, tt.context, &tt.overrides, nil).ClientConfig()
			require.Error(t, err)
			for _, s := range tt.contains {
				assert.Contains(t, err.Error(), s)
			}
			for _, secret := range []string{"super-secret-token", "super-secret-password", "hunter2", "inline-token"} {
				assert.NotContains(t, err.Error(), secret)
			}
			if tt.check != nil {
				assert.True(t, tt.check(err))
			}
		})
	}
}

func TestValidate(t *testing.T) {
	dangling, err := LoadFromFile("testdata/validation/dangling.yaml")
	require.NoError(t, err)
	file := "testdata/validation/dangling.yaml"

	err = Validate(*dangling)
	require.Error(t, err)
	assert.True(t, IsConfigurationInvalid(err))
	for _, want := range []string{
		`cluster "missing-cluster" was not found for context "dangling" in ` + file,
		`user "missing-user" was not found for context "dangling" in ` + file,
		`namespace "Not_A_Label" for context "bad-refs" in ` + file + " does not conform",
		`no server found for cluster "no-server" in ` + file,
		"more than one authentication method found for two-methods in " + file,
	} {
		assert.Contains(t, err.Error(), want)
	}
	assert.NotContains(t, err.Error(), "super-secret")

	err = ConfirmUsable(*dangling, "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `cluster "missing-cluster" was not found for context "dangling"`)
	assert.NotContains(t, err.Error(), "Not_A_Label", "only the chosen context is checked")

	assert.True(t, errors.Is(ConfirmUsable(clientcmdapi.Config{Contexts: map[string]*clientcmdapi.Context{"x": {}}}, ""), ErrNoContext))
	assert.True(t, IsEmptyConfig(Validate(*clientcmdapi.NewConfig())))
	assert.True(t, errors.Is(Validate(*clientcmdapi.NewConfig()), ErrEmptyConfig))
	assert.True(t, IsContextNotFound(ConfirmUsable(*dangling, "ghost")))
	assert.NoError(t, Validate(loadFixture(t)))

	assert.True(t, IsEmptyConfig(NewEmptyConfigError("x")))
	assert.False(t, IsEmptyConfig(errors.New("x")))
	assert.False(t, IsConfigurationInvalid(errors.New("x")))
	assert.False(t, IsContextNotFound(nil))
}

func TestValidateExec(t *testing.T) {
	base := func() clientcmdapi.AuthInfo {
		return clientcmdapi.AuthInfo{Exec: &clientcmdapi.ExecConfig{Command: "c", APIVersion: "v",
			InteractiveMode: clientcmdapi.NeverExecInteractiveMode}}
	}
	tests := []struct {
		name   string
		mutate func(*clientcmdapi.AuthInfo)
		want   string
	}{
		{"valid", func(*clientcmdapi.AuthInfo) {}, ""},
		{"no command", func(a *clientcmdapi.AuthInfo) { a.Exec.Command = "" }, "command must be specified for u"},
		{"no api version", func(a *clientcmdapi.AuthInfo) { a.Exec.APIVersion = "" }, "apiVersion must be specified for u"},
		{"no mode", func(a *clientcmdapi.AuthInfo) { a.Exec.InteractiveMode = "" }, "interactiveMode must be specified for u"},
		{"bad mode", func(a *clientcmdapi.AuthInfo) { a.Exec.InteractiveMode = "Sometimes" }, `invalid interactiveMode for u: "Sometimes"`},
		{"env without name", func(a *clientcmdapi.AuthInfo) { a.Exec.Env = []clientcmdapi.ExecEnvVar{{Value: "secret-env"}} }, "env variable name must be specified"},
		{"with auth provider", func(a *clientcmdapi.AuthInfo) { a.AuthProvider = &clientcmdapi.AuthProviderConfig{Name: "x"} }, "authProvider cannot be provided"},
		{"allowlist on allow-all", func(a *clientcmdapi.AuthInfo) {
			a.Exec.PluginPolicy = clientcmdapi.PluginPolicy{Allowlist: []clientcmdapi.AllowlistEntry{{Command: "x"}}}
		}, "allowlist is non-nil"},
		{"empty allowlist", func(a *clientcmdapi.AuthInfo) {
			a.Exec.PluginPolicy = clientcmdapi.PluginPolicy{PolicyType: clientcmdapi.PluginPolicyAllowlist, Allowlist: []clientcmdapi.AllowlistEntry{}}
		}, "allowlist is empty"},
		{"unknown policy", func(a *clientcmdapi.AuthInfo) { a.Exec.PluginPolicy.PolicyType = "Maybe" }, `unknown plugin policy: "Maybe"`},
		{"impersonation extras without user", func(a *clientcmdapi.AuthInfo) { a.ImpersonateGroups = []string{"g"} }, "without impersonating a user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := base()
			tt.mutate(&a)
			errs := validateAuthInfo("u", a)
			if tt.want == "" {
				assert.Empty(t, errs)
				return
			}
			require.NotEmpty(t, errs)
			assert.Contains(t, newErrConfigurationInvalid(errs).Error(), tt.want)
			assert.NotContains(t, newErrConfigurationInvalid(errs).Error(), "secret-env")
		})
	}
}

func TestNamespaceResolution(t *testing.T) {
	cfg := loadFixture(t)
	tests := []struct {
		name       string
		context    string
		override   string
		want       string
		overridden bool
	}{
		{"context namespace", "full", "", "team-a", false},
		{"no namespace means default", "basic", "", "default", false},
		{"override wins", "full", "x", "x", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ns, overridden, err := NewNonInteractiveClientConfig(cfg, tt.context,
				&ConfigOverrides{Context: clientcmdapi.Context{Namespace: tt.override}}, nil).Namespace()
			require.NoError(t, err)
			assert.Equal(t, tt.want, ns)
			assert.Equal(t, tt.overridden, overridden)
		})
	}
}

// fakeInCluster points the in-cluster service-account files at a temporary
// directory and sets the in-cluster environment variables.
func fakeInCluster(t *testing.T, namespace string) (tokenFile string) {
	t.Helper()
	dir := t.TempDir()
	tokenFile = filepath.Join(dir, "token")
	require.NoError(t, os.WriteFile(tokenFile, []byte("sa-token"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "ca.crt"), []byte("sa-ca"), 0o600))
	if namespace != "" {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "namespace"), []byte(namespace+"\n"), 0o600))
	}
	oldToken, oldNS := inClusterTokenFile, inClusterNamespaceFile
	inClusterTokenFile, inClusterNamespaceFile = tokenFile, filepath.Join(dir, "namespace")
	t.Cleanup(func() { inClusterTokenFile, inClusterNamespaceFile = oldToken, oldNS })
	t.Setenv("KUBERNETES_SERVICE_HOST", "10.0.0.1")
	t.Setenv("KUBERNETES_SERVICE_PORT", "443")
	t.Setenv("POD_NAMESPACE", "")
	return tokenFile
}

// inClusterProvider mimics rest.InClusterConfig over the fake files.
func inClusterProvider(tokenFile string) func() (*restclient.Config, error) {
	return func() (*restclient.Config, error) {
		tok, err := os.ReadFile(tokenFile)
		if err != nil {
			return nil, err
		}
		c := &restclient.Config{Host: "https://" + os.Getenv("KUBERNETES_SERVICE_HOST") + ":" + os.Getenv("KUBERNETES_SERVICE_PORT"),
			BearerToken: string(tok), BearerTokenFile: tokenFile}
		c.CAFile = filepath.Join(filepath.Dir(tokenFile), "ca.crt")
		return c, nil
	}
}

func newDeferredWithFakeInCluster(rules ClientConfigLoader, overrides *ConfigOverrides, tokenFile string) *DeferredLoadingClientConfig {
	cc := NewNonInteractiveDeferredLoadingClientConfig(rules, overrides).(*DeferredLoadingClientConfig)
	cc.icc = &inClusterClientConfig{overrides: overrides, inClusterConfigProvider: inClusterProvider(tokenFile)}
	return cc
}

func TestDeferredInClusterFallback(t *testing.T) {
	tokenFile := fakeInCluster(t, "pod-ns")
	missing := &ClientConfigLoadingRules{Precedence: []string{filepath.Join(t.TempDir(), "none")}}

	t.Run("no kubeconfig uses in-cluster config", func(t *testing.T) {
		cc := newDeferredWithFakeInCluster(missing, &ConfigOverrides{}, tokenFile)
		rc, err := cc.ClientConfig()
		require.NoError(t, err)
		assert.Equal(t, "https://10.0.0.1:443", rc.Host)
		assert.Equal(t, "sa-token", rc.BearerToken)
		ns, overridden, err := cc.Namespace()
		require.NoError(t, err)
		assert.Equal(t, "pod-ns", ns)
		assert.False(t, overridden)
	})
	t.Run("overrides apply to in-cluster config", func(t *testing.T) {
		ca := filepath.Join(filepath.Dir(tokenFile), "ca.crt")
		o := &ConfigOverrides{ClusterInfo: clientcmdapi.Cluster{Server: "https://override:6443", CertificateAuthority: ca},
			AuthInfo: clientcmdapi.AuthInfo{Token: "flag-token"}}
		icc := &inClusterClientConfig{overrides: o, inClusterConfigProvider: inClusterProvider(tokenFile)}
		require.True(t, icc.Possible())
		rc, err := icc.ClientConfig()
		require.NoError(t, err)
		assert.Equal(t, "https://override:6443", rc.Host)
		assert.Equal(t, "flag-token", rc.BearerToken)
		assert.Empty(t, rc.BearerTokenFile)
		assert.Equal(t, ca, rc.CAFile)
	})
	t.Run("POD_NAMESPACE wins over namespace file", func(t *testing.T) {
		t.Setenv("POD_NAMESPACE", "env-ns")
		ns, _, err := newDeferredWithFakeInCluster(missing, &ConfigOverrides{}, tokenFile).Namespace()
		require.NoError(t, err)
		assert.Equal(t, "env-ns", ns)
	})
	t.Run("kubeconfig present wins", func(t *testing.T) {
		rules := &ClientConfigLoadingRules{ExplicitPath: "testdata/clientconfig.yaml"}
		cc := newDeferredWithFakeInCluster(rules, &ConfigOverrides{}, tokenFile)
		rc, err := cc.ClientConfig()
		require.NoError(t, err)
		assert.Equal(t, "https://api.example.com:6443/prefix", rc.Host)
		ns, _, err := cc.Namespace()
		require.NoError(t, err)
		assert.Equal(t, "team-a", ns)
	})
	t.Run("kubeconfig context without namespace uses pod namespace", func(t *testing.T) {
		rules := &ClientConfigLoadingRules{ExplicitPath: "testdata/clientconfig.yaml"}
		ns, _, err := newDeferredWithFakeInCluster(rules, &ConfigOverrides{CurrentContext: "basic"}, tokenFile).Namespace()
		require.NoError(t, err)
		assert.Equal(t, "pod-ns", ns)
	})
	t.Run("namespace override wins in cluster", func(t *testing.T) {
		ns, overridden, err := newDeferredWithFakeInCluster(missing,
			&ConfigOverrides{Context: clientcmdapi.Context{Namespace: "flag"}}, tokenFile).Namespace()
		require.NoError(t, err)
		assert.Equal(t, "flag", ns)
		assert.True(t, overridden)
	})
	t.Run("in-cluster raw config is an error", func(t *testing.T) {
		_, err := (&inClusterClientConfig{}).RawConfig()
		require.Error(t, err)
		assert.NotNil(t, (&inClusterClientConfig{}).ConfigAccess())
	})
}

func TestDeferredWithoutInCluster(t *testing.T) {
	t.Setenv("KUBERNETES_SERVICE_HOST", "")
	missing := &ClientConfigLoadingRules{Precedence: []string{filepath.Join(t.TempDir(), "none")}}
	cc := NewNonInteractiveDeferredLoadingClientConfig(missing, &ConfigOverrides{})
	_, err := cc.ClientConfig()
	require.Error(t, err)
	assert.True(t, IsEmptyConfig(err))
	ns, _, err := cc.Namespace()
	assert.True(t, err == nil || IsEmptyConfig(err))
	assert.Equal(t, "", ns)
	assert.Equal(t, missing, cc.ConfigAccess())

	// Loading happens once: a file appearing later is not seen.
	cc = NewNonInteractiveDeferredLoadingClientConfig(&ClientConfigLoadingRules{ExplicitPath: "testdata/clientconfig.yaml"}, nil)
	raw, err := cc.RawConfig()
	require.NoError(t, err)
	assert.Equal(t, "full", raw.CurrentContext)
}

func TestBuildConfigFromFlags(t *testing.T) {
	t.Setenv("KUBERNETES_SERVICE_HOST", "")
	rc, err := BuildConfigFromFlags("", "testdata/clientconfig.yaml")
	require.NoError(t, err)
	assert.Equal(t, "https://api.example.com:6443/prefix", rc.Host)

	rc, err = BuildConfigFromFlags("https://master:6443", "testdata/clientconfig.yaml")
	require.NoError(t, err)
	assert.Equal(t, "https://master:6443", rc.Host)

	rc, err = BuildConfigFromFlags("http://master:8080", "")
	require.NoError(t, err)
	assert.Equal(t, "http://master:8080", rc.Host)

	// Neither flag and not in a pod: in-cluster fails, default loading finds nothing.
	_, err = BuildConfigFromFlags("", "")
	require.Error(t, err)
	assert.True(t, IsEmptyConfig(err), "got %v", err)

	_, err = BuildConfigFromFlags("", "testdata/missing-kubeconfig")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "testdata/missing-kubeconfig")

	getter := func() (*clientcmdapi.Config, error) { c := loadFixture(t); return &c, nil }
	rc, err = BuildConfigFromKubeconfigGetter("", getter)
	require.NoError(t, err)
	assert.Equal(t, []byte("CERT"), rc.CertData)
	_, err = BuildConfigFromKubeconfigGetter("", func() (*clientcmdapi.Config, error) { return nil, errors.New("boom") })
	require.EqualError(t, err, "boom")
}

func TestRESTConfigFromKubeConfig(t *testing.T) {
	data, err := os.ReadFile("testdata/clientconfig.yaml")
	require.NoError(t, err)
	rc, err := RESTConfigFromKubeConfig(data)
	require.NoError(t, err)
	assert.Equal(t, "api.internal", rc.ServerName)

	_, err = RESTConfigFromKubeConfig([]byte("clusters: [[["))
	require.Error(t, err)

	cc, err := NewClientConfigFromBytes(data)
	require.NoError(t, err)
	assert.Nil(t, cc.ConfigAccess())
}

func TestInteractivePrompt(t *testing.T) {
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["c"] = &clientcmdapi.Cluster{Server: "https://c"}
	cfg.AuthInfos["nobody"] = &clientcmdapi.AuthInfo{}
	cfg.Contexts["ctx"] = &clientcmdapi.Context{Cluster: "c", AuthInfo: "nobody"}
	cfg.CurrentContext = "ctx"
	cc := NewInteractiveClientConfig(*cfg, "", &ConfigOverrides{}, strings.NewReader("typed-user\ntyped-pass\n"), nil)
	rc, err := cc.ClientConfig()
	require.NoError(t, err)
	assert.Equal(t, "typed-user", rc.Username)
	assert.Equal(t, "typed-pass", rc.Password)
	rc, err = cc.ClientConfig()
	require.NoError(t, err)
	assert.Equal(t, "typed-user", rc.Username, "answers are remembered")

	_, err = NewInteractiveClientConfig(*cfg, "", &ConfigOverrides{}, strings.NewReader(""), nil).ClientConfig()
	require.ErrorContains(t, err, "error reading input for Username")
}

func TestDefaultClientConfig(t *testing.T) {
	rc, err := DefaultClientConfig.ClientConfig()
	require.NoError(t, err)
	assert.Equal(t, ClusterDefaults.Server, rc.Host)
	rules := &ClientConfigLoadingRules{DefaultClientConfig: &DefaultClientConfig}
	assert.True(t, rules.IsDefaultConfig(rc))
	assert.False(t, rules.IsDefaultConfig(&restclient.Config{Host: "https://other"}))
	assert.False(t, (&ClientConfigLoadingRules{}).IsDefaultConfig(rc))
}

func TestParseTimeout(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"0", 0, false}, {"30", 30 * time.Second, false}, {"2m", 2 * time.Minute, false},
		{"1h30m", 90 * time.Minute, false}, {"-1", 0, true}, {"abc", 0, true}, {"", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseTimeout(tt.in)
		if tt.wantErr {
			assert.Error(t, err, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
}

func TestProxyURLValidation(t *testing.T) {
	errs := validateClusterInfo("c", clientcmdapi.Cluster{Server: "https://s", ProxyURL: "ftp://user:pw-secret@proxy"})
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), `unsupported scheme "ftp"`)
	assert.NotContains(t, errs[0].Error(), "pw-secret")
}
