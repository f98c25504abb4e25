package api

import (
	"encoding/base64"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime"
)

func sample() *Config {
	c := NewConfig()
	c.CurrentContext = "a"
	c.Clusters["ca"] = &Cluster{Server: "https://a", CertificateAuthorityData: []byte("ca")}
	c.Clusters["cb"] = &Cluster{Server: "https://b"}
	c.AuthInfos["ua"] = &AuthInfo{Token: "tok", ClientKeyData: []byte("key"), ClientCertificateData: []byte("cert"), Password: "pw"}
	c.AuthInfos["ub"] = &AuthInfo{Username: "u"}
	c.Contexts["a"] = &Context{Cluster: "ca", AuthInfo: "ua"}
	c.Contexts["b"] = &Context{Cluster: "cb", AuthInfo: "ub"}
	return c
}

func TestMinifyConfig(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(*Config)
		wantErr string
	}{
		{"keeps current context only", func(*Config) {}, ""},
		{"no current context", func(c *Config) { c.CurrentContext = "" }, "current-context must exist in order to minify"},
		{"missing context", func(c *Config) { c.CurrentContext = "zz" }, "cannot locate context zz"},
		{"missing cluster", func(c *Config) { c.Contexts["a"].Cluster = "nope" }, "cannot locate cluster nope"},
		{"missing user", func(c *Config) { c.Contexts["a"].AuthInfo = "nope" }, "cannot locate user nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := sample()
			tt.mutate(c)
			err := MinifyConfig(c)
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
				assert.Len(t, c.Clusters, 2, "config untouched on error")
				return
			}
			require.NoError(t, err)
			assert.Len(t, c.Contexts, 1)
			assert.Contains(t, c.Clusters, "ca")
			assert.Len(t, c.Clusters, 1)
			assert.Contains(t, c.AuthInfos, "ua")
			assert.Len(t, c.AuthInfos, 1)
		})
	}
}

func TestShortenAndRedact(t *testing.T) {
	c := sample()
	ShortenConfig(c)
	assert.Equal(t, "DATA+OMITTED", b64(c.AuthInfos["ua"].ClientKeyData))
	assert.Equal(t, "DATA+OMITTED", b64(c.AuthInfos["ua"].ClientCertificateData))
	assert.Equal(t, "DATA+OMITTED", b64(c.Clusters["ca"].CertificateAuthorityData))
	assert.Equal(t, "REDACTED", c.AuthInfos["ua"].Token)
	assert.Equal(t, "pw", c.AuthInfos["ua"].Password, "shorten leaves passwords")
	assert.Nil(t, c.Clusters["cb"].CertificateAuthorityData)

	c = sample()
	require.NoError(t, RedactSecrets(c))
	assert.Equal(t, "REDACTED", c.AuthInfos["ua"].Token)
	assert.Equal(t, "REDACTED", c.AuthInfos["ua"].Password)
	assert.Equal(t, []byte("REDACTED"), c.AuthInfos["ua"].ClientKeyData)
	assert.Equal(t, []byte("cert"), c.AuthInfos["ua"].ClientCertificateData, "certificates are not secret")
	assert.Equal(t, "", c.AuthInfos["ub"].Token, "unset fields stay unset")
}

func TestFlattenConfig(t *testing.T) {
	c := NewConfig()
	origin := filepath.Join("testdata", "config")
	c.Clusters["c"] = &Cluster{LocationOfOrigin: origin, CertificateAuthority: "ca.crt"}
	c.AuthInfos["u"] = &AuthInfo{LocationOfOrigin: origin, ClientCertificate: "client.crt", ClientKey: "client.key"}
	require.NoError(t, FlattenConfig(c))
	assert.Equal(t, []byte("CA-PEM"), c.Clusters["c"].CertificateAuthorityData)
	assert.Empty(t, c.Clusters["c"].CertificateAuthority)
	assert.Equal(t, []byte("CERT-PEM"), c.AuthInfos["u"].ClientCertificateData)
	assert.Equal(t, []byte("KEY-PEM"), c.AuthInfos["u"].ClientKeyData)

	c.AuthInfos["u"].ClientKey = "client.key"
	require.ErrorContains(t, FlattenConfig(c), "cannot have values for both path and contents")
	c = NewConfig()
	c.Clusters["c"] = &Cluster{LocationOfOrigin: origin, CertificateAuthority: "missing.crt"}
	err := FlattenConfig(c)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `cluster "c" certificate-authority`)
}

func TestPathHelpers(t *testing.T) {
	assert.Equal(t, "", ResolvePath("", "/b"))
	assert.Equal(t, "/abs", ResolvePath("/abs", "/b"))
	assert.Equal(t, "/b/rel", ResolvePath("rel", "/b"))
	p, err := MakeAbs("rel", "/b")
	require.NoError(t, err)
	assert.Equal(t, "/b/rel", p)
	p, err = MakeAbs("rel", "")
	require.NoError(t, err)
	assert.True(t, filepath.IsAbs(p))
}

func TestIsConfigEmpty(t *testing.T) {
	assert.True(t, IsConfigEmpty(NewConfig()))
	assert.True(t, IsConfigEmpty(&Config{}))
	assert.False(t, IsConfigEmpty(sample()))
	assert.False(t, IsConfigEmpty(&Config{CurrentContext: "x"}))
	assert.False(t, IsConfigEmpty(&Config{Preferences: Preferences{Colors: true}}))
}

func TestDeepCopyIndependent(t *testing.T) {
	c := sample()
	c.AuthInfos["ua"].Exec = &ExecConfig{Command: "x", Args: []string{"a"}, Config: &runtime.Unknown{Raw: []byte("{}")}}
	c.AuthInfos["ua"].ImpersonateUserExtra = map[string][]string{"k": {"v"}}
	c.Extensions["e"] = &runtime.Unknown{Raw: []byte("1")}
	d := c.DeepCopy()
	assert.Equal(t, c, d)
	d.AuthInfos["ua"].Exec.Args[0] = "changed"
	d.AuthInfos["ua"].ImpersonateUserExtra["k"][0] = "changed"
	d.Clusters["ca"].CertificateAuthorityData[0] = 'X'
	d.Extensions["e"].(*runtime.Unknown).Raw[0] = '2'
	assert.Equal(t, "a", c.AuthInfos["ua"].Exec.Args[0])
	assert.Equal(t, "v", c.AuthInfos["ua"].ImpersonateUserExtra["k"][0])
	assert.Equal(t, byte('c'), c.Clusters["ca"].CertificateAuthorityData[0])
	assert.Equal(t, byte('1'), c.Extensions["e"].(*runtime.Unknown).Raw[0])
	var nilCfg *Config
	assert.Nil(t, nilCfg.DeepCopy())
	assert.Equal(t, runtime.Object(c.DeepCopy()), c.DeepCopyObject())
}

func TestStringersHideSecrets(t *testing.T) {
	ap := AuthProviderConfig{Name: "oidc", Config: map[string]string{"refresh-token": "secret-refresh"}}
	ex := ExecConfig{Command: "cmd", Args: []string{"--token=secret-arg"}, Env: []ExecEnvVar{{Name: "T", Value: "secret-env"}},
		Config: &runtime.Unknown{Raw: []byte("secret-cfg")}}
	for _, s := range []string{fmt.Sprint(ap), fmt.Sprintf("%#v", ap), fmt.Sprint(ex), fmt.Sprintf("%#v", ex), fmt.Sprintf("%+v", &ex)} {
		assert.NotContains(t, s, "secret")
		assert.Contains(t, s, "REDACTED")
	}
	assert.Contains(t, fmt.Sprint(ex), `Command: "cmd"`)
	assert.Contains(t, AuthProviderConfig{Name: "x"}.String(), "<nil>")
}

func TestObjectKind(t *testing.T) {
	c := &Config{}
	c.GetObjectKind().SetGroupVersionKind(SchemeGroupVersion.WithKind("Config"))
	assert.Equal(t, "Config", c.Kind)
	assert.Equal(t, SchemeGroupVersion.WithKind("Config"), c.GroupVersionKind())
	s := runtime.NewScheme()
	require.NoError(t, AddToScheme(s))
	assert.True(t, s.Recognizes(SchemeGroupVersion.WithKind("Config")))
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
