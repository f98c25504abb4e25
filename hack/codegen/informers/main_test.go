package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCommittedOutputIsCurrent regenerates the listers and informers in
// memory and fails if a committed file differs (run `make generate`).
func TestCommittedOutputIsCurrent(t *testing.T) {
	root, err := filepath.Abs("../../..")
	require.NoError(t, err)
	files, err := generate(root)
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for p, want := range files {
		got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if !assert.NoError(t, err, "%s is missing; run make generate", p) {
			continue
		}
		assert.Equal(t, string(want), string(got), "%s is stale; run make generate", p)
	}
}
