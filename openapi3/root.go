// Package openapi3 reads a server's OpenAPI v3 documents per API
// group-version, parsed (spec3.OpenAPI) or as plain maps. It is safe for
// concurrent use if the underlying client is; wrap the client with
// openapi/cached to avoid refetching.
package openapi3

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/kube-openapi/pkg/spec3"

	"github.com/kclient/kclient/openapi"
)

// Root reads the OpenAPI v3 root document and the per group-version
// documents it points to.
type Root interface {
	// GroupVersions returns, sorted, every group-version with a document.
	GroupVersions() ([]schema.GroupVersion, error)
	// GVSpec returns the parsed document of gv.
	GVSpec(gv schema.GroupVersion) (*spec3.OpenAPI, error)
	// GVSpecAsMap returns the document of gv as unstructured JSON.
	GVSpecAsMap(gv schema.GroupVersion) (map[string]interface{}, error)
}

// GroupVersionNotFoundError is returned when the root document has no entry
// for a group-version.
type GroupVersionNotFoundError struct {
	gv schema.GroupVersion
}

// Error names the group-version.
func (r *GroupVersionNotFoundError) Error() string {
	return fmt.Sprintf("GroupVersion (%v) not found as OpenAPI V3 path", r.gv)
}

// NewRoot returns a Root reading through client.
func NewRoot(client openapi.Client) Root {
	return &root{client: client}
}

type root struct {
	client openapi.Client
}

func (r *root) GroupVersions() ([]schema.GroupVersion, error) {
	paths, err := r.client.Paths()
	if err != nil {
		return nil, err
	}
	var out []schema.GroupVersion
	for path := range paths {
		if gv, ok := pathToGroupVersion(path); ok {
			out = append(out, gv)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out, nil
}

func (r *root) GVSpec(gv schema.GroupVersion) (*spec3.OpenAPI, error) {
	data, err := r.document(gv)
	if err != nil {
		return nil, err
	}
	out := &spec3.OpenAPI{}
	if err := json.Unmarshal(data, out); err != nil {
		return nil, fmt.Errorf("parsing the OpenAPI v3 document of %s: %w", gv, err)
	}
	return out, nil
}

func (r *root) GVSpecAsMap(gv schema.GroupVersion) (map[string]interface{}, error) {
	data, err := r.document(gv)
	if err != nil {
		return nil, err
	}
	var out map[string]interface{}
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("parsing the OpenAPI v3 document of %s: %w", gv, err)
	}
	return out, nil
}

func (r *root) document(gv schema.GroupVersion) ([]byte, error) {
	paths, err := r.client.Paths()
	if err != nil {
		return nil, err
	}
	doc, ok := paths[groupVersionToPath(gv)]
	if !ok {
		return nil, &GroupVersionNotFoundError{gv: gv}
	}
	return doc.Schema(runtime.ContentTypeJSON)
}

// pathToGroupVersion parses "api/v1" and "apis/<group>/<version>".
func pathToGroupVersion(path string) (schema.GroupVersion, bool) {
	parts := strings.Split(path, "/")
	switch {
	case len(parts) == 2 && parts[0] == "api":
		return schema.GroupVersion{Version: parts[1]}, true
	case len(parts) == 3 && parts[0] == "apis":
		return schema.GroupVersion{Group: parts[1], Version: parts[2]}, true
	default:
		return schema.GroupVersion{}, false
	}
}

func groupVersionToPath(gv schema.GroupVersion) string {
	if gv.Group == "" {
		return "api/" + gv.Version
	}
	return "apis/" + gv.Group + "/" + gv.Version
}
