package latest

import (
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/tools/clientcmd/api"
)

func TestCodecRoundTrip(t *testing.T) {
	in := `apiVersion: v1
kind: Config
clusters:
- name: c1
  cluster:
    server: https://example.com
    certificate-authority-data: aGVsbG8=
    extensions:
    - name: client.authentication.k8s.io/exec
      extension:
        audience: abc
users:
- name: u1
  user:
    token: secret
    as: bob
    exec:
      command: foo
      apiVersion: client.authentication.k8s.io/v1beta1
contexts:
- name: ctx
  context:
    cluster: c1
    user: u1
    namespace: ns
current-context: ctx
`
	obj, _, err := Codec.Decode([]byte(in), nil, api.NewConfig())
	require.NoError(t, err)
	cfg := obj.(*api.Config)
	require.Equal(t, "https://example.com", cfg.Clusters["c1"].Server)
	require.Equal(t, []byte("hello"), cfg.Clusters["c1"].CertificateAuthorityData)
	require.Equal(t, "bob", cfg.AuthInfos["u1"].Impersonate)
	require.Equal(t, api.IfAvailableExecInteractiveMode, cfg.AuthInfos["u1"].Exec.InteractiveMode)
	require.Equal(t, "ns", cfg.Contexts["ctx"].Namespace)
	require.Contains(t, cfg.Clusters["c1"].Extensions, "client.authentication.k8s.io/exec")
	out, err := runtime.Encode(Codec, cfg)
	require.NoError(t, err)
	yaml := string(out)
	require.Contains(t, yaml, "current-context: ctx")
	require.Contains(t, yaml, "as: bob", "impersonation uses the v1 wire key")
	require.NotContains(t, yaml, "act-as")
	require.Contains(t, yaml, "interactiveMode: IfAvailable", "defaults are written back")
	require.NotContains(t, yaml, "preferences", "empty preferences are omitted")

	again, _, err := Codec.Decode(out, nil, api.NewConfig())
	require.NoError(t, err)
	require.Equal(t, cfg.AuthInfos["u1"], again.(*api.Config).AuthInfos["u1"])
	require.Equal(t, []string{"v1"}, Versions)
	require.Equal(t, Version, ExternalVersion.Version)
}
