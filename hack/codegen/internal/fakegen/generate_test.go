package fakegen_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/hack/codegen/internal/clientgen"
	"github.com/kclient/kclient/hack/codegen/internal/fakegen"
	"github.com/kclient/kclient/hack/codegen/internal/golden"
	"github.com/kclient/kclient/hack/codegen/internal/model"
)

const goldenDir = "testdata/golden"

// testOptions uses clientgen's fixture root, whose apply configurations
// give Gadget (but not Widget) an Apply method.
func testOptions() fakegen.Options {
	return fakegen.Options{
		Client: clientgen.Options{
			Root:                   "../clientgen/testdata/root",
			Module:                 "example.com/client",
			APIPrefix:              "example.com/api",
			TypedDir:               "kubernetes/typed",
			ClientsetDir:           "kubernetes",
			DiscoveryImport:        "example.com/client/discovery",
			ApplyConfigurationsDir: "applyconfigurations",
		},
		HelperImport:        "example.com/client/kubernetes/internal/fakeclient",
		ClientsetDir:        "kubernetes/fake",
		FakeDiscoveryImport: "example.com/client/discovery/fake",
	}
}

func generate(t *testing.T, opts fakegen.Options) map[string][]byte {
	t.Helper()
	api, err := model.Load("../model/testdata/api", model.Options{ImportPrefix: "example.com/api"})
	require.NoError(t, err)
	files, err := fakegen.Generate(api, opts)
	require.NoError(t, err)
	return files
}

// TestGolden compares the fakes of the test API with testdata/golden; run
// with -update to accept a change.
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
	for p, src := range files {
		assert.True(t, strings.HasPrefix(string(src), clientgen.Header+"\n"), "%s carries the header", p)
	}
	tests := []struct {
		file, want string
	}{
		{"kubernetes/typed/example/v1/fake/fake_example_client.go", "type FakeExampleV1 struct {\n\t*testing.Fake\n}"},
		{"kubernetes/typed/example/v1/fake/fake_widget.go", "*gentype.FakeClientWithList[*examplev1.Widget, *examplev1.WidgetList]"},
		{"kubernetes/typed/example/v1/fake/fake_widget.go", `testing.NewGetSubresourceActionWithOptions(c.Resource(), c.Namespace(), "scale", widgetName, options)`},
		{"kubernetes/typed/example/v1/fake/fake_gadget.go", "*gentype.FakeClientWithListAndApply[*examplev1.Gadget, *examplev1.GadgetList, *applyconfigurationsexamplev1.GadgetApplyConfiguration]"},
		{"kubernetes/typed/example/v1/fake/fake_gadget.go", `fake.Fake, "", gv.WithResource("gadgets"), gv.WithKind("Gadget")`},
		{"kubernetes/typed/example/v1/fake/fake_review.go", "*gentype.FakeClient[*examplev1.Review]"},
		{"kubernetes/fake/clientset.go", "func (cs *Clientset) ExampleV1() typedexamplev1.ExampleV1Interface"},
		{"kubernetes/fake/clientset.go", "cs.discovery = &fakediscovery.FakeDiscovery{Fake: &cs.Fake}"},
		{"kubernetes/fake/clientset.go", "var _ kubernetes.Interface = &Clientset{}"},
		{"kubernetes/fake/register.go", "examplev1beta1.AddToScheme,"},
	}
	for _, tt := range tests {
		assert.Contains(t, str(tt.file), tt.want, tt.file)
	}
	assert.NotContains(t, str("kubernetes/typed/example/v1/fake/fake_widget.go"), "ApplyScale", "no apply configuration for Scale in the fixture root")
}

func TestWithoutDiscoveryOrClientset(t *testing.T) {
	opts := testOptions()
	opts.FakeDiscoveryImport = ""
	opts.Client.ClientsetDir = ""
	cs := string(generate(t, opts)["kubernetes/fake/clientset.go"])
	assert.NotContains(t, cs, "Discovery()")
	assert.NotContains(t, cs, "Interface = &Clientset{}")

	opts.ClientsetDir = ""
	for p := range generate(t, opts) {
		assert.False(t, strings.HasPrefix(p, "kubernetes/fake/"), "no fake clientset: %s", p)
	}
}

// TestTypeConverter checks which type converter NewClientset's tracker
// gets: the schema-backed one of TypeConverterImport, or a deduced one.
func TestTypeConverter(t *testing.T) {
	tests := []struct {
		name, importPath string
		want, notWant    []string
	}{
		{
			name:    "deduced",
			want:    []string{`"k8s.io/apimachinery/pkg/util/managedfields"`, "managedfields.NewDeducedTypeConverter()", "lists are atomic"},
			notWant: []string{"NewTypeConverter(scheme)"},
		},
		{
			name:       "schema",
			importPath: "example.com/client/applyconfigurations",
			want:       []string{`"example.com/client/applyconfigurations"`, "applyconfigurations.NewTypeConverter(scheme)), objects)", "merge element\n// by element"},
			notWant:    []string{"managedfields"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := testOptions()
			opts.TypeConverterImport = tt.importPath
			cs := string(generate(t, opts)["kubernetes/fake/clientset.go"])
			for _, w := range tt.want {
				assert.Contains(t, cs, w)
			}
			for _, w := range tt.notWant {
				assert.NotContains(t, cs, w)
			}
		})
	}
}

func TestOptionErrors(t *testing.T) {
	api, err := model.Load("../model/testdata/api", model.Options{ImportPrefix: "example.com/api"})
	require.NoError(t, err)
	tests := []struct {
		name   string
		modify func(*fakegen.Options)
		want   string
	}{
		{"bad apply mode", func(o *fakegen.Options) { o.Client.Apply = "maybe" }, "unknown apply mode"},
		{"no helper import", func(o *fakegen.Options) { o.HelperImport = "" }, "HelperImport"},
		{"no module", func(o *fakegen.Options) { o.Client.Module = "" }, "Client.Module"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := testOptions()
			tt.modify(&opts)
			_, err := fakegen.Generate(api, opts)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestApplyOffDropsApply(t *testing.T) {
	opts := testOptions()
	opts.Client.Apply = clientgen.ApplyOff
	gadget := string(generate(t, opts)["kubernetes/typed/example/v1/fake/fake_gadget.go"])
	assert.Contains(t, gadget, "*gentype.FakeClientWithList[*examplev1.Gadget, *examplev1.GadgetList]")
}
