package v1

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/tools/clientcmd/api"
)

func newScheme(t *testing.T) *runtime.Scheme {
	s := runtime.NewScheme()
	require.NoError(t, api.AddToScheme(s))
	require.NoError(t, AddToScheme(s))
	return s
}

func TestConvertRoundTrip(t *testing.T) {
	s := newScheme(t)
	in := &Config{
		CurrentContext: "ctx",
		Preferences:    Preferences{Colors: true},
		Clusters:       []NamedCluster{{Name: "b", Cluster: Cluster{Server: "https://b"}}, {Name: "a", Cluster: Cluster{Server: "https://a", InsecureSkipTLSVerify: true}}},
		AuthInfos: []NamedAuthInfo{{Name: "u", AuthInfo: AuthInfo{Token: "t", Impersonate: "x", ImpersonateGroups: []string{"g"},
			Exec: &ExecConfig{Command: "c", APIVersion: "client.authentication.k8s.io/v1", Env: []ExecEnvVar{{Name: "n", Value: "v"}}, InteractiveMode: AlwaysExecInteractiveMode}}}},
		Contexts:   []NamedContext{{Name: "ctx", Context: Context{Cluster: "a", AuthInfo: "u", Namespace: "ns"}}},
		Extensions: []NamedExtension{{Name: "ext", Extension: runtime.RawExtension{Raw: []byte(`{"k":"v"}`)}}},
	}
	internal := api.NewConfig()
	require.NoError(t, s.Convert(in, internal, nil))
	assert.Equal(t, "https://a", internal.Clusters["a"].Server)
	assert.True(t, internal.Clusters["a"].InsecureSkipTLSVerify)
	assert.Equal(t, "x", internal.AuthInfos["u"].Impersonate)
	assert.Equal(t, api.AlwaysExecInteractiveMode, internal.AuthInfos["u"].Exec.InteractiveMode)
	assert.Equal(t, []api.ExecEnvVar{{Name: "n", Value: "v"}}, internal.AuthInfos["u"].Exec.Env)
	assert.Equal(t, "ns", internal.Contexts["ctx"].Namespace)
	assert.True(t, internal.Preferences.Colors)
	require.Contains(t, internal.Extensions, "ext")

	out := &Config{}
	require.NoError(t, s.Convert(internal, out, nil))
	assert.Equal(t, "a", out.Clusters[0].Name, "lists are sorted by name")
	assert.Equal(t, "b", out.Clusters[1].Name)
	assert.Equal(t, in.AuthInfos, out.AuthInfos)
	assert.Equal(t, in.Contexts, out.Contexts)
	assert.JSONEq(t, `{"k":"v"}`, string(out.Extensions[0].Extension.Raw))
}

func TestConvertDuplicateNames(t *testing.T) {
	s := newScheme(t)
	tests := []struct {
		name string
		in   *Config
		want string
	}{
		{"clusters", &Config{Clusters: []NamedCluster{{Name: "x"}, {Name: "x"}}}, `[]NamedCluster into *map[string]*api.Cluster: duplicate name "x" in list`},
		{"users", &Config{AuthInfos: []NamedAuthInfo{{Name: "x", AuthInfo: AuthInfo{Token: "secret-1"}}, {Name: "x", AuthInfo: AuthInfo{Token: "secret-2"}}}}, `duplicate name "x" in list`},
		{"contexts", &Config{Contexts: []NamedContext{{Name: "x"}, {Name: "x"}}}, `duplicate name "x" in list`},
		{"extensions", &Config{Extensions: []NamedExtension{
			{Name: "x", Extension: runtime.RawExtension{Raw: []byte("{}")}}, {Name: "x", Extension: runtime.RawExtension{Raw: []byte("{}")}}}},
			`duplicate name "x" in list`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.Convert(tt.in, api.NewConfig(), nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "secret")
		})
	}
}

func TestSetDefaultsExecConfig(t *testing.T) {
	tests := []struct {
		apiVersion string
		mode       ExecInteractiveMode
		want       ExecInteractiveMode
	}{
		{"client.authentication.k8s.io/v1alpha1", "", IfAvailableExecInteractiveMode},
		{"client.authentication.k8s.io/v1beta1", "", IfAvailableExecInteractiveMode},
		{"client.authentication.k8s.io/v1", "", ""},
		{"client.authentication.k8s.io/v1beta1", NeverExecInteractiveMode, NeverExecInteractiveMode},
	}
	for _, tt := range tests {
		cfg := &Config{AuthInfos: []NamedAuthInfo{{Name: "u", AuthInfo: AuthInfo{Exec: &ExecConfig{APIVersion: tt.apiVersion, InteractiveMode: tt.mode}}}}}
		newScheme(t).Default(cfg)
		assert.Equal(t, tt.want, cfg.AuthInfos[0].AuthInfo.Exec.InteractiveMode, tt.apiVersion)
	}
}

func TestDeepCopy(t *testing.T) {
	in := &Config{Clusters: []NamedCluster{{Name: "a", Cluster: Cluster{CertificateAuthorityData: []byte("x")}}},
		AuthInfos: []NamedAuthInfo{{Name: "u", AuthInfo: AuthInfo{Exec: &ExecConfig{Args: []string{"a"}}, AuthProvider: &AuthProviderConfig{Config: map[string]string{"k": "v"}}}}}}
	out := in.DeepCopy()
	require.Equal(t, in, out)
	out.Clusters[0].Cluster.CertificateAuthorityData[0] = 'y'
	out.AuthInfos[0].AuthInfo.Exec.Args[0] = "b"
	out.AuthInfos[0].AuthInfo.AuthProvider.Config["k"] = "w"
	assert.Equal(t, byte('x'), in.Clusters[0].Cluster.CertificateAuthorityData[0])
	assert.Equal(t, "a", in.AuthInfos[0].AuthInfo.Exec.Args[0])
	assert.Equal(t, "v", in.AuthInfos[0].AuthInfo.AuthProvider.Config["k"])
	assert.Equal(t, runtime.Object(in.DeepCopy()), in.DeepCopyObject())
}
