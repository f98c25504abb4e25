package remotecommand

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/remotecommand"

	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/internal/testkubelet"
	"github.com/kclient/kclient/kubernetes/scheme"
	"github.com/kclient/kclient/util/exec"
)

// TestExecThroughAPIServerToFakeKubelet runs whole sessions through the real
// API server: a Node object points the server at a stand-in kubelet (this
// test's TLS server, speaking SPDY like kubelet does), and a pod is bound to
// that node. The API server proxies SPDY sessions to it, and translates
// WebSocket (v5) sessions to SPDY for it.
func TestExecThroughAPIServerToFakeKubelet(t *testing.T) {
	kubelet := httptest.NewTLSServer(spdyExecHandler(t, nil,
		remotecommand.StreamProtocolV4Name, remotecommand.StreamProtocolV3Name,
		remotecommand.StreamProtocolV2Name, remotecommand.StreamProtocolV1Name))
	defer kubelet.Close()

	s := testkubelet.NewSession(t, testcluster.Get(t), "exec-kubelet")
	s.AddPod(t, "web", s.AddKubelet(t, kubelet))
	config := s.Config

	execURL := func(opts *corev1.PodExecOptions) *http.Request {
		opts.Container = "main"
		return &http.Request{URL: s.PodRequest("web", "exec").VersionedParams(opts, scheme.ParameterCodec).URL()}
	}
	executors := map[string]func(t *testing.T, opts *corev1.PodExecOptions) Executor{
		"spdy": func(t *testing.T, opts *corev1.PodExecOptions) Executor {
			e, err := NewSPDYExecutor(config, http.MethodPost, execURL(opts).URL)
			require.NoError(t, err)
			return e
		},
		"websocket": func(t *testing.T, opts *corev1.PodExecOptions) Executor {
			e, err := NewWebSocketExecutor(config, http.MethodGet, execURL(opts).URL.String())
			require.NoError(t, err)
			return e
		},
	}
	for name, newExecutor := range executors {
		t.Run(name+"/stdin to stdout, stderr", func(t *testing.T) {
			e := newExecutor(t, &corev1.PodExecOptions{Command: []string{"upcase"}, Stdin: true, Stdout: true, Stderr: true})
			var stdout, stderr bytes.Buffer
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err := e.StreamWithContext(ctx, StreamOptions{Stdin: strings.NewReader("through the apiserver"), Stdout: &stdout, Stderr: &stderr})
			require.NoError(t, err)
			assert.Equal(t, "THROUGH THE APISERVER", stdout.String())
			assert.Equal(t, "stderr:21", stderr.String())
		})
		t.Run(name+"/tty with resizes", func(t *testing.T) {
			e := newExecutor(t, &corev1.PodExecOptions{Command: []string{"resize", "2"}, Stdin: true, Stdout: true, TTY: true})
			var stdout bytes.Buffer
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err := e.StreamWithContext(ctx, StreamOptions{
				Stdin: strings.NewReader("top"), Stdout: &stdout, Tty: true,
				TerminalSizeQueue: &sizeQueue{sizes: []TerminalSize{{Width: 80, Height: 24}, {Width: 132, Height: 43}}},
			})
			require.NoError(t, err)
			assert.Equal(t, "80x24 132x43 TOP", stdout.String())
		})
		t.Run(name+"/exit code", func(t *testing.T) {
			e := newExecutor(t, &corev1.PodExecOptions{Command: []string{"exit", "5"}, Stdout: true, Stderr: true})
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err := e.StreamWithContext(ctx, StreamOptions{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}})
			var exitErr exec.CodeExitError
			require.ErrorAs(t, err, &exitErr)
			assert.Equal(t, 5, exitErr.ExitStatus())
		})
	}
}
