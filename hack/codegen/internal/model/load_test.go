package model_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/hack/codegen/internal/model"
)

func loadTestdata(t *testing.T) *model.API {
	t.Helper()
	api, err := model.Load("testdata/api", model.Options{ImportPrefix: "example.com/api"})
	require.NoError(t, err)
	return api
}

func TestLoadGroupVersions(t *testing.T) {
	api := loadTestdata(t)
	require.Len(t, api.GroupVersions, 2, "plain/v1 has no +genclient types")
	v1 := api.GroupVersions[0]
	assert.Equal(t, "example/v1", v1.Dir())
	assert.Equal(t, "example.kclient.io", v1.Group)
	assert.Equal(t, "Example", v1.GoGroup)
	assert.Equal(t, "ExampleV1", v1.GoName())
	assert.Equal(t, "examplev1", v1.Alias())
	assert.Equal(t, "/apis", v1.APIPath())
	assert.Equal(t, "example.com/api/example/v1", v1.ImportPath)
	assert.True(t, v1.AllTypeNames["WidgetList"])
	assert.Equal(t, "ExampleV1beta1", api.GroupVersions[1].GoName())

	var names []string
	for _, ty := range v1.Types {
		names = append(names, ty.Name)
	}
	assert.Equal(t, []string{"Box", "Gadget", "Nudge", "Review", "Widget"}, names, "sorted, untagged Policy left out")
}

func TestLoadTypes(t *testing.T) {
	types := map[string]*model.Type{}
	for _, ty := range loadTestdata(t).GroupVersions[0].Types {
		types[ty.Name] = ty
	}
	tests := []struct {
		kind       string
		resource   string
		plural     string
		namespaced bool
		status     bool
		verbs      []model.Verb
		methods    []string
	}{
		{"Widget", "widgets", "Widgets", true, true, model.AllVerbs, []string{"GetScale", "UpdateScale", "ApplyScale"}},
		{"Gadget", "gadgets", "Gadgets", false, true,
			[]model.Verb{model.Create, model.Update, model.UpdateStatus, model.Delete, model.Get, model.List, model.Watch, model.Patch, model.Apply, model.ApplyStatus},
			[]string{"UpdateApproval"}},
		{"Review", "reviews", "Reviews", false, true, []model.Verb{model.Create}, nil},
		{"Nudge", "nudges", "Nudges", true, false, nil, nil},
		{"Box", "boxen", "Boxes", true, false, []model.Verb{model.Get, model.List, model.Watch}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			ty := types[tt.kind]
			require.NotNil(t, ty)
			assert.Equal(t, tt.resource, ty.Resource)
			assert.Equal(t, tt.plural, ty.Plural)
			assert.Equal(t, tt.namespaced, ty.Namespaced)
			assert.Equal(t, tt.status, ty.HasStatus)
			assert.Equal(t, tt.verbs, ty.Verbs)
			var methods []string
			for _, e := range ty.Extensions {
				methods = append(methods, e.Method)
			}
			assert.Equal(t, tt.methods, methods)
		})
	}

	scale := types["Widget"].Extensions[1]
	assert.Equal(t, "update", scale.Verb)
	assert.Equal(t, "scale", scale.Subresource)
	assert.Equal(t, model.TypeRef{ImportPath: "k8s.io/api/autoscaling/v1", Name: "Scale"}, *scale.Input)
	assert.Equal(t, model.TypeRef{ImportPath: "k8s.io/api/autoscaling/v1", Name: "Scale"}, scale.Result)

	approval := types["Gadget"].Extensions[0]
	assert.Equal(t, model.TypeRef{Name: "Gadget"}, *approval.Input, "input defaults to the type itself")
	assert.Equal(t, model.TypeRef{Name: "Gadget"}, approval.Result)
}

func TestLoadExclude(t *testing.T) {
	api, err := model.Load("testdata/api", model.Options{ImportPrefix: "example.com/api", Exclude: []string{"example/v1"}})
	require.NoError(t, err)
	require.Len(t, api.GroupVersions, 1)
	assert.Equal(t, "example/v1beta1", api.GroupVersions[0].Dir())
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name    string
		source  string
		wantErr string
	}{
		{"unknown verb", "// +genclient\n// +genclient:onlyVerbs=create,frobnicate\ntype T struct{}\n", `unknown verb "frobnicate"`},
		{"only and skip", "// +genclient\n// +genclient:onlyVerbs=get\n// +genclient:skipVerbs=list\ntype T struct{}\n", "mutually exclusive"},
		{"method without name", "// +genclient\n// +genclient:method=verb=get\ntype T struct{}\n", "method name must come first"},
		{"method bad verb", "// +genclient\n// +genclient:method=M,verb=frob\ntype T struct{}\n", `verb "frob" is not one of`},
		{"method bad key", "// +genclient\n// +genclient:method=M,verb=get,colour=red\ntype T struct{}\n", `unknown key "colour"`},
		{"method not key=value", "// +genclient\n// +genclient:method=M,verb=get,oops\ntype T struct{}\n", "is not key=value"},
		{"not a struct", "// +genclient\ntype T string\n", "not a plain struct"},
		{"syntax error", "type T struct {\n", "parsing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "g", "v1")
			require.NoError(t, os.MkdirAll(dir, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "types.go"), []byte("package v1\n\n"+tt.source), 0o644))
			_, err := model.LoadPackage(dir, "x/g/v1")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
	_, err := model.Load(filepath.Join(t.TempDir(), "missing"), model.Options{})
	require.Error(t, err)
}

func TestTagsInDocCommentAndDefaultGroup(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "apps", "v1")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	src := "package v1\n\n// Thing has its tags in its doc comment.\n// +genclient\n// +genclient:nonNamespaced\ntype Thing struct{ Status int }\n\ntype ThingList struct{}\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "types.go"), []byte(src), 0o644))
	gv, err := model.LoadPackage(dir, "x/apps/v1")
	require.NoError(t, err)
	assert.Equal(t, "apps", gv.Group, "no +groupName: the directory name")
	assert.Equal(t, "Apps", gv.GoGroup)
	require.Len(t, gv.Types, 1)
	assert.False(t, gv.Types[0].Namespaced)
	assert.True(t, gv.Types[0].Has(model.UpdateStatus))
}

func TestNaming(t *testing.T) {
	tests := map[string]string{
		"Pod": "Pods", "Endpoints": "Endpoints", "Ingress": "Ingresses", "NetworkPolicy": "NetworkPolicies",
		"Gateway": "Gateways", "Box": "Boxes", "Patch": "Patches", "Mesh": "Meshes", "Quiz": "Quizes", "": "",
	}
	for kind, want := range tests {
		assert.Equal(t, want, model.Plural(kind), kind)
	}
	assert.Equal(t, "corev1", model.PackageAlias("k8s.io/api/core/v1"))
	assert.Equal(t, "apiserverinternalv1alpha1", model.PackageAlias("k8s.io/api/apiserverinternal/v1alpha1"))
	assert.Equal(t, "configMap", model.LowerFirst("ConfigMap"))
	assert.Equal(t, "", model.LowerFirst(""))
}

func TestCoreGroup(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "core", "v1")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "doc.go"), []byte("// +groupName=\npackage v1\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "types.go"), []byte("package v1\n\n// +genclient\n\n// Pod doc.\ntype Pod struct{}\n"), 0o644))
	gv, err := model.LoadPackage(dir, "k8s.io/api/core/v1")
	require.NoError(t, err)
	assert.Equal(t, "", gv.Group)
	assert.Equal(t, "CoreV1", gv.GoName())
	assert.Equal(t, "/api", gv.APIPath())
}
