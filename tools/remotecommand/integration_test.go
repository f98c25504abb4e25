package remotecommand_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	streamhttp "k8s.io/streaming/pkg/httpstream"

	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/internal/testkubelet"
	"github.com/kclient/kclient/kubernetes/scheme"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/remotecommand"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

// The local cluster has no kubelet, so exec can only get as far as the API
// server's own answers: these tests check that those answers arrive as the
// right errors, over both transports, after a real upgrade negotiation.

// setup creates a namespace with a pod that stays Pending (no scheduler,
// no node) and a pod bound to a node that does not exist.
func setup(t *testing.T) *testkubelet.Session {
	t.Helper()
	s := testkubelet.NewSession(t, testcluster.Get(t), "exec-it")
	s.AddPod(t, "pending", "")
	s.AddPod(t, "on-ghost-node", "ghost-node")
	return s
}

func execURL(s *testkubelet.Session, pod string) *http.Request {
	req := s.PodRequest(pod, "exec").
		VersionedParams(&corev1.PodExecOptions{Container: "main", Command: []string{"true"}, Stdout: true, Stderr: true}, scheme.ParameterCodec)
	return &http.Request{URL: req.URL()}
}

func TestExecAgainstAPIServer(t *testing.T) {
	s := setup(t)
	config := s.Config

	executors := map[string]func(t *testing.T, pod string) remotecommand.Executor{
		"spdy": func(t *testing.T, pod string) remotecommand.Executor {
			e, err := remotecommand.NewSPDYExecutor(config, http.MethodPost, execURL(s, pod).URL)
			require.NoError(t, err)
			return e
		},
		"websocket": func(t *testing.T, pod string) remotecommand.Executor {
			e, err := remotecommand.NewWebSocketExecutor(config, http.MethodGet, execURL(s, pod).URL.String())
			require.NoError(t, err)
			return e
		},
	}
	tests := []struct {
		pod   string
		check func(t *testing.T, transport string, err error)
	}{
		{
			pod: "missing",
			check: func(t *testing.T, transport string, err error) {
				assert.True(t, apierrors.IsNotFound(err), "%v", err)
				assert.Contains(t, err.Error(), `pods "missing" not found`)
				if transport == "websocket" {
					assert.True(t, streamhttp.IsUpgradeFailure(err), "%v", err)
				}
			},
		},
		{
			pod: "pending",
			check: func(t *testing.T, _ string, err error) {
				assert.True(t, apierrors.IsBadRequest(err), "%v", err)
				assert.Contains(t, err.Error(), "pod pending does not have a host assigned")
			},
		},
		{
			pod: "on-ghost-node",
			check: func(t *testing.T, _ string, err error) {
				// The API server looks the node up for the kubelet's address;
				// its answer names the node, under the pods resource.
				assert.True(t, apierrors.IsNotFound(err), "%v", err)
				assert.Contains(t, err.Error(), `"ghost-node" not found`)
			},
		},
	}
	for transport, newExecutor := range executors {
		for _, tt := range tests {
			t.Run(transport+"/"+tt.pod, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				err := newExecutor(t, tt.pod).StreamWithContext(ctx, remotecommand.StreamOptions{Stdout: io.Discard, Stderr: io.Discard})
				require.Error(t, err)
				tt.check(t, transport, err)
			})
		}
	}
}

func TestExecFallbackAgainstAPIServer(t *testing.T) {
	s := setup(t)
	config := s.Config
	u := execURL(s, "pending").URL
	ws, err := remotecommand.NewWebSocketExecutor(config, http.MethodGet, u.String())
	require.NoError(t, err)
	sp, err := remotecommand.NewSPDYExecutor(config, http.MethodPost, u)
	require.NoError(t, err)
	fellBack := false
	e, err := remotecommand.NewFallbackExecutor(ws, sp, func(err error) bool {
		fellBack = streamhttp.IsUpgradeFailure(err)
		return fellBack
	})
	require.NoError(t, err)
	err = e.StreamWithContext(context.Background(), remotecommand.StreamOptions{Stdout: io.Discard})
	assert.True(t, fellBack, "the refused WebSocket upgrade counts as an upgrade failure")
	assert.True(t, apierrors.IsBadRequest(err), "%v", err)
}

func TestExecWithBadTokenAgainstAPIServer(t *testing.T) {
	c := testcluster.Get(t)
	const token = "not-a-valid-token-0123456789"
	config := &rest.Config{Host: c.Host, BearerToken: token, TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData}}
	u := strings.TrimSuffix(c.Host, "/") + "/api/v1/namespaces/default/pods/x/exec?command=true&stdout=true"
	ws, err := remotecommand.NewWebSocketExecutor(config, http.MethodGet, u)
	require.NoError(t, err)
	err = ws.StreamWithContext(context.Background(), remotecommand.StreamOptions{Stdout: io.Discard})
	require.Error(t, err)
	assert.True(t, apierrors.IsUnauthorized(err), "%v", err)
	assert.NotContains(t, err.Error(), token)
}
