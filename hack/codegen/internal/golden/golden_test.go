package golden

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompareAcceptsEqualTree(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "a"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a", "x.go.golden"), []byte("package a\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "y.go.golden"), []byte("package y\n"), 0o644))
	Compare(t, dir, map[string][]byte{"a/x.go": []byte("package a\n"), "y.go": []byte("package y\n")})
}

// recorder notes failures instead of reporting them, so that a test can
// check that Compare fails.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) FailNow()              { r.failed = true; runtime.Goexit() }

func TestCompareFindsDifferences(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "x.go.golden"), []byte("package x\n"), 0o644))
	for name, files := range map[string]map[string][]byte{
		"changed content": {"x.go": []byte("package y\n")},
		"extra file":      {"x.go": []byte("package x\n"), "z.go": nil},
		"missing file":    {},
	} {
		rec := &recorder{TB: t}
		done := make(chan struct{})
		go func() { // require stops the goroutine with runtime.Goexit
			defer close(done)
			Compare(rec, dir, files)
		}()
		<-done
		assert.True(t, rec.failed, name)
	}
}

func TestUpdateRewritesTheTree(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "stale.go.golden"), nil, 0o644))
	*update = true
	defer func() { *update = false }()
	Compare(t, dir, map[string][]byte{"n/new.go": []byte("package n\n")})
	assert.Equal(t, map[string][]byte{"n/new.go": []byte("package n\n")}, ReadTree(t, dir, Suffix))
}
