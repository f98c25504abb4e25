package exec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/pkg/apis/clientauthentication"
	"github.com/kclient/kclient/tools/clientcmd/api"
)

const (
	v1        = "client.authentication.k8s.io/v1"
	v1beta1   = "client.authentication.k8s.io/v1beta1"
	v1alpha1  = "client.authentication.k8s.io/v1alpha1"
	dirEnvVar = "FAKE_PLUGIN_DIR"
)

// fakePluginScript is a real executable used as the credential plugin. It
// counts its runs, records its environment and standard input, prints
// out.N (or out) from its directory, writes stderr to standard error, and
// exits with the code in exit. If wait exists it first waits until the file
// release exists.
const fakePluginScript = `#!/bin/sh
d="$` + dirEnvVar + `"
echo run >> "$d/runs"
n=$(wc -l < "$d/runs" | tr -d ' ')
env > "$d/env.$n"
if [ -t 0 ]; then :; else cat > "$d/stdin.$n" 2>/dev/null; fi
if [ -f "$d/wait" ]; then
  while [ ! -f "$d/release" ]; do sleep 0.02; done
fi
if [ -f "$d/out.$n" ]; then cat "$d/out.$n"; elif [ -f "$d/out" ]; then cat "$d/out"; fi
if [ -f "$d/stderr" ]; then cat "$d/stderr" >&2; fi
if [ -f "$d/exit" ]; then exit "$(cat "$d/exit")"; fi
exit 0
`

// fakePlugin is a plugin executable with its own state directory.
type fakePlugin struct {
	t    *testing.T
	dir  string
	path string
}

func newFakePlugin(t *testing.T) *fakePlugin {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "plugin.sh")
	require.NoError(t, os.WriteFile(path, []byte(fakePluginScript), 0o755))
	p := &fakePlugin{t: t, dir: dir, path: path}
	// Never leave a waiting plugin behind.
	t.Cleanup(func() { p.write("release", "") })
	return p
}

func (p *fakePlugin) write(name, content string) {
	p.t.Helper()
	require.NoError(p.t, os.WriteFile(filepath.Join(p.dir, name), []byte(content), 0o644))
}

// output sets what every run prints.
func (p *fakePlugin) output(s string) { p.write("out", s) }

// outputFor sets what run n (1-based) prints.
func (p *fakePlugin) outputFor(n int, s string) { p.write("out."+strconv.Itoa(n), s) }

// runs returns how often the plugin ran.
func (p *fakePlugin) runs() int {
	data, err := os.ReadFile(filepath.Join(p.dir, "runs"))
	if os.IsNotExist(err) {
		return 0
	}
	require.NoError(p.t, err)
	return strings.Count(string(data), "\n")
}

// env returns the environment of run n.
func (p *fakePlugin) env(n int) map[string]string {
	p.t.Helper()
	data, err := os.ReadFile(filepath.Join(p.dir, "env."+strconv.Itoa(n)))
	require.NoError(p.t, err)
	out := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			out[k] = v
		}
	}
	return out
}

// execInfo decodes KUBERNETES_EXEC_INFO of run n.
func (p *fakePlugin) execInfo(n int) map[string]any {
	p.t.Helper()
	var info map[string]any
	require.NoError(p.t, json.Unmarshal([]byte(p.env(n)[execInfoEnv]), &info))
	return info
}

// config returns an exec config that runs the plugin.
func (p *fakePlugin) config(apiVersion string) *api.ExecConfig {
	return &api.ExecConfig{
		Command:         p.path,
		APIVersion:      apiVersion,
		Env:             []api.ExecEnvVar{{Name: dirEnvVar, Value: p.dir}},
		InteractiveMode: api.NeverExecInteractiveMode,
	}
}

// testAuthenticator builds an Authenticator outside the global cache whose
// standard error is captured and whose stdin is reported as a terminal when
// terminal is true.
func testAuthenticator(t *testing.T, cfg *api.ExecConfig, cluster *clientauthentication.Cluster, terminal bool) (*Authenticator, *bytes.Buffer) {
	t.Helper()
	a, err := newAuthenticator(newAuthenticatorCache(), func() bool { return terminal }, cfg, cluster)
	require.NoError(t, err)
	var stderr bytes.Buffer
	a.stderr = &stderr
	a.stdin = strings.NewReader("typed by the user")
	return a, &stderr
}

// credential renders an ExecCredential the way a plugin prints it.
func credential(apiVersion string, status map[string]any) string {
	obj := map[string]any{"apiVersion": apiVersion, "kind": "ExecCredential"}
	if status != nil {
		obj["status"] = status
	}
	data, err := json.Marshal(obj)
	if err != nil {
		panic(err)
	}
	return string(data)
}

func tokenCredential(apiVersion, token string) string {
	return credential(apiVersion, map[string]any{"token": token})
}

func expiringToken(apiVersion, token string, exp time.Time) string {
	return credential(apiVersion, map[string]any{"token": token, "expirationTimestamp": exp.UTC().Format(time.RFC3339)})
}

func certCredential(apiVersion string, certPEM, keyPEM []byte) string {
	return credential(apiVersion, map[string]any{"clientCertificateData": string(certPEM), "clientKeyData": string(keyPEM)})
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Sprintf("unexpected error: %v", err))
	}
	return v
}
