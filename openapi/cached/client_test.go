package cached_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/openapi"
	"github.com/kclient/kclient/openapi/cached"
)

// countingClient serves two documents and counts the calls it receives.
type countingClient struct {
	mu           sync.Mutex
	paths, fetch int
	fail         bool
}

func (c *countingClient) Paths() (map[string]openapi.GroupVersion, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.paths++
	if c.fail {
		return nil, errors.New("index unavailable")
	}
	return map[string]openapi.GroupVersion{"apis/apps/v1": doc{c, "/openapi/v3/apis/apps/v1?hash=1"}, "api/v1": doc{c, "/openapi/v3/api/v1?hash=2"}}, nil
}

type doc struct {
	c   *countingClient
	url string
}

func (d doc) Schema(contentType string) ([]byte, error) {
	d.c.mu.Lock()
	defer d.c.mu.Unlock()
	d.c.fetch++
	return []byte(d.url + " as " + contentType), nil
}

func (d doc) ServerRelativeURL() string { return d.url }

func TestCachedClientFetchesOnce(t *testing.T) {
	delegate := &countingClient{}
	client := cached.NewClient(delegate)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			paths, err := client.Paths()
			assert.NoError(t, err)
			b, err := paths["apis/apps/v1"].Schema("application/json")
			assert.NoError(t, err)
			assert.Equal(t, "/openapi/v3/apis/apps/v1?hash=1 as application/json", string(b))
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, delegate.paths)
	assert.Equal(t, 1, delegate.fetch)

	paths, err := client.Paths()
	require.NoError(t, err)
	_, err = paths["apis/apps/v1"].Schema(openapi.ContentTypeOpenAPIV3PB)
	require.NoError(t, err)
	assert.Equal(t, 2, delegate.fetch, "each content type is fetched once")
	assert.Equal(t, "/openapi/v3/api/v1?hash=2", paths["api/v1"].ServerRelativeURL())

	withCtx := cached.NewClientWithContext(openapi.ToClientWithContext(delegate))
	ctxPaths, err := withCtx.PathsWithContext(context.Background())
	require.NoError(t, err)
	assert.Len(t, ctxPaths, 2)
}

func TestCachedClientCachesErrors(t *testing.T) {
	delegate := &countingClient{fail: true}
	client := cached.NewClient(delegate)
	_, err := client.Paths()
	require.Error(t, err)
	_, err = client.Paths()
	require.Error(t, err)
	assert.Equal(t, 1, delegate.paths)
}
