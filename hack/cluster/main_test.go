package main

import (
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kclient/kclient/internal/localcluster"
)

func TestExitCode(t *testing.T) {
	cases := []struct {
		name string
		cmd  []string
		want int
	}{
		{"success", []string{"true"}, 0},
		{"plain failure", []string{"sh", "-c", "exit 3"}, 3},
		{"killed by a signal", []string{"sh", "-c", "kill -TERM $$"}, 128 + 15},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, exitCode(exec.Command(tc.cmd[0], tc.cmd[1:]...).Run()))
		})
	}
}

func TestStringList(t *testing.T) {
	var l stringList
	require.NoError(t, l.Set("--a=1"))
	require.NoError(t, l.Set("--b=2"))
	assert.Equal(t, stringList{"--a=1", "--b=2"}, l)
	assert.Equal(t, "--a=1 --b=2", l.String())
}

func TestUpDown(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test: needs the local kube-apiserver; run without -short")
	}
	dir := filepath.Join(t.TempDir(), "state")
	t.Cleanup(func() { runDown(context.Background(), []string{"-dir", dir}) })

	require.Equal(t, 0, runUp(context.Background(), []string{"-dir", dir}))
	c, err := localcluster.Load(dir)
	require.NoError(t, err)
	require.True(t, c.Running())
	client, err := c.HTTPClient()
	require.NoError(t, err)
	resp, err := client.Get(c.Host + "/version")
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	// A second up finds the running cluster and leaves it alone.
	require.Equal(t, 0, runUp(context.Background(), []string{"-dir", dir}))
	again, err := localcluster.Load(dir)
	require.NoError(t, err)
	assert.Equal(t, c.Host, again.Host)

	require.Equal(t, 0, runDown(context.Background(), []string{"-dir", dir}))
	_, err = os.Stat(dir)
	assert.True(t, errors.Is(err, os.ErrNotExist))
	assert.False(t, c.Running(), "processes must be gone after down")
	assert.Equal(t, 0, runDown(context.Background(), []string{"-dir", dir}), "down without a cluster is fine")
}
