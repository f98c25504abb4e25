// Package golden is the golden-file check shared by the code generators'
// tests: a generator's output, a map from slash-separated path to content,
// must equal the tree of <path>.golden files under a test's testdata
// directory, file for file.
//
// Importing the package registers the -update test flag: with it, Compare
// first replaces the directory with the output it is given, so that
// `go test ./hack/codegen/... -update` accepts a change (review the diff).
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Suffix ends the name of every golden file.
const Suffix = ".golden"

var update = flag.Bool("update", false, "rewrite the golden files from the generator's output")

// Compare checks that dir holds exactly one golden file for each entry of
// files, with the same content. With -update it rewrites dir first.
func Compare(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.RemoveAll(dir))
		for p, src := range files {
			full := filepath.Join(dir, filepath.FromSlash(p)+Suffix)
			require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
			require.NoError(t, os.WriteFile(full, src, 0o644))
		}
	}
	want := ReadTree(t, dir, Suffix)
	require.NotEmpty(t, want, "no golden files in %s (run go test -update)", dir)
	require.Equal(t, sortedPaths(want), sortedPaths(files), "the set of generated files changed (run go test -update)")
	for _, p := range sortedPaths(files) {
		assert.Equal(t, string(want[p]), string(files[p]), "%s differs from its golden file (run go test -update to accept)", p)
	}
}

// ReadTree returns the files below dir, keyed by their slash-separated path
// relative to dir with suffix cut off.
func ReadTree(t testing.TB, dir, suffix string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		out[strings.TrimSuffix(filepath.ToSlash(rel), suffix)] = data
		return nil
	}))
	return out
}

func sortedPaths(files map[string][]byte) []string {
	out := make([]string, 0, len(files))
	for p := range files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
