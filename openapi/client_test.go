package openapi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"

	"github.com/kclient/kclient/openapi"
	"github.com/kclient/kclient/rest"
)

func restClient(t *testing.T, handler http.HandlerFunc) rest.Interface {
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	c, err := rest.UnversionedRESTClientFor(&rest.Config{
		Host:          srv.URL,
		ContentConfig: rest.ContentConfig{NegotiatedSerializer: serializer.NewCodecFactory(nil).WithoutConversion(), GroupVersion: &schema.GroupVersion{}},
	})
	require.NoError(t, err)
	return c
}

func TestPathsAndSchema(t *testing.T) {
	var accept string
	c := restClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/openapi/v3":
			fmt.Fprint(w, `{"paths":{"apis/apps/v1":{"serverRelativeURL":"/openapi/v3/apis/apps/v1?hash=ABC"}}}`)
		case "/openapi/v3/apis/apps/v1":
			accept = r.Header.Get("Accept")
			fmt.Fprint(w, "schema hash=", r.URL.Query().Get("hash"))
		default:
			http.NotFound(w, r)
		}
	})
	paths, err := openapi.NewClient(c).Paths()
	require.NoError(t, err)
	require.Contains(t, paths, "apis/apps/v1")
	gv := paths["apis/apps/v1"]
	assert.Equal(t, "/openapi/v3/apis/apps/v1?hash=ABC", gv.ServerRelativeURL())
	body, err := gv.Schema(openapi.ContentTypeOpenAPIV3PB)
	require.NoError(t, err)
	assert.Equal(t, "schema hash=ABC", string(body))
	assert.Equal(t, openapi.ContentTypeOpenAPIV3PB, accept)

	ctxPaths, err := openapi.NewClientWithContext(c).PathsWithContext(context.Background())
	require.NoError(t, err)
	body, err = ctxPaths["apis/apps/v1"].SchemaWithContext(context.Background(), "application/json")
	require.NoError(t, err)
	assert.Equal(t, "application/json", accept)
	assert.NotEmpty(t, body)

	adapted, err := openapi.ToClientWithContext(openapi.NewClient(c)).PathsWithContext(context.Background())
	require.NoError(t, err)
	assert.Len(t, adapted, 1)
}

func TestGarbageIndexNamesTheURL(t *testing.T) {
	c := restClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html>proxy login</html>")
	})
	_, err := openapi.NewClient(c).Paths()
	require.Error(t, err)
	assert.ErrorContains(t, err, "/openapi/v3")
}
