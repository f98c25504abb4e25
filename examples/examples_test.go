// Package examples holds no code of its own: its test runs every example
// program the way `make demo` does, so that a broken tour fails `make test`.
package examples

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/internal/testcluster"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

// exampleTimeout bounds one example's run; each is meant to finish well
// within a minute.
const exampleTimeout = 2 * time.Minute

// TestExamplesRun builds every examples/<name>/main.go and runs it against the
// test cluster's kubeconfig with the arguments in examples/<name>/demo.args,
// as hack/demo.sh does. An example fails the test if it exits non-zero; its
// output is shown either way with -v, and on failure always.
func TestExamplesRun(t *testing.T) {
	c := testcluster.Get(t)
	names := exampleNames(t)
	require.NotEmpty(t, names, "no examples/*/main.go found")

	// One build command for all of them: the packages share the build cache
	// and link in parallel.
	bin := t.TempDir()
	pkgs := make([]string, len(names))
	for i, name := range names {
		pkgs[i] = "./" + name
	}
	build := exec.Command("go", append([]string{"build", "-o", bin + string(filepath.Separator)}, pkgs...)...)
	out, err := build.CombinedOutput()
	require.NoError(t, err, "building the examples:\n%s", out)

	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			args, err := demoArgs(filepath.Join(name, "demo.args"))
			require.NoError(t, err)
			ctx, cancel := context.WithTimeout(context.Background(), exampleTimeout)
			defer cancel()
			cmd := exec.CommandContext(ctx, filepath.Join(bin, name), args...)
			cmd.Env = append(os.Environ(), "KUBECONFIG="+c.KubeconfigPath)
			cmd.WaitDelay = 10 * time.Second
			start := time.Now()
			out, err := cmd.CombinedOutput()
			if ctx.Err() != nil {
				t.Fatalf("%s %v did not finish within %v:\n%s", name, args, exampleTimeout, out)
			}
			if err != nil {
				t.Fatalf("%s %v failed (%v):\n%s", name, args, err, out)
			}
			t.Logf("%s %v ran in %v:\n%s", name, args, time.Since(start).Round(time.Millisecond), out)
		})
	}
}

// TestDemoArgsSplitLikeDemoScript checks that demoArgs splits a demo.args
// file the way the read command in hack/demo.sh does.
func TestDemoArgsSplitLikeDemoScript(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash not found; hack/demo.sh needs it anyway")
	}
	file := filepath.Join(t.TempDir(), "demo.args")
	require.NoError(t, os.WriteFile(file, []byte("-simulate  -kubeconfig\t/tmp/k\n\n-v=2\n"), 0o600))

	got, err := demoArgs(file)
	require.NoError(t, err)
	require.Equal(t, []string{"-simulate", "-kubeconfig", "/tmp/k", "-v=2"}, got)

	script := `args=(); read -ra args -d '' <"$1" || true; printf '%s\0' "${args[@]}"`
	out, err := exec.Command(bash, "-euc", script, "bash", file).Output()
	require.NoError(t, err)
	require.Equal(t, got, strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00"))

	none, err := demoArgs(filepath.Join(t.TempDir(), "absent"))
	require.NoError(t, err)
	require.Empty(t, none)
}

// exampleNames lists the directories beside this file that hold a main.go,
// sorted, as hack/demo.sh finds them.
func exampleNames(t *testing.T) []string {
	t.Helper()
	mains, err := filepath.Glob(filepath.Join("*", "main.go"))
	require.NoError(t, err)
	names := make([]string, 0, len(mains))
	for _, m := range mains {
		names = append(names, filepath.Dir(m))
	}
	sort.Strings(names)
	return names
}

// demoArgs reads an example's optional demo.args file: arguments separated by
// whitespace, the way hack/demo.sh splits them. A missing file means none.
func demoArgs(file string) ([]string, error) {
	data, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return strings.Fields(string(data)), nil
}
