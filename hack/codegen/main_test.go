package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/hack/codegen/internal/clientgen"
)

// TestCommittedCodeIsUpToDate regenerates the typed clients in memory from
// the k8s.io/api in go.mod and compares them with the files in the tree, so
// `go test ./...` fails on stale generated code just like `make verify`.
func TestCommittedCodeIsUpToDate(t *testing.T) {
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	apiDir, err := moduleDir(root, apiModule)
	if err != nil {
		t.Skipf("k8s.io/api source not available: %v", err)
	}
	files, err := generate(root, apiDir, clientgen.ApplyAuto)
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for p, want := range files {
		got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if !assert.NoError(t, err, "%s is not generated yet; run make generate", p) {
			continue
		}
		assert.Equal(t, string(want), string(got), "%s is stale; run make generate", p)
	}
}

func TestRunIntoFreshRoot(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module "+module+"\n"), 0o644))
	apiDir := "internal/model/testdata/api"
	args := []string{"-root", root, "-api-dir", apiDir}
	require.NoError(t, run(args))
	assert.FileExists(t, filepath.Join(root, "kubernetes/typed/example/v1/widget.go"))
	assert.FileExists(t, filepath.Join(root, "kubernetes/clientset.go"))

	before, err := os.ReadFile(filepath.Join(root, "kubernetes/typed/example/v1/widget.go"))
	require.NoError(t, err)
	require.NoError(t, run(args), "second run")
	after, err := os.ReadFile(filepath.Join(root, "kubernetes/typed/example/v1/widget.go"))
	require.NoError(t, err)
	assert.Equal(t, before, after, "deterministic")
}

func TestRunErrors(t *testing.T) {
	root := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"bad flag", []string{"-nope"}, "flag provided but not defined"},
		{"bad apply mode", []string{"-root", root, "-api-dir", "internal/model/testdata/api", "-apply", "maybe"}, "unknown apply mode"},
		{"missing api dir", []string{"-root", root, "-api-dir", filepath.Join(root, "missing")}, "loading k8s.io/api"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(tt.args)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestFindRoot(t *testing.T) {
	root, err := findRoot()
	require.NoError(t, err)
	abs, err := filepath.Abs("../..")
	require.NoError(t, err)
	assert.Equal(t, abs, root)
}
