package testing

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/rest"
)

// recorder is a TestInterface that keeps what it was told.
type recorder struct{ errors, logs []string }

func (r *recorder) Errorf(format string, args ...interface{}) {
	r.errors = append(r.errors, format)
}
func (r *recorder) Logf(format string, args ...interface{}) { r.logs = append(r.logs, format) }

func do(t *testing.T, srv *httptest.Server, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

func TestFakeHandlerValidateRequest(t *testing.T) {
	body := `{"kind":"Pod"}`
	other := "nope"
	tests := []struct {
		name       string
		requests   int
		path       string
		method     string
		body       *string
		wantErrors int
		wantLogs   bool
	}{
		{name: "match", requests: 1, path: "/api/v1/pods?limit=1", method: "POST", body: &body},
		{name: "body not checked", requests: 1, path: "/api/v1/pods?limit=1", method: "POST"},
		{name: "wrong path", requests: 1, path: "/api/v1/nodes?limit=1", method: "POST", wantErrors: 1},
		{name: "wrong query", requests: 1, path: "/api/v1/pods?limit=2", method: "POST", wantErrors: 1},
		{name: "wrong method and body", requests: 1, path: "/api/v1/pods?limit=1", method: "PUT", body: &other, wantErrors: 2},
		{name: "two requests are logged", requests: 2, path: "/api/v1/pods?limit=1", method: "POST", wantLogs: true},
		{name: "no request", requests: 0, path: "/x", method: "GET", wantErrors: 1, wantLogs: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &FakeHandler{StatusCode: http.StatusCreated, ResponseBody: `{"ok":true}`}
			srv := httptest.NewServer(h)
			defer srv.Close()
			for range tt.requests {
				code, resp := do(t, srv, "POST", "/api/v1/pods?limit=1", body)
				assert.Equal(t, http.StatusCreated, code)
				assert.Equal(t, `{"ok":true}`, resp)
			}
			r := &recorder{}
			h.ValidateRequest(r, tt.path, tt.method, tt.body)
			assert.Len(t, r.errors, tt.wantErrors, "errors: %v", r.errors)
			assert.Equal(t, tt.wantLogs, len(r.logs) > 0)
		})
	}
}

func TestFakeHandlerCountSkipAndLateRequests(t *testing.T) {
	h := &FakeHandler{
		SkipRequestFn: func(verb string, u url.URL) bool { return u.Path == "/healthz" },
		T:             t,
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	code, _ := do(t, srv, "GET", "/healthz", "")
	assert.Equal(t, http.StatusOK, code, "a zero StatusCode answers 200")
	do(t, srv, "GET", "/a", "")
	h.SetResponseBody("second")
	_, resp := do(t, srv, "GET", "/b", "")
	assert.Equal(t, "second", resp)

	r := &recorder{}
	assert.False(t, h.ValidateRequestCount(r, 1))
	assert.Len(t, r.errors, 1)
	r = &recorder{}
	assert.True(t, h.ValidateRequestCount(r, 2))
	assert.Empty(t, r.errors)

	code, _ = do(t, srv, "GET", "/late", "")
	assert.Equal(t, http.StatusInternalServerError, code)
	assert.False(t, h.ValidateRequestCount(&recorder{}, 2), "the late request is counted")
}

// writeSpecs unpacks two of openapi/openapitest's recorded documents into a
// specs directory laid out by group-version.
func writeSpecs(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for src, gv := range map[string]string{
		"api__v1_openapi.json.gz":        "api/v1",
		"apis__apps__v1_openapi.json.gz": "apis/apps/v1",
	} {
		f, err := os.Open(filepath.Join("..", "..", "openapi", "openapitest", "testdata", src))
		require.NoError(t, err)
		zr, err := gzip.NewReader(f)
		require.NoError(t, err)
		raw, err := io.ReadAll(zr)
		require.NoError(t, err)
		f.Close()
		dst := filepath.Join(dir, filepath.FromSlash(gv)+".json")
		require.NoError(t, os.MkdirAll(filepath.Dir(dst), 0o755))
		require.NoError(t, os.WriteFile(dst, raw, 0o644))
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "README"), []byte("not a spec"), 0o644))
	return dir
}

func TestFakeOpenAPIV3Server(t *testing.T) {
	s, err := NewFakeOpenAPIV3Server(writeSpecs(t))
	require.NoError(t, err)
	defer s.HttpServer.Close()
	assert.Len(t, s.ServedDocuments, 2)
	require.Contains(t, s.ServedDocuments, "apis/apps/v1")
	assert.Contains(t, s.ServedDocuments["apis/apps/v1"].Components.Schemas, "io.k8s.api.apps.v1.Deployment")

	dc, err := discovery.NewDiscoveryClientForConfig(&rest.Config{Host: s.HttpServer.URL})
	require.NoError(t, err)
	paths, err := dc.OpenAPIV3().Paths()
	require.NoError(t, err)
	require.Contains(t, paths, "apis/apps/v1")
	raw, err := paths["apis/apps/v1"].Schema("application/json")
	require.NoError(t, err)
	var doc map[string]interface{}
	require.NoError(t, json.Unmarshal(raw, &doc))
	assert.Contains(t, doc, "components")

	assert.Equal(t, 1, s.RequestCounters["/openapi/v3"])
	assert.Equal(t, 1, s.RequestCounters["/openapi/v3/apis/apps/v1"])
	code, _ := do(t, s.HttpServer, "GET", "/openapi/v3/apis/nope/v1", "")
	assert.Equal(t, http.StatusNotFound, code)
}

func TestFakeOpenAPIV3ServerErrors(t *testing.T) {
	_, err := NewFakeOpenAPIV3Server(filepath.Join(t.TempDir(), "missing"))
	require.ErrorContains(t, err, "loading OpenAPI v3 documents")

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.json"), []byte("[1,2"), 0o644))
	_, err = NewFakeOpenAPIV3Server(dir)
	require.ErrorContains(t, err, "not an OpenAPI v3 document")
}

func TestTmpHelpers(t *testing.T) {
	dir, err := MkTmpdir("kclient-util-testing-")
	require.NoError(t, err)
	defer os.RemoveAll(dir)
	assert.True(t, strings.HasPrefix(filepath.Base(dir), "kclient-util-testing-"))
	info, err := os.Stat(dir)
	require.NoError(t, err)
	assert.True(t, info.IsDir())

	dir2 := MkTmpdirOrDie("kclient-util-testing-")
	defer os.RemoveAll(dir2)
	assert.NotEqual(t, dir, dir2)

	_, err = MkTmpdir("bad/prefix")
	require.Error(t, err)
	assert.Panics(t, func() { MkTmpdirOrDie("bad/prefix") })

	f, err := os.CreateTemp(dir, "f")
	require.NoError(t, err)
	CloseAndRemove(t, f, nil)
	_, err = os.Stat(f.Name())
	assert.True(t, os.IsNotExist(err))
}
