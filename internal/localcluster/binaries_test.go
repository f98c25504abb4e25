package localcluster

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lockedBuffer is a bytes.Buffer safe for concurrent writers.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write implements io.Writer.
func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what was written so far.
func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// fakeRepo creates a repository root holding a tiny wrapper module at w/ whose
// main package has the given source, and returns the root and a spec for it.
func fakeRepo(t *testing.T, mainSrc string) (string, binarySpec) {
	t.Helper()
	root := t.TempDir()
	w := filepath.Join(root, "w")
	require.NoError(t, os.MkdirAll(w, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module "+ModulePath+"\n\ngo 1.26\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(w, "go.mod"), []byte("module example.com/fake\n\ngo 1.26\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(w, "main.go"), []byte(mainSrc), 0o644))
	return root, binarySpec{
		name: "fake", version: "v0.0.1", env: "KCLIENT_TEST_FAKE_BIN",
		wrapper: "w", pkg: ".", approx: "a second",
	}
}

func TestEnsureBinaryBuildsOnceAndReuses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	root, spec := fakeRepo(t, "package main\n\nfunc main() {}\n")
	cache := t.TempDir()
	var progress lockedBuffer
	opts := BuildOptions{RepoRoot: root, Progress: &progress}

	const callers = 4
	paths := make([]string, callers)
	errs := make([]error, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() { paths[i], errs[i] = ensureBinary(context.Background(), cache, spec, opts) })
	}
	wg.Wait()
	want := filepath.Join(cache, "bin", "fake-v0.0.1", "fake")
	for i := range callers {
		require.NoError(t, errs[i])
		assert.Equal(t, want, paths[i])
	}
	assert.Equal(t, 1, strings.Count(progress.String(), "building fake"), "built exactly once: %s", progress.String())
	require.NoError(t, checkExecutable(want))

	// No temp files are left next to the binary.
	entries, err := os.ReadDir(filepath.Dir(want))
	require.NoError(t, err)
	assert.Len(t, entries, 1)

	// A later call reuses the cached binary without the repository.
	again, err := ensureBinary(context.Background(), cache, spec, BuildOptions{RepoRoot: "/nonexistent", Progress: &progress})
	require.NoError(t, err)
	assert.Equal(t, want, again)
	assert.Equal(t, 1, strings.Count(progress.String(), "building fake"))
}

func TestEnsureBinaryErrors(t *testing.T) {
	cases := []struct {
		name    string
		src     string
		env     map[string]string
		root    string // "" means the fake repo
		needsGo bool   // runs the go command (skipped under -short)
		wantErr []string
	}{
		{
			name:    "build failure shows the compiler output",
			src:     "package main\n\nfunc main() { undefinedThing() }\n",
			needsGo: true,
			wantErr: []string{"building fake v0.0.1", "failed", "undefinedThing"},
		},
		{
			name:    "go missing from PATH",
			src:     "package main\n\nfunc main() {}\n",
			env:     map[string]string{"PATH": t.TempDir()},
			wantErr: []string{"go command is not on PATH"},
		},
		{
			name:    "wrapper module missing",
			src:     "package main\n\nfunc main() {}\n",
			root:    t.TempDir(),
			wantErr: []string{"wrapper module missing"},
		},
		{
			name:    "override is not an executable",
			src:     "package main\n\nfunc main() {}\n",
			env:     map[string]string{"KCLIENT_TEST_FAKE_BIN": "/nonexistent/fake"},
			wantErr: []string{"$KCLIENT_TEST_FAKE_BIN", "/nonexistent/fake"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && tc.needsGo {
				t.Skip("runs the go command")
			}
			root, spec := fakeRepo(t, tc.src)
			if tc.root != "" {
				root = tc.root
			}
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			_, err := ensureBinary(context.Background(), t.TempDir(), spec, BuildOptions{RepoRoot: root})
			require.Error(t, err)
			for _, want := range tc.wantErr {
				assert.Contains(t, err.Error(), want)
			}
		})
	}
}

func TestFindRepoRoot(t *testing.T) {
	root, _ := fakeRepo(t, "package main\n")
	nested := filepath.Join(root, "a", "b")
	require.NoError(t, os.MkdirAll(nested, 0o755))
	other := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(other, "go.mod"), []byte("module example.com/other\n"), 0o644))

	cases := []struct {
		name    string
		wd      string
		env     string
		want    string
		wantErr string
	}{
		{name: "walks up from a nested directory", wd: nested, want: root},
		{name: "env override wins", wd: other, env: root, want: root},
		{name: "env override must be the kclient module", wd: nested, env: other, wantErr: "has no go.mod for module"},
		{name: "outside the repository", wd: other, wantErr: "no go.mod for module " + ModulePath},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Chdir(tc.wd)
			t.Setenv(RepoRootEnv, tc.env)
			got, err := FindRepoRoot()
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
