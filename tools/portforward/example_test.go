package portforward

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/transport/spdy"
)

// Forward a free local port to port 80 of a pod, wait for Ready, use the
// port, stop. The "pod" here is a stand-in: a test server forwarding to a
// local greeting service.
func ExampleNew() {
	greeter, _ := net.Listen("tcp", "127.0.0.1:0")
	defer greeter.Close()
	go func() {
		for {
			c, err := greeter.Accept()
			if err != nil {
				return
			}
			_, _ = io.WriteString(c, "hello from the pod\n")
			_ = c.Close()
		}
	}()
	srv := httptest.NewServer(spdyPortForwardHandler(serverOptions{}))
	defer srv.Close()

	config := &rest.Config{Host: srv.URL}
	rt, upgrader, err := spdy.RoundTripperFor(config)
	if err != nil {
		fmt.Println(err)
		return
	}
	// With a real cluster: client.Post().Resource("pods").Namespace(ns).Name(pod).SubResource("portforward").URL()
	u, _ := url.Parse(srv.URL + "/api/v1/namespaces/default/pods/web/portforward")
	dialer := spdy.NewDialer(upgrader, &http.Client{Transport: rt}, http.MethodPost, u)

	stop, ready := make(chan struct{}), make(chan struct{})
	remote := greeter.Addr().(*net.TCPAddr).Port
	pf, err := New(dialer, []string{fmt.Sprintf("0:%d", remote)}, stop, ready, nil, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	done := make(chan error, 1)
	go func() { done <- pf.ForwardPorts() }()
	<-ready

	ports, _ := pf.GetPorts()
	c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", ports[0].Local))
	if err != nil {
		fmt.Println(err)
		return
	}
	line, _ := bufio.NewReader(c).ReadString('\n')
	_ = c.Close()
	fmt.Print(line)

	close(stop)
	fmt.Println("stopped:", <-done)
	// Output:
	// hello from the pod
	// stopped: <nil>
}
