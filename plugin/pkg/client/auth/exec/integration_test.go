package exec_test

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/plugin/pkg/client/auth/exec"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/clientcmd/api"
	"github.com/kclient/kclient/transport"
)

// TestMain starts one real etcd and kube-apiserver for this test binary
// (unless -short).
func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

// writePlugin writes an executable that records KUBERNETES_EXEC_INFO and
// prints status as a client.authentication.k8s.io/v1 ExecCredential.
func writePlugin(t *testing.T, status map[string]string) (command, infoFile string) {
	t.Helper()
	dir := t.TempDir()
	out, err := json.Marshal(map[string]any{
		"apiVersion": "client.authentication.k8s.io/v1",
		"kind":       "ExecCredential",
		"status":     status,
	})
	require.NoError(t, err)
	outFile := filepath.Join(dir, "out.json")
	require.NoError(t, os.WriteFile(outFile, out, 0o600))
	infoFile = filepath.Join(dir, "info.json")
	command = filepath.Join(dir, "plugin.sh")
	script := "#!/bin/sh\nprintf '%s' \"$KUBERNETES_EXEC_INFO\" > '" + infoFile + "'\ncat '" + outFile + "'\n"
	require.NoError(t, os.WriteFile(command, []byte(script), 0o755))
	return command, infoFile
}

func execConfig(command string) *api.ExecConfig {
	return &api.ExecConfig{Command: command, APIVersion: "client.authentication.k8s.io/v1", InteractiveMode: api.NeverExecInteractiveMode}
}

func getAPI(t *testing.T, client *http.Client, host string) (int, string) {
	t.Helper()
	resp, err := client.Get(host + "/api")
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

func TestExecPluginAgainstCluster(t *testing.T) {
	c := testcluster.Get(t)

	tests := []struct {
		name     string
		status   func() map[string]string
		wantCode int
		wantBody string
	}{
		{name: "admin token", status: func() map[string]string { return map[string]string{"token": c.Token} }, wantCode: http.StatusOK, wantBody: `"kind":"APIVersions"`},
		{
			name: "admin client certificate",
			status: func() map[string]string {
				return map[string]string{"clientCertificateData": string(c.ClientCertData), "clientKeyData": string(c.ClientKeyData)}
			},
			wantCode: http.StatusOK, wantBody: `"kind":"APIVersions"`,
		},
		{name: "wrong token", status: func() map[string]string { return map[string]string{"token": "not-the-token"} }, wantCode: http.StatusUnauthorized, wantBody: "Unauthorized"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			command, _ := writePlugin(t, tt.status())
			a, err := exec.GetAuthenticator(execConfig(command), nil)
			require.NoError(t, err)
			cfg := &transport.Config{TLS: transport.TLSConfig{CAData: c.CAData}}
			require.NoError(t, a.UpdateTransportConfig(cfg))
			rt, err := transport.New(cfg)
			require.NoError(t, err)

			code, body := getAPI(t, &http.Client{Transport: rt}, c.Host)
			assert.Equal(t, tt.wantCode, code)
			assert.Contains(t, body, tt.wantBody)
		})
	}
}

func TestExecPluginThroughRestConfig(t *testing.T) {
	c := testcluster.Get(t)

	t.Run("token with cluster info", func(t *testing.T) {
		command, infoFile := writePlugin(t, map[string]string{"token": c.Token})
		ec := execConfig(command)
		ec.ProvideClusterInfo = true
		client, err := rest.HTTPClientFor(&rest.Config{Host: c.Host, TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData}, ExecProvider: ec})
		require.NoError(t, err)

		code, body := getAPI(t, client, c.Host)
		assert.Equal(t, http.StatusOK, code, body)

		info, err := os.ReadFile(infoFile)
		require.NoError(t, err)
		var cred struct {
			APIVersion string `json:"apiVersion"`
			Spec       struct {
				Interactive bool `json:"interactive"`
				Cluster     struct {
					Server string `json:"server"`
					CAData []byte `json:"certificate-authority-data"`
				} `json:"cluster"`
			} `json:"spec"`
		}
		require.NoError(t, json.Unmarshal(info, &cred))
		assert.Equal(t, "client.authentication.k8s.io/v1", cred.APIVersion)
		assert.False(t, cred.Spec.Interactive)
		assert.Equal(t, c.Host, cred.Spec.Cluster.Server)
		assert.Equal(t, c.CAData, cred.Spec.Cluster.CAData)
	})

	t.Run("wrong token", func(t *testing.T) {
		command, _ := writePlugin(t, map[string]string{"token": "wrong"})
		client, err := rest.HTTPClientFor(&rest.Config{Host: c.Host, TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData}, ExecProvider: execConfig(command)})
		require.NoError(t, err)
		code, body := getAPI(t, client, c.Host)
		assert.Equal(t, http.StatusUnauthorized, code)
		assert.True(t, strings.Contains(body, "Unauthorized"), body)
	})

	t.Run("missing plugin", func(t *testing.T) {
		ec := execConfig(filepath.Join(t.TempDir(), "absent"))
		ec.InstallHint = "install it from the intranet"
		client, err := rest.HTTPClientFor(&rest.Config{Host: c.Host, TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData}, ExecProvider: ec})
		require.NoError(t, err)
		_, err = client.Get(c.Host + "/api")
		require.Error(t, err)
		assert.Contains(t, err.Error(), "getting credentials: exec: executable "+ec.Command+" not found")
		assert.Contains(t, err.Error(), "install it from the intranet")
	})
}
