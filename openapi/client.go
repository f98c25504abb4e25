package openapi

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/kclient/kclient/rest"
)

// ContentTypeOpenAPIV3PB is the Accept type for an OpenAPI v3 document in
// protobuf encoding.
const ContentTypeOpenAPIV3PB = "application/com.github.proto-openapi.spec.v3@v1.0+protobuf"

// Client lists the OpenAPI v3 documents a server publishes.
//
// ClientWithContext is the context-aware variant.
type Client interface {
	// Paths returns the documents keyed by path relative to /openapi/v3,
	// e.g. "api/v1" or "apis/apps/v1".
	Paths() (map[string]GroupVersion, error)
}

// ClientWithContext lists the OpenAPI v3 documents a server publishes.
type ClientWithContext interface {
	// PathsWithContext returns the documents keyed by path relative to
	// /openapi/v3, e.g. "api/v1" or "apis/apps/v1".
	PathsWithContext(ctx context.Context) (map[string]GroupVersionWithContext, error)
}

// GroupVersion is one OpenAPI v3 document.
//
// GroupVersionWithContext is the context-aware variant.
type GroupVersion interface {
	// Schema fetches the document in the given content type
	// ("application/json" or ContentTypeOpenAPIV3PB).
	Schema(contentType string) ([]byte, error)
	// ServerRelativeURL returns the path and query that fetch the document.
	// It contains a content hash, so it can key a cache.
	ServerRelativeURL() string
}

// GroupVersionWithContext is one OpenAPI v3 document.
type GroupVersionWithContext interface {
	// SchemaWithContext fetches the document in the given content type.
	SchemaWithContext(ctx context.Context, contentType string) ([]byte, error)
	// ServerRelativeURL returns the path and query that fetch the document.
	ServerRelativeURL() string
}

// NewClient returns a Client that sends its requests through restClient.
func NewClient(restClient rest.Interface) Client {
	return &client{rc: restClient}
}

// NewClientWithContext returns a ClientWithContext that sends its requests
// through restClient.
func NewClientWithContext(restClient rest.Interface) ClientWithContext {
	return &client{rc: restClient}
}

// ToClientWithContext adapts a Client; a value that already implements
// ClientWithContext is returned as is.
func ToClientWithContext(c Client) ClientWithContext {
	if c == nil {
		return nil
	}
	if cc, ok := c.(ClientWithContext); ok {
		return cc
	}
	return clientAdapter{c}
}

// ToGroupVersionWithContext adapts a GroupVersion; a value that already
// implements GroupVersionWithContext is returned as is.
func ToGroupVersionWithContext(gv GroupVersion) GroupVersionWithContext {
	if gv == nil {
		return nil
	}
	if g, ok := gv.(GroupVersionWithContext); ok {
		return g
	}
	return gvAdapter{gv}
}

type client struct {
	rc rest.Interface
}

// discoveryDoc is the body of /openapi/v3.
type discoveryDoc struct {
	Paths map[string]struct {
		ServerRelativeURL string `json:"serverRelativeURL"`
	} `json:"paths"`
}

func (c *client) paths(ctx context.Context) (map[string]*groupVersion, error) {
	req := c.rc.Get().AbsPath("/openapi/v3").SetHeader("Accept", "application/json")
	body, err := req.DoRaw(ctx)
	if err != nil {
		return nil, err
	}
	var doc discoveryDoc
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("decoding the OpenAPI v3 index from %s: %w", req.URL(), err)
	}
	out := make(map[string]*groupVersion, len(doc.Paths))
	for path, p := range doc.Paths {
		out[path] = &groupVersion{rc: c.rc, url: p.ServerRelativeURL}
	}
	return out, nil
}

func (c *client) Paths() (map[string]GroupVersion, error) {
	ps, err := c.paths(context.Background())
	if err != nil {
		return nil, err
	}
	out := make(map[string]GroupVersion, len(ps))
	for k, v := range ps {
		out[k] = v
	}
	return out, nil
}

func (c *client) PathsWithContext(ctx context.Context) (map[string]GroupVersionWithContext, error) {
	ps, err := c.paths(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]GroupVersionWithContext, len(ps))
	for k, v := range ps {
		out[k] = v
	}
	return out, nil
}

type groupVersion struct {
	rc  rest.Interface
	url string
}

func (g *groupVersion) ServerRelativeURL() string { return g.url }

func (g *groupVersion) Schema(contentType string) ([]byte, error) {
	return g.SchemaWithContext(context.Background(), contentType)
}

func (g *groupVersion) SchemaWithContext(ctx context.Context, contentType string) ([]byte, error) {
	return g.rc.Get().RequestURI(g.url).SetHeader("Accept", contentType).DoRaw(ctx)
}

type clientAdapter struct{ c Client }

func (a clientAdapter) PathsWithContext(context.Context) (map[string]GroupVersionWithContext, error) {
	ps, err := a.c.Paths()
	if err != nil {
		return nil, err
	}
	out := make(map[string]GroupVersionWithContext, len(ps))
	for k, v := range ps {
		out[k] = ToGroupVersionWithContext(v)
	}
	return out, nil
}

type gvAdapter struct{ GroupVersion }

func (a gvAdapter) SchemaWithContext(_ context.Context, contentType string) ([]byte, error) {
	return a.Schema(contentType)
}
