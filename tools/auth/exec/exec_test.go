package exec

import (
	"encoding/base64"
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/pkg/apis/clientauthentication/v1"
	"github.com/kclient/kclient/pkg/apis/clientauthentication/v1beta1"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

func credential(apiVersion, cluster string) string {
	spec := `"interactive": false`
	if cluster != "" {
		spec = `"cluster": ` + cluster
	}
	return fmt.Sprintf(`{"apiVersion":%q,"kind":"ExecCredential","spec":{%s}}`, apiVersion, spec)
}

func TestLoadExecCredential(t *testing.T) {
	ca := base64.StdEncoding.EncodeToString([]byte("ca-bytes"))
	full := `{"server":"https://example.test:6443","tls-server-name":"api.internal","certificate-authority-data":"` + ca +
		`","proxy-url":"http://proxy.test:3128","disable-compression":true,"insecure-skip-tls-verify":false}`
	tests := []struct {
		name     string
		data     string
		wantType interface{}
		wantErr  string
	}{
		{name: "v1", data: credential("client.authentication.k8s.io/v1", full), wantType: &v1.ExecCredential{}},
		{name: "v1beta1", data: credential("client.authentication.k8s.io/v1beta1", full), wantType: &v1beta1.ExecCredential{}},
		{name: "no cluster", data: credential("client.authentication.k8s.io/v1", ""), wantErr: "ExecCredential does not contain cluster information"},
		{name: "bad proxy", data: credential("client.authentication.k8s.io/v1", `{"server":"https://x","proxy-url":"http://[::1"}`), wantErr: "cannot create rest.Config: cannot parse proxy URL"},
		{name: "other kind", data: `{"apiVersion":"client.authentication.k8s.io/v1","kind":"Cluster"}`, wantErr: "decode:"},
		{name: "unknown group", data: `{"apiVersion":"v1","kind":"Pod"}`, wantErr: "decode:"},
		{name: "not JSON", data: `{{{`, wantErr: "decode:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj, cfg, err := LoadExecCredential([]byte(tt.data))
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				assert.Nil(t, obj)
				assert.Nil(t, cfg)
				return
			}
			require.NoError(t, err)
			assert.IsType(t, tt.wantType, obj)
			assert.Equal(t, "https://example.test:6443", cfg.Host)
			assert.Equal(t, "api.internal", cfg.ServerName)
			assert.Equal(t, []byte("ca-bytes"), cfg.CAData)
			assert.True(t, cfg.DisableCompression)
			require.NotNil(t, cfg.Proxy)
			assert.Empty(t, cfg.BearerToken, "no credentials")
			assert.Nil(t, cfg.ExecProvider)
		})
	}
}

func TestLoadExecCredentialFromEnv(t *testing.T) {
	t.Setenv(execInfoEnv, "")
	_, _, err := LoadExecCredentialFromEnv()
	require.EqualError(t, err, "KUBERNETES_EXEC_INFO env var is unset or empty")

	t.Setenv(execInfoEnv, credential("client.authentication.k8s.io/v1", `{"server":"https://env.test"}`))
	_, cfg, err := LoadExecCredentialFromEnv()
	require.NoError(t, err)
	assert.Equal(t, "https://env.test", cfg.Host)
}

// TestIntegrationConfigReachesCluster plays the plugin: the cluster
// information a client would pass yields a config that verifies the real
// apiserver's certificate; the plugin adds its own credentials.
func TestIntegrationConfigReachesCluster(t *testing.T) {
	c := testcluster.Get(t)
	cluster := fmt.Sprintf(`{"server":%q,"certificate-authority-data":%q}`, c.Host, base64.StdEncoding.EncodeToString(c.CAData))
	_, cfg, err := LoadExecCredential([]byte(credential("client.authentication.k8s.io/v1", cluster)))
	require.NoError(t, err)
	cfg.CertData, cfg.KeyData = c.ClientCertData, c.ClientKeyData
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	require.NoError(t, err)
	v, err := dc.ServerVersion()
	require.NoError(t, err)
	assert.NotEmpty(t, v.GitVersion)
}
