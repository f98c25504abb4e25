package testing

import (
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"k8s.io/kube-openapi/pkg/spec3"
)

// FakeOpenAPIServer serves OpenAPI v3 documents the way a kube-apiserver
// does: an index at /openapi/v3 listing every group-version with a
// hash-qualified URL, and each document as JSON at /openapi/v3/<group-version>.
// Call HttpServer.Close when done.
type FakeOpenAPIServer struct {
	// HttpServer is the running server; its URL is the apiserver host.
	HttpServer *httptest.Server
	// ServedDocuments maps each group-version path (for example
	// "apis/apps/v1") to the document served for it.
	ServedDocuments map[string]*spec3.OpenAPI
	// RequestCounters counts requests per URL path, including paths that were
	// not found. Read it only while no requests are in flight.
	RequestCounters map[string]int
}

// NewFakeOpenAPIV3Server starts a server for the OpenAPI v3 documents found
// under specsPath: every *.json file, named after its group-version relative
// to specsPath (apis/apps/v1.json serves "apis/apps/v1"). A file that cannot
// be read or is not an OpenAPI document is an error.
func NewFakeOpenAPIV3Server(specsPath string) (*FakeOpenAPIServer, error) {
	docs := map[string]*spec3.OpenAPI{}
	bodies := map[string][]byte{}
	err := filepath.WalkDir(specsPath, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || filepath.Ext(path) != ".json" {
			return nil
		}
		rel, err := filepath.Rel(specsPath, path)
		if err != nil {
			return err
		}
		gv := filepath.ToSlash(strings.TrimSuffix(rel, ".json"))
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		doc := &spec3.OpenAPI{}
		if err := json.Unmarshal(raw, doc); err != nil {
			return fmt.Errorf("%s: not an OpenAPI v3 document: %w", path, err)
		}
		docs[gv], bodies[gv] = doc, raw
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("loading OpenAPI v3 documents from %s: %w", specsPath, err)
	}

	h := &openAPIHandler{bodies: bodies, counts: map[string]int{}}
	h.index, err = h.buildIndex()
	if err != nil {
		return nil, err
	}
	return &FakeOpenAPIServer{
		HttpServer:      httptest.NewServer(h),
		ServedDocuments: docs,
		RequestCounters: h.counts,
	}, nil
}

type openAPIHandler struct {
	bodies map[string][]byte // group-version -> JSON document
	index  []byte

	mu     sync.Mutex
	counts map[string]int
}

const openAPIPrefix = "/openapi/v3"

// buildIndex renders the /openapi/v3 discovery document. Each URL carries
// the document's hash, as the apiserver's do, so clients can cache by URL.
func (h *openAPIHandler) buildIndex() ([]byte, error) {
	type entry struct {
		ServerRelativeURL string `json:"serverRelativeURL"`
	}
	paths := make(map[string]entry, len(h.bodies))
	gvs := make([]string, 0, len(h.bodies))
	for gv := range h.bodies {
		gvs = append(gvs, gv)
	}
	sort.Strings(gvs)
	for _, gv := range gvs {
		sum := sha512.Sum512(h.bodies[gv])
		paths[gv] = entry{ServerRelativeURL: openAPIPrefix + "/" + gv + "?hash=" + strings.ToUpper(hex.EncodeToString(sum[:]))}
	}
	return json.Marshal(map[string]interface{}{"paths": paths})
}

func (h *openAPIHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.counts[r.URL.Path]++
	h.mu.Unlock()

	var body []byte
	switch p := r.URL.Path; {
	case p == openAPIPrefix || p == openAPIPrefix+"/":
		body = h.index
	case strings.HasPrefix(p, openAPIPrefix+"/"):
		body = h.bodies[strings.TrimPrefix(p, openAPIPrefix+"/")]
	}
	if body == nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}
