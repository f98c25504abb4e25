package clientcmd

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime"

	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
)

// Hand-built configs may hold nil entries; no function may panic on them.
func TestNilEntriesDoNotPanic(t *testing.T) {
	cfg := clientcmdapi.Config{
		CurrentContext: "c",
		Clusters:       map[string]*clientcmdapi.Cluster{"c": nil},
		AuthInfos:      map[string]*clientcmdapi.AuthInfo{"u": nil},
		Contexts:       map[string]*clientcmdapi.Context{"c": nil},
		Extensions:     map[string]runtime.Object{"e": nil},
	}
	assert.NotPanics(t, func() {
		_, err := Write(cfg)
		assert.NoError(t, err)
		assert.Error(t, Validate(cfg))
		assert.Error(t, ConfirmUsable(cfg, ""))
		_, err = NewNonInteractiveClientConfig(cfg, "", &ConfigOverrides{}, nil).ClientConfig()
		assert.Error(t, err)
		_, _, _ = NewNonInteractiveClientConfig(cfg, "", &ConfigOverrides{}, nil).Namespace()
		_ = ResolveLocalPaths(&cfg)
		_ = ResolveConfigPaths(&cfg, "/")
		_ = clientcmdapi.FlattenConfig(&cfg)
		_ = clientcmdapi.MinifyConfig(&cfg)
		clientcmdapi.ShortenConfig(&cfg)
		_ = clientcmdapi.RedactSecrets(&cfg)
		_ = cfg.DeepCopy()
	})
	data, err := Write(cfg)
	require.NoError(t, err)
	back, err := Load(data)
	require.NoError(t, err)
	assert.Contains(t, back.Clusters, "c", "a nil entry is written as an empty one")
}
