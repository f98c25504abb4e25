package portforward

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"

	gwebsocket "github.com/gorilla/websocket"
	"github.com/stretchr/testify/require"

	corev1 "k8s.io/api/core/v1"
	pfconstants "k8s.io/apimachinery/pkg/util/portforward"
	streamhttp "k8s.io/streaming/pkg/httpstream"
	streamspdy "k8s.io/streaming/pkg/httpstream/spdy"
)

// The server side of port forwarding for the tests, built on
// k8s.io/streaming's SPDY upgrader: streams arrive in pairs (error and
// data) sharing a requestID; each pair is connected to a TCP port on
// 127.0.0.1, the "pod". A port nobody listens on is reported on the error
// stream, as kubelet does.

// pairer groups incoming streams by requestID and serves complete pairs.
type pairer struct {
	mu    sync.Mutex
	pairs map[string][2]streamhttp.Stream // [error, data]
}

// add records s; the pair is served once the replies to both streams went
// out (a stream used before its reply may never reach the client).
func (p *pairer) add(s streamhttp.Stream, replySent <-chan struct{}) {
	go func() {
		<-replySent
		p.addReplied(s)
	}()
}

func (p *pairer) addReplied(s streamhttp.Stream) {
	id := s.Headers().Get(corev1.PortForwardRequestIDHeader)
	p.mu.Lock()
	pair := p.pairs[id]
	switch s.Headers().Get(corev1.StreamType) {
	case corev1.StreamTypeError:
		pair[0] = s
	case corev1.StreamTypeData:
		pair[1] = s
	}
	complete := pair[0] != nil && pair[1] != nil
	if complete {
		delete(p.pairs, id)
	} else {
		p.pairs[id] = pair
	}
	p.mu.Unlock()
	if complete {
		go forwardPair(pair[0], pair[1])
	}
}

func forwardPair(errorStream, data streamhttp.Stream) {
	defer func() { _ = errorStream.Close() }()
	port := data.Headers().Get(corev1.PortHeader)
	target, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", port))
	if err != nil {
		fmt.Fprintf(errorStream, "failed to connect to localhost:%s: %v", port, err)
		_ = data.Reset()
		return
	}
	defer func() { _ = target.Close() }()
	done := make(chan struct{})
	go func() {
		_, _ = io.Copy(data, target)
		_ = data.Close()
		close(done)
	}()
	_, _ = io.Copy(target, data)
	if tcp, ok := target.(*net.TCPConn); ok {
		_ = tcp.CloseWrite()
	}
	<-done
}

func newPairer() *pairer { return &pairer{pairs: map[string][2]streamhttp.Stream{}} }

// serverOptions steers the test handlers.
type serverOptions struct {
	protocols []string
	// dropAfterStreams closes the connection once this many streams came.
	dropAfterStreams int
}

// spdyPortForwardHandler serves port forwarding over SPDY.
func spdyPortForwardHandler(opts serverOptions) http.HandlerFunc {
	if opts.protocols == nil {
		opts.protocols = []string{PortForwardProtocolV1Name}
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if _, err := streamhttp.Handshake(r, w, opts.protocols); err != nil {
			return
		}
		p := newPairer()
		var drop chan struct{}
		if opts.dropAfterStreams > 0 {
			drop = make(chan struct{})
		}
		var mu sync.Mutex
		seen := 0
		conn := streamspdy.NewResponseUpgrader().UpgradeResponse(w, r, func(s streamhttp.Stream, replySent <-chan struct{}) error {
			p.add(s, replySent)
			mu.Lock()
			seen++
			if seen == opts.dropAfterStreams {
				close(drop)
			}
			mu.Unlock()
			return nil
		})
		if conn == nil {
			return
		}
		defer conn.Close()
		select {
		case <-conn.CloseChan():
		case <-drop:
		}
	}
}

// tunnelingHandler serves port forwarding as SPDY inside a WebSocket, the
// way the API server's tunnelling handler does.
func tunnelingHandler(t *testing.T) http.HandlerFunc {
	upgrader := gwebsocket.Upgrader{Subprotocols: []string{pfconstants.WebsocketsSPDYTunnelingPortForwardV1}}
	return func(w http.ResponseWriter, r *http.Request) {
		ws, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return // Upgrade answered already
		}
		tc := NewTunnelingConnection("server", ws)
		p := newPairer()
		conn, err := streamspdy.NewServerConnection(tc, func(s streamhttp.Stream, replySent <-chan struct{}) error {
			p.add(s, replySent)
			return nil
		})
		require.NoError(t, err)
		defer conn.Close()
		<-conn.CloseChan()
	}
}

// echoServer accepts connections on 127.0.0.1 and echoes what it reads.
func echoServer(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer func() { _ = c.Close() }()
				_, _ = io.Copy(c, c)
			}()
		}
	}()
	return l.Addr().(*net.TCPAddr).Port
}

// freePort returns a port on 127.0.0.1 that nothing listens on.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())
	return port
}
