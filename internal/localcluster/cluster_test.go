package localcluster

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startTestCluster starts a private cluster for one test, or skips under -short.
func startTestCluster(t *testing.T) *Cluster {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test: needs the local kube-apiserver; run without -short")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	bins, err := EnsureBinaries(ctx, BuildOptions{Progress: os.Stderr})
	require.NoError(t, err)
	begin := time.Now()
	c, err := Start(ctx, Options{Binaries: bins})
	require.NoError(t, err)
	t.Logf("cluster started in %s at %s", time.Since(begin).Round(time.Millisecond), c.Host)
	t.Cleanup(func() { _ = c.Stop() })
	return c
}

// get performs GET host+path with client and an optional bearer token.
func get(t *testing.T, client *http.Client, url, token string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err == nil {
		t.Cleanup(func() { _ = resp.Body.Close() })
	}
	return resp, err
}

func TestCluster(t *testing.T) {
	c := startTestCluster(t)

	admin, err := c.HTTPClient()
	require.NoError(t, err)

	// A client that only trusts the cluster CA, without a client certificate.
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(c.CAData))
	tokenOnly := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}

	// A client that trusts a different CA.
	other, err := newPKI()
	require.NoError(t, err)
	otherPool := x509.NewCertPool()
	require.True(t, otherPool.AppendCertsFromPEM(other.caCert))
	wrongCA := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: otherPool}}}

	t.Run("version over verified TLS with the admin certificate", func(t *testing.T) {
		resp, err := get(t, admin, c.Host+"/version", "")
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		var v struct {
			GitVersion string `json:"gitVersion"`
		}
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&v))
		assert.Equal(t, KubeAPIServerVersion, v.GitVersion)
	})

	t.Run("client trusting another CA is rejected", func(t *testing.T) {
		_, err := get(t, wrongCA, c.Host+"/version", "")
		require.Error(t, err)
		var unknown x509.UnknownAuthorityError
		assert.True(t, errors.As(err, &unknown), "want an unknown-authority TLS error, got %v", err)
	})

	tokenCases := []struct {
		name  string
		token string
		want  int
	}{
		{"bad token is unauthorized", "not-the-token", http.StatusUnauthorized},
		{"admin token is accepted", c.Token, http.StatusOK},
	}
	for _, tc := range tokenCases {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := get(t, tokenOnly, c.Host+"/api/v1/namespaces", tc.token)
			require.NoError(t, err)
			assert.Equal(t, tc.want, resp.StatusCode)
		})
	}

	t.Run("admin certificate may list secrets (RBAC, system:masters)", func(t *testing.T) {
		resp, err := get(t, admin, c.Host+"/api/v1/secrets", "")
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, resp.StatusCode)
	})

	t.Run("kubeconfig and cluster.json are written and loadable", func(t *testing.T) {
		kc, err := os.ReadFile(c.KubeconfigPath)
		require.NoError(t, err)
		assert.Contains(t, string(kc), "server: "+c.Host)
		assert.Contains(t, string(kc), "current-context: "+KubeconfigContext)

		loaded, err := Load(c.Dir)
		require.NoError(t, err)
		assert.Equal(t, c.Host, loaded.Host)
		assert.Equal(t, c.Token, loaded.Token)
		assert.Equal(t, c.CAData, loaded.CAData)
		assert.True(t, loaded.Running())
		require.NoError(t, loaded.WaitReady(context.Background()))
		assert.Error(t, loaded.RestartAPIServer(context.Background()), "a loaded cluster must refuse to restart")
	})

	t.Run("RestartAPIServer keeps the port and data", func(t *testing.T) {
		oldPID := c.apiserver.pid
		begin := time.Now()
		require.NoError(t, c.RestartAPIServer(context.Background()))
		t.Logf("apiserver restarted in %s", time.Since(begin).Round(time.Millisecond))
		assert.NotEqual(t, oldPID, c.apiserver.pid)
		resp, err := get(t, admin, c.Host+"/api/v1/namespaces/default", "")
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, resp.StatusCode)
	})

	t.Run("Stop removes the directory and leaves no processes", func(t *testing.T) {
		etcd, apiserver := c.etcd, c.apiserver
		require.NoError(t, c.Stop())
		require.NoError(t, c.Stop(), "Stop is idempotent")
		_, err := os.Stat(c.Dir)
		assert.True(t, errors.Is(err, os.ErrNotExist), "cluster dir should be gone: %v", err)
		for _, p := range []*process{etcd, apiserver} {
			_, err := os.Stat("/proc/" + strconv.Itoa(p.pid))
			assert.True(t, errors.Is(err, os.ErrNotExist), "%s (pid %d) still exists", p.name, p.pid)
		}
		assert.False(t, c.Running())
	})
}

func TestStartFailureReportsLogTail(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test: needs the local kube-apiserver; run without -short")
	}
	ctx := context.Background()
	bins, err := EnsureBinaries(ctx, BuildOptions{})
	require.NoError(t, err)
	dir := t.TempDir() + "/cluster"
	var logs lockedBuffer
	_, err = Start(ctx, Options{
		Binaries:            bins,
		Dir:                 dir,
		Logs:                &logs,
		ExtraAPIServerFlags: []string{"--no-such-flag=1"},
		StartTimeout:        time.Minute,
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no-such-flag")
	assert.Contains(t, err.Error(), "last lines of")
	assert.NotContains(t, err.Error(), "PRIVATE KEY")
	assert.Contains(t, logs.String(), "[kube-apiserver] ", "Options.Logs gets the prefixed output")
	_, statErr := os.Stat(dir)
	assert.True(t, errors.Is(statErr, os.ErrNotExist), "failed start must clean up its directory")
}

func TestRemoveStaleTempDirs(t *testing.T) {
	base := t.TempDir()
	mk := func(name, owner string) string {
		dir := base + "/" + name
		require.NoError(t, os.MkdirAll(dir+"/pki", 0o700))
		if owner != "" {
			require.NoError(t, os.WriteFile(dir+"/"+ownerFile, []byte(owner), 0o600))
		}
		return dir
	}
	cases := []struct {
		name, dir, owner string
		kept             bool
	}{
		{"dead owner is removed", tempDirPrefix + "dead", "2147483646", false},
		{"live owner is kept", tempDirPrefix + "live", strconv.Itoa(os.Getppid()), true},
		{"no owner file is kept", tempDirPrefix + "new", "", true},
		{"garbage owner is kept", tempDirPrefix + "junk", "not-a-pid", true},
		{"other prefix is kept", "something-else", "2147483646", true},
	}
	for _, tc := range cases {
		mk(tc.dir, tc.owner)
	}
	removeStaleTempDirs(base)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := os.Stat(base + "/" + tc.dir)
			assert.Equal(t, tc.kept, err == nil, "stat: %v", err)
		})
	}
}
