package remotecommand

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/remotecommand"
	streamhttp "k8s.io/streaming/pkg/httpstream"

	"github.com/kclient/kclient/kubernetes/scheme"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/util/exec"
)

// The usual way to run a command in a pod: build the exec URL with a
// RESTClient, try WebSocket first and fall back to SPDY for API servers
// older than 1.30 (or proxies that refuse WebSocket upgrades).
func Example() {
	config := &rest.Config{
		Host:    "https://127.0.0.1:6443",
		APIPath: "/api",
		ContentConfig: rest.ContentConfig{
			GroupVersion:         &corev1.SchemeGroupVersion,
			NegotiatedSerializer: scheme.Codecs.WithoutConversion(),
		},
	}
	client, err := rest.RESTClientFor(config)
	if err != nil {
		fmt.Println(err)
		return
	}
	u := client.Post().Namespace("default").Resource("pods").Name("web").SubResource("exec").
		VersionedParams(&corev1.PodExecOptions{
			Container: "app",
			Command:   []string{"cat", "/etc/hostname"},
			Stdout:    true,
			Stderr:    true,
		}, scheme.ParameterCodec).URL()

	ws, err := NewWebSocketExecutor(config, http.MethodGet, u.String())
	if err != nil {
		fmt.Println(err)
		return
	}
	spdy, err := NewSPDYExecutor(config, http.MethodPost, u)
	if err != nil {
		fmt.Println(err)
		return
	}
	executor, err := NewFallbackExecutor(ws, spdy, func(err error) bool {
		return streamhttp.IsUpgradeFailure(err) || streamhttp.IsHTTPSProxyError(err)
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%T is ready; StreamWithContext runs the command\n", executor)
	// Output: *remotecommand.FallbackExecutor is ready; StreamWithContext runs the command
}

// A session end to end, against a stand-in server that upper-cases stdin
// and exits with code 3: the exit code comes back as exec.CodeExitError.
func ExampleNewWebSocketExecutor() {
	srv := httptest.NewServer(wsExecHandler(nil, remotecommand.StreamProtocolV5Name))
	defer srv.Close()

	executor, err := NewWebSocketExecutor(&rest.Config{Host: srv.URL}, http.MethodGet, srv.URL+"/exec?stdin=1&stdout=1&exit=3")
	if err != nil {
		fmt.Println(err)
		return
	}
	err = executor.StreamWithContext(context.Background(), StreamOptions{
		Stdin:  strings.NewReader("hello\n"),
		Stdout: os.Stdout,
	})
	var exitErr exec.CodeExitError
	if errors.As(err, &exitErr) {
		fmt.Println("exit code:", exitErr.ExitStatus())
	}
	// Output:
	// HELLO
	// exit code: 3
}
