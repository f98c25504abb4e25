package testcluster

import (
	"context"
	"net/http"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { os.Exit(Run(m)) }

func TestGetServesVersion(t *testing.T) {
	c := Get(t)
	client, err := c.HTTPClient()
	require.NoError(t, err)
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, c.Host+"/version", nil)
	require.NoError(t, err)
	resp, err := client.Do(req)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}
