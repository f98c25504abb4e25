package openapitest_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/openapi"
	"github.com/kclient/kclient/openapi/openapitest"
	"github.com/kclient/kclient/openapi3"
)

func TestEmbeddedDocumentsParse(t *testing.T) {
	root := openapi3.NewRoot(openapitest.NewEmbeddedFileClient())
	gvs, err := root.GroupVersions()
	require.NoError(t, err)
	assert.Equal(t, []schema.GroupVersion{{Group: "apps", Version: "v1"}, {Group: "batch", Version: "v1"}, {Group: "discovery.k8s.io", Version: "v1"}, {Version: "v1"}}, gvs)
	spec, err := root.GVSpec(schema.GroupVersion{Group: "apps", Version: "v1"})
	require.NoError(t, err)
	assert.Contains(t, spec.Components.Schemas, "io.k8s.api.apps.v1.Deployment")

	tc, err := openapi.NewTypeConverter(openapitest.NewEmbeddedFileClient(), false)
	require.NoError(t, err)
	assert.NotNil(t, tc)
}

func TestFileClient(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "apis__example.com__v1_openapi.json"), []byte(`{"openapi":"3.0.0"}`), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "README"), []byte("ignored"), 0o600))
	paths, err := openapitest.NewFileClient(dir).Paths()
	require.NoError(t, err)
	require.Len(t, paths, 1)
	gv := paths["apis/example.com/v1"]
	assert.Equal(t, "/openapi/v3/apis/example.com/v1", gv.ServerRelativeURL())
	data, err := gv.Schema("application/json")
	require.NoError(t, err)
	assert.JSONEq(t, `{"openapi":"3.0.0"}`, string(data))
	_, err = gv.Schema(openapi.ContentTypeOpenAPIV3PB)
	assert.Error(t, err)
}

func TestFakeClient(t *testing.T) {
	f := openapitest.NewFakeClient()
	f.PathsMap["api/v1"] = openapitest.FakeGroupVersion{GVSpec: []byte("{}")}
	paths, err := f.Paths()
	require.NoError(t, err)
	data, err := paths["api/v1"].Schema("application/json")
	require.NoError(t, err)
	assert.Equal(t, "{}", string(data))
	empty, err := openapitest.FakeClient{}.Paths()
	require.NoError(t, err)
	assert.Empty(t, empty)

	boom := errors.New("boom")
	_, err = openapitest.FakeClient{ForcedErr: boom}.Paths()
	assert.ErrorIs(t, err, boom)
	_, err = openapitest.FakeGroupVersion{ForcedErr: boom}.Schema("application/json")
	assert.ErrorIs(t, err, boom)
	b, err := openapitest.FakeGroupVersion{}.Schema("application/json")
	require.NoError(t, err)
	assert.Empty(t, b)
}
