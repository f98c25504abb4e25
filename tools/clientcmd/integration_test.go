package clientcmd_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/internal/testcluster"
	restclient "github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/clientcmd"
	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
)

// TestMain starts one local etcd + kube-apiserver for this test binary
// (nothing under -short).
func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

// get performs an authenticated, TLS-verified GET against the cluster.
func get(t *testing.T, cfg *restclient.Config, path string) (int, string) {
	t.Helper()
	client, err := restclient.HTTPClientFor(cfg)
	require.NoError(t, err)
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, cfg.Host+path, nil)
	require.NoError(t, err)
	resp, err := client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

func TestIntegrationKubeconfigFromKUBECONFIG(t *testing.T) {
	c := testcluster.Get(t)
	t.Setenv(clientcmd.RecommendedConfigPathEnvVar, c.KubeconfigPath)

	cc := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		clientcmd.NewDefaultClientConfigLoadingRules(), &clientcmd.ConfigOverrides{})
	cfg, err := cc.ClientConfig()
	require.NoError(t, err)
	assert.Equal(t, c.Host, cfg.Host)
	assert.False(t, cfg.Insecure, "TLS is verified")
	assert.True(t, len(cfg.CAData) > 0 || cfg.CAFile != "", "CA comes from the kubeconfig")

	raw, err := cc.RawConfig()
	require.NoError(t, err)
	assert.Equal(t, "kclient-local", raw.CurrentContext)

	status, body := get(t, cfg, "/api/v1/namespaces/default")
	require.Equal(t, http.StatusOK, status, "client certificate from the kubeconfig authenticates: %s", body)

	status, body = get(t, cfg, "/version")
	require.Equal(t, http.StatusOK, status, body)
	assert.Contains(t, body, "gitVersion")

	ns, overridden, err := cc.Namespace()
	require.NoError(t, err)
	assert.Equal(t, "default", ns)
	assert.False(t, overridden)
}

// A kubeconfig written next to its CA and token file, with relative paths,
// works from any working directory.
func TestIntegrationRelativePathsAndToken(t *testing.T) {
	c := testcluster.Get(t)
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "pki"), 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "pki", "ca.crt"), c.CAData, 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "token"), []byte(c.Token), 0o600))

	kc := clientcmdapi.NewConfig()
	kc.Clusters["local"] = &clientcmdapi.Cluster{Server: c.Host, CertificateAuthority: "pki/ca.crt"}
	kc.AuthInfos["tok"] = &clientcmdapi.AuthInfo{TokenFile: "token"}
	kc.Contexts["local"] = &clientcmdapi.Context{Cluster: "local", AuthInfo: "tok", Namespace: "kube-system"}
	kc.CurrentContext = "local"
	path := filepath.Join(dir, "config")
	require.NoError(t, clientcmd.WriteToFile(*kc, path))

	cc := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		&clientcmd.ClientConfigLoadingRules{ExplicitPath: path}, &clientcmd.ConfigOverrides{})
	cfg, err := cc.ClientConfig()
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "pki", "ca.crt"), cfg.CAFile)
	assert.Equal(t, filepath.Join(dir, "token"), cfg.BearerTokenFile)
	assert.Equal(t, c.Token, cfg.BearerToken)

	status, body := get(t, cfg, "/api/v1/namespaces/kube-system")
	require.Equal(t, http.StatusOK, status, body)
	ns, _, err := cc.Namespace()
	require.NoError(t, err)
	assert.Equal(t, "kube-system", ns)

	// BuildConfigFromFlags with the same file and a --master override.
	cfg, err = clientcmd.BuildConfigFromFlags(c.Host, path)
	require.NoError(t, err)
	status, _ = get(t, cfg, "/version")
	assert.Equal(t, http.StatusOK, status)
}

// A kubeconfig whose CA does not match the server must fail the TLS handshake.
func TestIntegrationWrongCAFails(t *testing.T) {
	c := testcluster.Get(t)
	data, err := os.ReadFile(c.KubeconfigPath)
	require.NoError(t, err)
	kc, err := clientcmd.Load(data)
	require.NoError(t, err)
	for _, cl := range kc.Clusters {
		cl.CertificateAuthority = ""
		cl.CertificateAuthorityData = newUnrelatedCA(t)
	}
	out, err := clientcmd.Write(*kc)
	require.NoError(t, err)
	cfg, err := clientcmd.RESTConfigFromKubeConfig(out)
	require.NoError(t, err)
	client, err := restclient.HTTPClientFor(cfg)
	require.NoError(t, err)
	resp, err := client.Get(cfg.Host + "/version")
	if resp != nil {
		resp.Body.Close()
	}
	require.Error(t, err)
	assert.Contains(t, err.Error(), "certificate")
}

// newUnrelatedCA returns a freshly generated self-signed CA certificate (PEM)
// that did not sign the test cluster's serving certificate.
func newUnrelatedCA(t *testing.T) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "unrelated-ca"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}
