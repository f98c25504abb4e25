package kubernetes_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/internal/testcluster"
)

// TestClientGoProgramCompiles checks the compatibility promise end to end: a
// program written for k8s.io/client-go (testdata/clientgo-program) builds
// after its import prefix is rewritten to github.com/kclient/kclient, and
// runs against the real cluster: a Deployment created, updated with
// RetryOnConflict, listed and deleted; node labels patched by strategic merge;
// pod labels patched with a JSON patch; NotFound still recognised.
func TestClientGoProgramCompiles(t *testing.T) {
	c := testcluster.Get(t)
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		t.Skipf("the go command is not available at %s: %v", goTool, err)
	}

	src, err := os.ReadFile(filepath.Join("testdata", "clientgo-program", "main.go"))
	require.NoError(t, err)
	require.Contains(t, string(src), `"k8s.io/client-go/kubernetes"`, "the fixture must be a client-go program")
	rewritten := strings.ReplaceAll(string(src), `"k8s.io/client-go/`, `"github.com/kclient/kclient/`)

	// A directory whose name starts with "_" belongs to this module (so the
	// program resolves kclient from this checkout) but is ignored by ./...
	dir, err := os.MkdirTemp(".", "_clientgo_program_")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte(rewritten), 0o644))

	binary := filepath.Join(t.TempDir(), "clientgo-program")
	build := exec.Command(goTool, "build", "-o", binary, "./"+filepath.ToSlash(dir))
	out, err := build.CombinedOutput()
	require.NoError(t, err, "the rewritten client-go program does not compile:\n%s", out)

	run := exec.Command(binary)
	run.Env = append(os.Environ(), "KUBECONFIG="+c.KubeconfigPath)
	out, err = run.CombinedOutput()
	require.NoError(t, err, "the rewritten client-go program failed:\n%s", out)
	require.Contains(t, string(out), "listed compat-web with 1 replica(s)")
	require.True(t, strings.HasSuffix(strings.TrimSpace(string(out)), "OK"), "output:\n%s", out)
}
