package openapitest

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/openapi"
)

//go:embed testdata/*.json.gz
var embedded embed.FS

// NewFileClient returns a client serving the documents in directory path,
// named as in Kubernetes' api/openapi-spec/v3: "apis__apps__v1_openapi.json"
// is "apis/apps/v1". Gzipped files (".json.gz") are served decompressed.
// The directory is read on every Paths call.
func NewFileClient(path string) openapi.Client {
	return &fileClient{fsys: os.DirFS(path)}
}

// NewEmbeddedFileClient returns a client serving the documents embedded in
// this package.
func NewEmbeddedFileClient() openapi.Client {
	sub, err := fs.Sub(embedded, "testdata")
	if err != nil {
		panic(err)
	}
	return &fileClient{fsys: sub}
}

type fileClient struct {
	fsys fs.FS
}

// pathOf maps a file name to its document path, or "" for other files.
func pathOf(name string) string {
	for _, suffix := range []string{"_openapi.json", "_openapi.json.gz"} {
		if base, ok := strings.CutSuffix(name, suffix); ok {
			return strings.ReplaceAll(base, "__", "/")
		}
	}
	return ""
}

func (c *fileClient) Paths() (map[string]openapi.GroupVersion, error) {
	entries, err := fs.ReadDir(c.fsys, ".")
	if err != nil {
		return nil, err
	}
	paths := map[string]openapi.GroupVersion{}
	for _, e := range entries {
		if p := pathOf(e.Name()); p != "" && !e.IsDir() {
			paths[p] = fileGroupVersion{fsys: c.fsys, name: e.Name(), path: p}
		}
	}
	return paths, nil
}

type fileGroupVersion struct {
	fsys       fs.FS
	name, path string
}

func (g fileGroupVersion) Schema(contentType string) ([]byte, error) {
	if contentType != runtime.ContentTypeJSON {
		return nil, errOnlyJSON
	}
	data, err := fs.ReadFile(g.fsys, g.name)
	if err != nil || !strings.HasSuffix(g.name, ".gz") {
		return data, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", g.name, err)
	}
	defer zr.Close()
	return io.ReadAll(zr)
}

func (g fileGroupVersion) ServerRelativeURL() string { return "/openapi/v3/" + g.path }
