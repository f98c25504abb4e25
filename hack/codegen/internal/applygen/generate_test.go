package applygen_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/hack/codegen/internal/applygen"
	"github.com/kclient/kclient/hack/codegen/internal/golden"
	"github.com/kclient/kclient/hack/codegen/internal/model"
)

const goldenDir = "testdata/golden"

func testOptions() applygen.Options {
	return applygen.Options{
		Module:     "example.com/client",
		OutDir:     "applyconfigurations",
		APIPrefix:  "example.com/api",
		APIDir:     "testdata/api",
		MetaPath:   "example.com/meta/v1",
		MetaDir:    "testdata/meta/v1",
		MetaTypes:  []string{"TypeMeta", "ObjectMeta", "OwnerReference", "LabelSelector", "LabelSelectorRequirement"},
		SkipFields: []string{"example.com/meta/v1.ObjectMeta.SelfLink", "example.com/meta/v1.ObjectMeta.ManagedFields"},
		Generator:  "kclient-applygen",

		ExtractPackage: "example.com/client/applyconfigurations/internal/extract",
	}
}

func generate(t *testing.T, opts applygen.Options) map[string][]byte {
	t.Helper()
	api, err := model.Load(opts.APIDir, model.Options{ImportPrefix: opts.APIPrefix})
	require.NoError(t, err)
	files, err := applygen.Generate(api, opts)
	require.NoError(t, err)
	return files
}

func sortedKeys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestGolden compares the generated files for the test API with
// testdata/golden; run with -update to accept a change.
func TestGolden(t *testing.T) {
	files := generate(t, testOptions())
	golden.Compare(t, goldenDir, files)
}

// TestTypeSelection checks which types get apply configurations.
func TestTypeSelection(t *testing.T) {
	files := generate(t, testOptions())
	tests := []struct {
		path string
		want bool
		why  string
	}{
		{"applyconfigurations/widgets/v1/widget.go", true, "namespaced client kind"},
		{"applyconfigurations/widgets/v1/gizmo.go", true, "cluster-scoped client kind"},
		{"applyconfigurations/widgets/v1/poke.go", true, "noVerbs kinds are still applied"},
		{"applyconfigurations/widgets/v1/review.go", false, "create-only kinds cannot be applied"},
		{"applyconfigurations/widgets/v1/unused.go", false, "not reachable"},
		{"applyconfigurations/widgets/v1/marker.go", false, "empty structs are plain values"},
		{"applyconfigurations/widgets/v1/mode.go", false, "non-struct types are plain values"},
		{"applyconfigurations/widgets/v1/part.go", true, "reachable through a slice"},
		{"applyconfigurations/widgets/v1/partspec.go", true, "reachable through embedding"},
		{"applyconfigurations/widgets/v1/counter.go", true, "reachable through a map value"},
		{"applyconfigurations/widgets/v1beta1/part.go", false, "an alias uses the original's apply configuration"},
		{"applyconfigurations/widgets/v1beta1/counter.go", true, "a defined type gets its own"},
		{"applyconfigurations/widgets/v1beta1/scale.go", true, "same-package apply input"},
		{"applyconfigurations/widgets/v1beta1/scalespec.go", false, "fields of a same-package apply input are not followed"},
		{"applyconfigurations/scaling/v1/scale.go", true, "cross-package apply input"},
		{"applyconfigurations/scaling/v1/scalespec.go", true, "fields of a cross-package apply input are followed"},
		{"applyconfigurations/meta/v1/objectmeta.go", true, "listed meta type"},
		{"applyconfigurations/meta/v1/time.go", false, "unlisted meta structs are plain values"},
		{"applyconfigurations/meta/v1/managedfieldsentry.go", false, "unlisted and only reachable through a skipped field"},
		{"applyconfigurations/meta/v1/listmeta.go", false, "unlisted meta type"},
		{"applyconfigurations/forkind.go", true, "root ForKind"},
		{"applyconfigurations/widgets/v1/doc.go", true, "package documentation"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			_, ok := files[tt.path]
			assert.Equal(t, tt.want, ok, tt.why)
		})
	}
}

// TestShapes checks the generated declarations for each kind of field and
// type.
func TestShapes(t *testing.T) {
	files := generate(t, testOptions())
	tests := []struct {
		file, want string
	}{
		{"widgets/v1/widget.go", "func Widget(name, namespace string) *WidgetApplyConfiguration {"},
		{"widgets/v1/widget.go", `b.WithAPIVersion("widgets.example.com/v1")`},
		{"widgets/v1/widget.go", "applymetav1.TypeMetaApplyConfiguration `json:\",inline\"`"},
		{"widgets/v1/widget.go", "*applymetav1.ObjectMetaApplyConfiguration `json:\"metadata,omitempty\"`"},
		{"widgets/v1/widget.go", "func (b WidgetApplyConfiguration) IsApplyConfiguration() {}"},
		{"widgets/v1/widget.go", "func (b *WidgetApplyConfiguration) GetNamespace() *string {"},
		{"widgets/v1/widget.go", "func (b *WidgetApplyConfiguration) WithOwnerReferences(values ...*applymetav1.OwnerReferenceApplyConfiguration) *WidgetApplyConfiguration {"},
		{"widgets/v1/gizmo.go", "func Gizmo(name string) *GizmoApplyConfiguration {"},
		{"widgets/v1/poke.go", "func Poke(name, namespace string) *PokeApplyConfiguration {"},
		{"widgets/v1/widgetspec.go", "Replicas *int32 `json:\"replicas,omitempty\"`"},
		{"widgets/v1/widgetspec.go", "func (b *WidgetSpecApplyConfiguration) WithReplicas(value int32) *WidgetSpecApplyConfiguration {"},
		{"widgets/v1/widgetspec.go", "Paused *bool `json:\"paused,omitempty\"`"},
		{"widgets/v1/widgetspec.go", "Mode *widgetsv1.Mode `json:\"mode,omitempty\"`"},
		{"widgets/v1/widgetspec.go", "Selector *applymetav1.LabelSelectorApplyConfiguration `json:\"selector,omitempty\"`"},
		{"widgets/v1/widgetspec.go", "Template *TemplateApplyConfiguration `json:\"template,omitempty\"`"},
		{"widgets/v1/widgetspec.go", "Parts []PartApplyConfiguration `json:\"parts,omitempty\"`"},
		{"widgets/v1/widgetspec.go", "func (b *WidgetSpecApplyConfiguration) WithParts(values ...*PartApplyConfiguration) *WidgetSpecApplyConfiguration {"},
		{"widgets/v1/widgetspec.go", "func (b *WidgetSpecApplyConfiguration) WithTags(values ...string) *WidgetSpecApplyConfiguration {"},
		{"widgets/v1/widgetspec.go", "func (b *WidgetSpecApplyConfiguration) WithBlob(values ...byte) *WidgetSpecApplyConfiguration {"},
		{"widgets/v1/widgetspec.go", "func (b *WidgetSpecApplyConfiguration) WithFiles(entries map[string][]byte) *WidgetSpecApplyConfiguration {"},
		{"widgets/v1/widgetspec.go", "Limits *widgetsv1.ResourceList `json:\"limits,omitempty\"`"},
		{"widgets/v1/widgetspec.go", "Counters map[string]CounterApplyConfiguration `json:\"counters,omitempty\"`"},
		{"widgets/v1/widgetspec.go", "Size *resource.Quantity `json:\"size,omitempty\"`"},
		{"widgets/v1/widgetspec.go", "Created *metav1.Time `json:\"created,omitempty\"`"},
		{"widgets/v1/widgetspec.go", "Marker *widgetsv1.Marker `json:\"marker,omitempty\"`"},
		{"widgets/v1/template.go", "func Template() *TemplateApplyConfiguration {"},
		{"widgets/v1/template.go", "func (b *TemplateApplyConfiguration) WithName(value string) *TemplateApplyConfiguration {"},
		{"widgets/v1/part.go", "PartSpecApplyConfiguration `json:\",inline\"`"},
		{"widgets/v1/part.go", "b.PartSpecApplyConfiguration.Image = &value"},
		{"widgets/v1beta1/gadget.go", "Parts []applywidgetsv1.PartApplyConfiguration `json:\"parts,omitempty\"`"},
		{"widgets/v1beta1/gadget.go", "Counter *CounterApplyConfiguration `json:\"counter,omitempty\"`"},
		{"widgets/v1beta1/scale.go", "Spec *widgetsv1beta1.ScaleSpec `json:\"spec,omitempty\"`"},
		{"widgets/v1beta1/scale.go", "func Scale() *ScaleApplyConfiguration {"},
		{"widgets/v1beta1/scale.go", `b.WithKind("Scale")`},
		{"widgets/v1/widget.go", "func ExtractWidgetFrom(widget *widgetsv1.Widget, fieldManager string, subresource string) (*WidgetApplyConfiguration, error) {"},
		{"widgets/v1/widget.go", "if err := extract.Into(widget, fieldManager, subresource, b); err != nil {"},
		{"widgets/v1/widget.go", "b.WithNamespace(widget.Namespace)"},
		{"widgets/v1/widget.go", "func ExtractWidget(widget *widgetsv1.Widget, fieldManager string) (*WidgetApplyConfiguration, error) {"},
		{"widgets/v1/widget.go", `func ExtractWidgetStatus(widget *widgetsv1.Widget, fieldManager string) (*WidgetApplyConfiguration, error) {
	return ExtractWidgetFrom(widget, fieldManager, "status")`},
		{"widgets/v1/widget.go", `return ExtractWidgetFrom(widget, fieldManager, "scale")`},
		{"widgets/v1/gizmo.go", "// Deprecated: example.com/api/widgets/v1.Gizmo is deprecated; see its documentation.\ntype GizmoApplyConfiguration struct {"},
		{"widgets/v1/widgetspec.go", "// Deprecated: the API deprecates example.com/api/widgets/v1.WidgetSpec.OldMode; see its documentation.\n\tOldMode *string"},
		{"widgets/v1/gizmo.go", "func ExtractGizmo(gizmo *widgetsv1.Gizmo, fieldManager string) (*GizmoApplyConfiguration, error) {"},
		{"meta/v1/typemeta.go", "func (b *TypeMetaApplyConfiguration) GetKind() *string {"},
		{"meta/v1/objectmeta.go", "func (b *ObjectMetaApplyConfiguration) GetName() *string {"},
		{"meta/v1/objectmeta.go", "CreationTimestamp *metav1.Time `json:\"creationTimestamp,omitempty\"`"},
		{"forkind.go", `case schema.GroupVersionKind{Group: "widgets.example.com", Version: "v1", Kind: "WidgetSpec"}:`},
		{"forkind.go", `case schema.GroupVersionKind{Group: "meta.k8s.io", Version: "v1", Kind: "ObjectMeta"}:`},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.want, func(t *testing.T) {
			src, ok := files["applyconfigurations/"+tt.file]
			require.True(t, ok, "file generated")
			assert.Contains(t, string(src), tt.want)
		})
	}
	notWanted := []struct{ file, unwanted string }{
		{"widgets/v1/widgetspec.go", "Internal"},
		{"widgets/v1/widgetspec.go", "unexported"},
		{"meta/v1/objectmeta.go", "SelfLink"},
		{"meta/v1/objectmeta.go", "ManagedFields"},
		{"meta/v1/typemeta.go", "IsApplyConfiguration"},
		{"widgets/v1/template.go", "WithKind"},
		{"widgets/v1/widgetspec.go", "GetName"},
		{"widgets/v1/gizmo.go", "WithNamespace(gizmo.Namespace)"},
		{"widgets/v1/gizmo.go", "ExtractGizmoStatus"},
		{"widgets/v1/poke.go", "ExtractPokeStatus"},
		{"widgets/v1beta1/scale.go", "ExtractScale"},
		{"widgets/v1/widgetspec.go", "Extract"},
		{"widgets/v1/widget.go", "Deprecated"},
	}
	for _, tt := range notWanted {
		assert.NotContains(t, string(files["applyconfigurations/"+tt.file]), tt.unwanted, tt.file)
	}
}

// TestDeterministic generates twice and expects identical output.
func TestDeterministic(t *testing.T) {
	first, second := generate(t, testOptions()), generate(t, testOptions())
	require.Equal(t, sortedKeys(first), sortedKeys(second))
	for p := range first {
		assert.Equal(t, string(first[p]), string(second[p]), p)
	}
}

// TestErrors checks that bad input is reported, not skipped.
func TestErrors(t *testing.T) {
	api, err := model.Load("testdata/api", model.Options{ImportPrefix: "example.com/api"})
	require.NoError(t, err)
	tests := []struct {
		name   string
		mutate func(*applygen.Options)
		want   string
	}{
		{"missing options", func(o *applygen.Options) { o.Module = "" }, "are required"},
		{"unknown meta type", func(o *applygen.Options) { o.MetaTypes = append(o.MetaTypes, "Nope") }, "Nope is not a struct"},
		{"missing meta dir", func(o *applygen.Options) { o.MetaDir = "testdata/none" }, "reading API package example.com/meta/v1"},
		{"embedded type without apply configuration", func(o *applygen.Options) { o.MetaTypes = []string{"ObjectMeta", "OwnerReference"} }, "embedded type example.com/meta/v1.TypeMeta has no apply configuration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := testOptions()
			tt.mutate(&opts)
			_, err := applygen.Generate(api, opts)
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

// TestWrite writes, rewrites and prunes generated files.
func TestWrite(t *testing.T) {
	root := t.TempDir()
	files := map[string][]byte{
		"out/a/v1/x.go": []byte("// Code generated by gen. DO NOT EDIT.\n\npackage v1\n"),
	}
	stale := filepath.Join(root, "out", "b", "v1", "old.go")
	handwritten := filepath.Join(root, "out", "a", "v1", "x_test.go")
	require.NoError(t, os.MkdirAll(filepath.Dir(stale), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Dir(handwritten), 0o755))
	require.NoError(t, os.WriteFile(stale, []byte("// Code generated by gen. DO NOT EDIT.\n\npackage v1\n"), 0o644))
	require.NoError(t, os.WriteFile(handwritten, []byte("package v1\n"), 0o644))

	changed, err := applygen.Write(root, "out", "gen", files)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"out/a/v1/x.go", "out/b/v1/old.go"}, changed)
	assert.NoFileExists(t, stale)
	assert.FileExists(t, handwritten, "files without the header are kept")

	changed, err = applygen.Write(root, "out", "gen", files)
	require.NoError(t, err)
	assert.Empty(t, changed, "a second run changes nothing")
}

// TestExternalAPIs checks that structs of an Options.ExternalAPIs package
// refer to the apply configurations declared there, that types without one
// stay plain values, and that embedding one is refused.
func TestExternalAPIs(t *testing.T) {
	dir := t.TempDir()
	writeFile := func(rel, src string) {
		full := filepath.Join(dir, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(src), 0o644))
	}
	writeFile("acs/core/v1/pod.go", "package v1\n\ntype PodSpecApplyConfiguration struct{}\n\ntype TaintApplyConfiguration struct{}\n")
	types := `package v1

import (
	corev1 "example.com/ext/core/v1"
	metav1 "example.com/meta/v1"
)

// +genclient
type Thing struct {
	metav1.TypeMeta   ` + "`json:\",inline\"`" + `
	metav1.ObjectMeta ` + "`json:\"metadata,omitempty\"`" + `
	Pod    corev1.PodSpec           ` + "`json:\"pod\"`" + `
	Taints []corev1.Taint            ` + "`json:\"taints,omitempty\"`" + `
	ByName map[string]*corev1.PodSpec ` + "`json:\"byName,omitempty\"`" + `
	Plain  corev1.Volume            ` + "`json:\"plain\"`" + `
	%s
}
`
	load := func(extra string) (map[string][]byte, error) {
		writeFile("api/things/v1/types.go", strings.Replace(types, "%s", extra, 1))
		api, err := model.Load(filepath.Join(dir, "api"), model.Options{ImportPrefix: "example.com/api"})
		require.NoError(t, err)
		opts := testOptions()
		opts.APIDir = filepath.Join(dir, "api")
		opts.MetaDir, err = filepath.Abs("testdata/meta/v1")
		require.NoError(t, err)
		opts.ExtractPackage = ""
		opts.ExternalAPIs = []applygen.ExternalAPI{{APIPrefix: "example.com/ext", Out: "example.com/kc/acs", OutDir: filepath.Join(dir, "acs")}}
		return applygen.Generate(api, opts)
	}
	files, err := load("")
	require.NoError(t, err)
	src := string(files["applyconfigurations/things/v1/thing.go"])
	for _, want := range []string{
		`applycorev1 "example.com/kc/acs/core/v1"`,
		"Pod *applycorev1.PodSpecApplyConfiguration `json:\"pod,omitempty\"`",
		"Taints []applycorev1.TaintApplyConfiguration",
		"ByName map[string]*corev1.PodSpec",
		"Plain *corev1.Volume",
		"WithPod(value *applycorev1.PodSpecApplyConfiguration)",
		"WithTaints(values ...*applycorev1.TaintApplyConfiguration)",
	} {
		assert.Contains(t, src, want)
	}
	assert.NotContains(t, strings.Join(sortedKeys(files), " "), "core/v1", "external apply configurations are not written")

	_, err = load("corev1.PodSpec `json:\",inline\"`")
	assert.ErrorContains(t, err, "embedded type example.com/ext/core/v1.PodSpec: its apply configuration is in example.com/kc/acs/core/v1")
}
