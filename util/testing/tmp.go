package testing

import (
	"os"
	"testing"
)

// CloseAndRemove closes each file and deletes it from disk, failing the test
// on the first error. Nil entries are skipped.
func CloseAndRemove(t *testing.T, files ...*os.File) {
	t.Helper()
	for _, f := range files {
		if f != nil {
			closeAndRemove(t, f)
		}
	}
}

func closeAndRemove(t *testing.T, f *os.File) {
	t.Helper()
	name := f.Name()
	if err := f.Close(); err != nil {
		t.Fatalf("closing %s: %v", name, err)
	}
	if err := os.Remove(name); err != nil {
		t.Fatalf("removing %s: %v", name, err)
	}
}

// MkTmpdir creates a new directory under os.TempDir whose name starts with
// prefix and returns its path; the caller removes it (os.RemoveAll). Tests
// should prefer t.TempDir, which cleans up by itself.
func MkTmpdir(prefix string) (string, error) {
	return os.MkdirTemp(os.TempDir(), prefix)
}

// MkTmpdirOrDie is MkTmpdir for test setup code: it panics if the directory
// cannot be created.
func MkTmpdirOrDie(prefix string) string {
	dir, err := MkTmpdir(prefix)
	if err != nil {
		panic("util/testing: creating a temporary directory: " + err.Error())
	}
	return dir
}
