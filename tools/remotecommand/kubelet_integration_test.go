package remotecommand

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/remotecommand"

	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes/scheme"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/util/exec"
)

// TestExecThroughAPIServerToFakeKubelet runs whole sessions through the real
// API server: a Node object points the server at a stand-in kubelet (this
// test's TLS server, speaking SPDY like kubelet does), and a pod is bound to
// that node. The API server proxies SPDY sessions to it, and translates
// WebSocket (v5) sessions to SPDY for it.
func TestExecThroughAPIServerToFakeKubelet(t *testing.T) {
	c := testcluster.Get(t)
	kubelet := httptest.NewTLSServer(spdyExecHandler(t, nil,
		remotecommand.StreamProtocolV4Name, remotecommand.StreamProtocolV3Name,
		remotecommand.StreamProtocolV2Name, remotecommand.StreamProtocolV1Name))
	defer kubelet.Close()
	port := kubelet.Listener.Addr().(*net.TCPAddr).Port

	config := &rest.Config{
		Host:    c.Host,
		APIPath: "/api",
		ContentConfig: rest.ContentConfig{
			GroupVersion:         &corev1.SchemeGroupVersion,
			NegotiatedSerializer: scheme.Codecs.WithoutConversion(),
		},
		TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData},
	}
	client, err := rest.RESTClientFor(config)
	require.NoError(t, err)
	ctx := context.Background()
	suffix := time.Now().UnixNano() % 1e9
	nodeName, ns := fmt.Sprintf("fake-kubelet-%d", suffix), fmt.Sprintf("exec-kubelet-%d", suffix)
	node := &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: nodeName},
		Status: corev1.NodeStatus{
			Addresses:       []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: "127.0.0.1"}},
			DaemonEndpoints: corev1.NodeDaemonEndpoints{KubeletEndpoint: corev1.DaemonEndpoint{Port: int32(port)}},
		},
	}
	require.NoError(t, client.Post().Resource("nodes").Body(node).Do(ctx).Error())
	t.Cleanup(func() { _ = client.Delete().Resource("nodes").Name(nodeName).Do(context.Background()).Error() })
	require.NoError(t, client.Post().Resource("namespaces").Body(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}).Do(ctx).Error())
	t.Cleanup(func() { _ = client.Delete().Resource("namespaces").Name(ns).Do(context.Background()).Error() })
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: corev1.PodSpec{
			NodeName:   nodeName,
			Containers: []corev1.Container{{Name: "main", Image: "registry.invalid/none:1"}},
		},
	}
	require.NoError(t, client.Post().Namespace(ns).Resource("pods").Body(pod).Do(ctx).Error())

	execURL := func(opts *corev1.PodExecOptions) *http.Request {
		opts.Container = "main"
		return &http.Request{URL: client.Post().Namespace(ns).Resource("pods").Name("web").SubResource("exec").
			VersionedParams(opts, scheme.ParameterCodec).URL()}
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
