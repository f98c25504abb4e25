// Package cached wraps an openapi client so that the index of documents is
// fetched once and each document once per content type. Because document
// URLs carry a content hash, a cached client stays correct until the
// server's APIs change; make a new one (discovery caches do so on
// Invalidate) to pick up changes. Clients are safe for concurrent use.
package cached

import (
	"context"
	"sync"

	"github.com/kclient/kclient/openapi"
)

// Client caches an openapi.ClientWithContext. Errors are cached as well.
type Client struct {
	delegate openapi.ClientWithContext

	once  sync.Once
	paths map[string]openapi.GroupVersionWithContext
	err   error
}

// NewClient returns a caching openapi.Client over other.
func NewClient(other openapi.Client) openapi.Client {
	return &legacyClient{NewClientWithContext(openapi.ToClientWithContext(other))}
}

// NewClientWithContext returns a caching client over other.
func NewClientWithContext(other openapi.ClientWithContext) *Client {
	return &Client{delegate: other}
}

// Paths is PathsWithContext for the context-free interface.
func (c *Client) Paths() (map[string]openapi.GroupVersion, error) {
	return (&legacyClient{c}).Paths()
}

// PathsWithContext returns the document index, fetched on the first call.
func (c *Client) PathsWithContext(ctx context.Context) (map[string]openapi.GroupVersionWithContext, error) {
	c.once.Do(func() {
		paths, err := c.delegate.PathsWithContext(ctx)
		if err != nil {
			c.err = err
			return
		}
		c.paths = make(map[string]openapi.GroupVersionWithContext, len(paths))
		for k, v := range paths {
			c.paths[k] = &groupVersion{delegate: v, byType: map[string]*schemaResult{}}
		}
	})
	return c.paths, c.err
}

// legacyClient exposes a Client through the context-free interface.
type legacyClient struct{ c *Client }

func (l *legacyClient) Paths() (map[string]openapi.GroupVersion, error) {
	paths, err := l.c.PathsWithContext(context.Background())
	if err != nil {
		return nil, err
	}
	out := make(map[string]openapi.GroupVersion, len(paths))
	for k, v := range paths {
		out[k] = v.(*groupVersion)
	}
	return out, nil
}

func (l *legacyClient) PathsWithContext(ctx context.Context) (map[string]openapi.GroupVersionWithContext, error) {
	return l.c.PathsWithContext(ctx)
}

type schemaResult struct {
	once sync.Once
	data []byte
	err  error
}

// groupVersion caches one document per content type.
type groupVersion struct {
	delegate openapi.GroupVersionWithContext

	mu     sync.Mutex
	byType map[string]*schemaResult
}

func (g *groupVersion) Schema(contentType string) ([]byte, error) {
	return g.SchemaWithContext(context.Background(), contentType)
}

func (g *groupVersion) SchemaWithContext(ctx context.Context, contentType string) ([]byte, error) {
	g.mu.Lock()
	r, ok := g.byType[contentType]
	if !ok {
		r = &schemaResult{}
		g.byType[contentType] = r
	}
	g.mu.Unlock()
	r.once.Do(func() { r.data, r.err = g.delegate.SchemaWithContext(ctx, contentType) })
	return r.data, r.err
}

func (g *groupVersion) ServerRelativeURL() string { return g.delegate.ServerRelativeURL() }
