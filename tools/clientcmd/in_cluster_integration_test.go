package clientcmd

import (
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/internal/testcluster"
	restclient "github.com/kclient/kclient/rest"
)

// With no kubeconfig anywhere, a deferred client config inside a "pod"
// (service env vars plus a service-account directory holding the cluster's
// token and CA) talks to the real apiserver with verified TLS.
func TestInClusterFallbackAgainstCluster(t *testing.T) {
	c := testcluster.Get(t)
	u, err := url.Parse(c.Host)
	require.NoError(t, err)
	host, port, err := net.SplitHostPort(u.Host)
	require.NoError(t, err)

	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	require.NoError(t, os.WriteFile(tokenFile, []byte(c.Token), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "ca.crt"), c.CAData, 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "namespace"), []byte("kube-system"), 0o600))
	oldToken, oldNS := inClusterTokenFile, inClusterNamespaceFile
	inClusterTokenFile, inClusterNamespaceFile = tokenFile, filepath.Join(dir, "namespace")
	t.Cleanup(func() { inClusterTokenFile, inClusterNamespaceFile = oldToken, oldNS })
	t.Setenv("KUBERNETES_SERVICE_HOST", host)
	t.Setenv("KUBERNETES_SERVICE_PORT", port)
	t.Setenv("POD_NAMESPACE", "")
	t.Setenv(RecommendedConfigPathEnvVar, filepath.Join(dir, "no-kubeconfig"))

	rules := NewDefaultClientConfigLoadingRules()
	rules.MigrationRules = nil
	cc := newDeferredWithFakeInCluster(rules, &ConfigOverrides{}, tokenFile)
	cfg, err := cc.ClientConfig()
	require.NoError(t, err)
	assert.Equal(t, c.Host, cfg.Host)

	client, err := restclient.HTTPClientFor(cfg)
	require.NoError(t, err)
	resp, err := client.Get(cfg.Host + "/api/v1/namespaces/kube-system")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	ns, overridden, err := cc.Namespace()
	require.NoError(t, err)
	assert.Equal(t, "kube-system", ns)
	assert.False(t, overridden)
}
