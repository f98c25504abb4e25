package clientgen_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/hack/codegen/internal/clientgen"
	"github.com/kclient/kclient/hack/codegen/internal/golden"
	"github.com/kclient/kclient/hack/codegen/internal/model"
)

const goldenDir = "testdata/golden"

func testOptions() clientgen.Options {
	return clientgen.Options{
		Root:                   "testdata/root",
		Module:                 "example.com/client",
		APIPrefix:              "example.com/api",
		TypedDir:               "kubernetes/typed",
		ClientsetDir:           "kubernetes",
		DiscoveryImport:        "example.com/client/discovery",
		ApplyConfigurationsDir: "applyconfigurations",
	}
}

func generate(t *testing.T, opts clientgen.Options) map[string][]byte {
	t.Helper()
	api, err := model.Load("../model/testdata/api", model.Options{ImportPrefix: "example.com/api"})
	require.NoError(t, err)
	files, err := clientgen.Generate(api, opts)
	require.NoError(t, err)
	return files
}

// TestGolden compares the generated files for the test API with
// testdata/golden; run with -update to accept a change.
func TestGolden(t *testing.T) {
	files := generate(t, testOptions())
	golden.Compare(t, goldenDir, files)
}

func TestGeneratedContent(t *testing.T) {
	files := generate(t, testOptions())
	str := func(p string) string {
		src, ok := files[p]
		require.True(t, ok, "missing %s", p)
		return string(src)
	}
	widget := str("kubernetes/typed/example/v1/widget.go")
	gadget := str("kubernetes/typed/example/v1/gadget.go")
	for _, src := range files {
		assert.True(t, strings.HasPrefix(string(src), clientgen.Header+"\n"), "every file carries the header")
	}
	assert.Contains(t, widget, "*gentypecore.ClientWithList[*examplev1.Widget, *examplev1.WidgetList]")
	assert.NotContains(t, widget, "ApplyScale", "no apply configuration for autoscaling Scale in the root")
	assert.NotContains(t, widget, "Apply(", "no WidgetApplyConfiguration in the root")
	assert.Contains(t, gadget, "*gentypecore.ClientWithListAndApply[*examplev1.Gadget, *examplev1.GadgetList, *applyconfigurationsexamplev1.GadgetApplyConfiguration]")
	assert.Contains(t, gadget, "ApplyStatus(ctx context.Context")
	assert.NotContains(t, gadget, "DeleteCollection", "skipVerbs")
	assert.Contains(t, gadget, "Gadgets() GadgetInterface", "cluster-scoped getter")
	assert.NotContains(t, str("kubernetes/typed/example/v1/box.go"), "UpdateStatus", "noStatus")

	expansions := str("kubernetes/typed/example/v1/generated_expansion.go")
	assert.NotContains(t, expansions, "NudgeExpansion", "declared by hand")
	assert.Contains(t, expansions, "type WidgetExpansion interface{}")
	codecs := str("kubernetes/typed/example/v1/codecs.go")
	assert.Contains(t, codecs, "examplev1beta1.AddToScheme", "imported by a hand-written file")
	assert.Contains(t, codecs, "autoscalingv1.AddToScheme", "used by an extension")
	assert.NotContains(t, str("kubernetes/typed/example/v1beta1/codecs.go"), "autoscaling")
	assert.Contains(t, str("kubernetes/clientset.go"), "ExampleV1beta1() examplev1beta1.ExampleV1beta1Interface")

	off := testOptions()
	off.Apply = clientgen.ApplyOff
	assert.NotContains(t, string(generate(t, off)["kubernetes/typed/example/v1/gadget.go"]), "Apply")
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := generate(t, testOptions()), generate(t, testOptions())
	assert.Equal(t, a, b)
}

func TestGenerateOptionErrors(t *testing.T) {
	api := &model.API{}
	_, err := clientgen.Generate(api, clientgen.Options{Module: "m", APIPrefix: "a", TypedDir: "t", Apply: "sometimes"})
	assert.ErrorContains(t, err, "unknown apply mode")
	_, err = clientgen.Generate(api, clientgen.Options{})
	assert.ErrorContains(t, err, "required")
}

func TestGenerateRejectsMissingList(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "g", "v1")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "types.go"), []byte("package v1\n\n// +genclient\ntype Lonely struct{}\n"), 0o644))
	gv, err := model.LoadPackage(dir, "x/g/v1")
	require.NoError(t, err)
	opts := testOptions()
	opts.Root = t.TempDir()
	_, err = clientgen.Generate(&model.API{GroupVersions: []*model.GroupVersion{gv}}, opts)
	assert.ErrorContains(t, err, "needs a LonelyList type")
}

func TestWrite(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "pkg")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	write := func(name, content string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
	}
	write("stale.go", clientgen.Header+"\n\npackage pkg\n")
	write("mine.go", "package pkg\n")
	write("same.go", clientgen.Header+"\n\npackage pkg\n// same\n")

	changed, err := clientgen.Write(root, map[string][]byte{
		"pkg/same.go": []byte(clientgen.Header + "\n\npackage pkg\n// same\n"),
		"pkg/new.go":  []byte(clientgen.Header + "\n\npackage pkg\n"),
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"pkg/new.go", "pkg/stale.go"}, changed, "written and removed, unchanged skipped")
	assert.NoFileExists(t, filepath.Join(dir, "stale.go"))
	assert.FileExists(t, filepath.Join(dir, "mine.go"), "hand-written files are never removed")
	assert.FileExists(t, filepath.Join(dir, "new.go"))

	// an owned tree loses generated files in directories no longer produced
	gone := filepath.Join(root, "owned", "g", "v1")
	require.NoError(t, os.MkdirAll(gone, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(gone, "old.go"), []byte(clientgen.Header+"\n\npackage v1\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(gone, "notes.go"), []byte("package v1\n"), 0o644))
	changed, err = clientgen.Write(root, map[string][]byte{"pkg/new.go": []byte(clientgen.Header + "\n\npackage pkg\n")}, "owned", "missing")
	require.NoError(t, err)
	assert.Equal(t, []string{"owned/g/v1/old.go", "pkg/same.go"}, changed, "pkg/same.go is generated and no longer produced")
	assert.FileExists(t, filepath.Join(gone, "notes.go"))
}
