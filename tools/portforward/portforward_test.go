package portforward

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	apihttpstream "k8s.io/apimachinery/pkg/util/httpstream"
	streamhttp "k8s.io/streaming/pkg/httpstream"

	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/transport/spdy"
)

// syncBuffer is a bytes.Buffer safe for the forwarder's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func spdyDialer(t *testing.T, serverURL string) apihttpstream.Dialer {
	t.Helper()
	rt, upgrader, err := spdy.RoundTripperFor(&rest.Config{Host: serverURL})
	require.NoError(t, err)
	u, err := url.Parse(serverURL + "/portforward")
	require.NoError(t, err)
	return spdy.NewDialer(upgrader, &http.Client{Transport: rt}, http.MethodPost, u)
}

func tunnelDialer(t *testing.T, serverURL string) apihttpstream.Dialer {
	t.Helper()
	u, err := url.Parse(serverURL + "/portforward")
	require.NoError(t, err)
	d, err := NewSPDYOverWebsocketDialer(u, &rest.Config{Host: serverURL})
	require.NoError(t, err)
	return d
}

// running is a started forwarder.
type running struct {
	pf     *PortForwarder
	stop   chan struct{}
	result chan error
	out    *syncBuffer
}

func start(t *testing.T, dialer apihttpstream.Dialer, ports ...string) *running {
	t.Helper()
	r := &running{stop: make(chan struct{}), result: make(chan error, 1), out: &syncBuffer{}}
	ready := make(chan struct{})
	pf, err := New(dialer, ports, r.stop, ready, r.out, r.out)
	require.NoError(t, err)
	r.pf = pf
	go func() { r.result <- pf.ForwardPorts() }()
	select {
	case <-ready:
	case err := <-r.result:
		t.Fatalf("ForwardPorts ended before it was ready: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the forwarder did not get ready")
	}
	return r
}

func (r *running) localPort(t *testing.T) uint16 {
	t.Helper()
	ports, err := r.pf.GetPorts()
	require.NoError(t, err)
	require.NotEmpty(t, ports)
	require.NotZero(t, ports[0].Local)
	return ports[0].Local
}

func (r *running) wait(t *testing.T) error {
	t.Helper()
	select {
	case err := <-r.result:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("ForwardPorts did not return")
		return nil
	}
}

func echoThrough(t *testing.T, port uint16, msg string) string {
	t.Helper()
	c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	require.NoError(t, err)
	defer func() { _ = c.Close() }()
	_, err = io.WriteString(c, msg)
	require.NoError(t, err)
	require.NoError(t, c.(*net.TCPConn).CloseWrite())
	require.NoError(t, c.SetReadDeadline(time.Now().Add(10*time.Second)))
	got, err := io.ReadAll(c)
	require.NoError(t, err)
	return string(got)
}

func TestForwardEcho(t *testing.T) {
	transports := []struct {
		name    string
		handler func(t *testing.T) http.Handler
		dialer  func(t *testing.T, serverURL string) apihttpstream.Dialer
	}{
		{name: "spdy", handler: func(*testing.T) http.Handler { return spdyPortForwardHandler(serverOptions{}) }, dialer: spdyDialer},
		{name: "spdy over websocket", handler: func(t *testing.T) http.Handler { return tunnelingHandler(t) }, dialer: tunnelDialer},
	}
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) {
			srv := httptest.NewServer(tr.handler(t))
			defer srv.Close()
			echoPort := echoServer(t)
			r := start(t, tr.dialer(t, srv.URL), fmt.Sprintf("0:%d", echoPort))
			local := r.localPort(t)

			// Several connections at once: each is its own stream pair.
			var wg sync.WaitGroup
			for i := 0; i < 5; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					msg := strings.Repeat(fmt.Sprintf("conn %d;", i), 2000)
					assert.Equal(t, msg, echoThrough(t, local, msg))
				}()
			}
			wg.Wait()

			close(r.stop)
			assert.NoError(t, r.wait(t))
			assert.Contains(t, r.out.String(), fmt.Sprintf("Forwarding from 127.0.0.1:%d -> %d", local, echoPort))
			assert.Contains(t, r.out.String(), fmt.Sprintf("Handling connection for %d", local))
			// The listener is gone once ForwardPorts returned.
			_, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", local))
			assert.Error(t, err)
		})
	}
}

func TestRemoteErrors(t *testing.T) {
	t.Run("pod port refuses: connection to the server is closed", func(t *testing.T) {
		srv := httptest.NewServer(spdyPortForwardHandler(serverOptions{}))
		defer srv.Close()
		r := start(t, spdyDialer(t, srv.URL), fmt.Sprintf(":%d", freePort(t)))
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", r.localPort(t)))
		require.NoError(t, err)
		defer func() { _ = c.Close() }()
		assert.ErrorIs(t, r.wait(t), ErrLostConnectionToPod)
	})
	t.Run("server drops the connection mid-stream", func(t *testing.T) {
		srv := httptest.NewServer(spdyPortForwardHandler(serverOptions{dropAfterStreams: 1}))
		defer srv.Close()
		r := start(t, spdyDialer(t, srv.URL), fmt.Sprintf(":%d", echoServer(t)))
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", r.localPort(t)))
		require.NoError(t, err)
		defer func() { _ = c.Close() }()
		assert.ErrorIs(t, r.wait(t), ErrLostConnectionToPod)
	})
}

func TestDialFailures(t *testing.T) {
	notFound := metav1.Status{
		TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"},
		Status:   metav1.StatusFailure, Reason: metav1.StatusReasonNotFound, Code: http.StatusNotFound,
		Message: `pods "gone" not found`,
	}
	tests := []struct {
		name    string
		handler http.Handler
		dialer  func(t *testing.T, serverURL string) apihttpstream.Dialer
		check   func(t *testing.T, err error)
	}{
		{
			name: "missing pod over spdy",
			handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusNotFound)
				fmt.Fprintf(w, `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,"message":%q}`, notFound.Message)
			}),
			dialer: spdyDialer,
			check: func(t *testing.T, err error) {
				assert.True(t, apierrors.IsNotFound(err), "%v", err)
				assert.Equal(t, `error upgrading connection: unable to upgrade connection: pods "gone" not found`, err.Error())
			},
		},
		{
			name:    "no common protocol",
			handler: spdyPortForwardHandler(serverOptions{protocols: []string{"portforward.v9.k8s.io"}}),
			dialer:  spdyDialer,
			check: func(t *testing.T, err error) {
				assert.Contains(t, err.Error(), "unable to negotiate protocol")
			},
		},
		{
			name:    "tunnel refused by a SPDY-only server",
			handler: spdyPortForwardHandler(serverOptions{}),
			dialer:  tunnelDialer,
			check: func(t *testing.T, err error) {
				assert.True(t, streamhttp.IsUpgradeFailure(err), "%v", err)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			pf, err := New(tt.dialer(t, srv.URL), []string{"0:80"}, make(chan struct{}), make(chan struct{}), io.Discard, io.Discard)
			require.NoError(t, err)
			err = pf.ForwardPorts()
			require.Error(t, err)
			tt.check(t, err)
		})
	}
}

func TestFallbackDialer(t *testing.T) {
	// The tunnel is refused by a SPDY-only server; plain SPDY then works.
	srv := httptest.NewServer(spdyPortForwardHandler(serverOptions{}))
	defer srv.Close()
	echoPort := echoServer(t)
	dialer := NewFallbackDialer(tunnelDialer(t, srv.URL), spdyDialer(t, srv.URL), func(err error) bool {
		return streamhttp.IsUpgradeFailure(err) || streamhttp.IsHTTPSProxyError(err)
	})
	r := start(t, dialer, fmt.Sprintf("0:%d", echoPort))
	assert.Equal(t, "via fallback", echoThrough(t, r.localPort(t), "via fallback"))
	close(r.stop)
	assert.NoError(t, r.wait(t))

	_, _, err := NewFallbackDialer(nil, nil, nil).Dial(PortForwardProtocolV1Name)
	assert.ErrorContains(t, err, "required")
}

func TestUnreachableServer(t *testing.T) {
	addr := fmt.Sprintf("http://127.0.0.1:%d", freePort(t))
	for name, d := range map[string]apihttpstream.Dialer{"spdy": spdyDialer(t, addr), "tunnel": tunnelDialer(t, addr)} {
		t.Run(name, func(t *testing.T) {
			pf, err := New(d, []string{"0:80"}, make(chan struct{}), nil, nil, nil)
			require.NoError(t, err)
			err = pf.ForwardPorts()
			assert.ErrorContains(t, err, "connection refused")
		})
	}
}

func TestStopWithContext(t *testing.T) {
	srv := httptest.NewServer(spdyPortForwardHandler(serverOptions{}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	pf, err := NewOnAddressesWithContext(ctx, spdyDialer(t, srv.URL), []string{"127.0.0.1"}, []string{"0:80"}, ready, nil, nil)
	require.NoError(t, err)
	result := make(chan error, 1)
	go func() { result <- pf.ForwardPorts() }()
	<-ready
	cancel()
	select {
	case err := <-result:
		assert.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("ForwardPorts did not stop when the context ended")
	}
}

func TestParsePorts(t *testing.T) {
	tests := []struct {
		specs   []string
		want    []ForwardedPort
		wantErr string
	}{
		{specs: []string{"5000"}, want: []ForwardedPort{{5000, 5000}}},
		{specs: []string{"8888:5000", ":5001", "0:5002"}, want: []ForwardedPort{{8888, 5000}, {0, 5001}, {0, 5002}}},
		{specs: []string{"1:2:3"}, wantErr: "invalid port format '1:2:3'"},
		{specs: []string{"x:80"}, wantErr: "error parsing local port 'x'"},
		{specs: []string{"80:70000"}, wantErr: "error parsing remote port '70000'"},
		{specs: []string{"80:0"}, wantErr: "remote port must be > 0"},
		{specs: []string{""}, wantErr: "error parsing remote port ''"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.specs, ","), func(t *testing.T) {
			got, err := parsePorts(tt.specs)
			if tt.wantErr != "" {
				assert.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseAddresses(t *testing.T) {
	tests := []struct {
		specs   []string
		want    []listenAddress
		wantErr string
	}{
		{specs: []string{"localhost"}, want: []listenAddress{
			{address: "127.0.0.1", protocol: "tcp4", failureMode: "all"},
			{address: "::1", protocol: "tcp6", failureMode: "all"},
		}},
		// An address named explicitly must work, even if localhost names it too.
		{specs: []string{"localhost", "127.0.0.1", "10.0.0.1", "::"}, want: []listenAddress{
			{address: "10.0.0.1", protocol: "tcp4", failureMode: "any"},
			{address: "127.0.0.1", protocol: "tcp4", failureMode: "any"},
			{address: "::", protocol: "tcp6", failureMode: "any"},
			{address: "::1", protocol: "tcp6", failureMode: "all"},
		}},
		{specs: []string{"example.com"}, wantErr: "example.com is not a valid IP"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.specs, ","), func(t *testing.T) {
			got, err := parseAddresses(tt.specs)
			if tt.wantErr != "" {
				assert.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestConstructorErrors(t *testing.T) {
	d := spdyDialer(t, "http://127.0.0.1:1")
	tests := []struct {
		name      string
		dialer    apihttpstream.Dialer
		addresses []string
		ports     []string
		wantErr   string
	}{
		{name: "no dialer", addresses: []string{"localhost"}, ports: []string{"80"}, wantErr: "a dialer is required"},
		{name: "no address", dialer: d, ports: []string{"80"}, wantErr: "at least 1 address"},
		{name: "no port", dialer: d, addresses: []string{"localhost"}, wantErr: "at least 1 port"},
		{name: "bad address", dialer: d, addresses: []string{"nope"}, ports: []string{"80"}, wantErr: "not a valid IP"},
		{name: "bad port", dialer: d, addresses: []string{"localhost"}, ports: []string{"80:0"}, wantErr: "remote port must be > 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewOnAddresses(tt.dialer, tt.addresses, tt.ports, nil, nil, nil, nil)
			assert.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestGetPortsBeforeReady(t *testing.T) {
	d := spdyDialer(t, "http://127.0.0.1:1")
	pf, err := New(d, []string{"80"}, nil, nil, nil, nil)
	require.NoError(t, err)
	_, err = pf.GetPorts()
	assert.EqualError(t, err, "no Ready channel provided")

	pf, err = New(d, []string{"80"}, nil, make(chan struct{}), nil, nil)
	require.NoError(t, err)
	_, err = pf.GetPorts()
	assert.EqualError(t, err, "listeners not ready")
}

func TestListenFailure(t *testing.T) {
	srv := httptest.NewServer(spdyPortForwardHandler(serverOptions{}))
	defer srv.Close()
	busy, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	defer func() { _ = busy.Close() }()
	port := busy.Addr().(*net.TCPAddr).Port

	var errOut syncBuffer
	pf, err := NewOnAddresses(spdyDialer(t, srv.URL), []string{"127.0.0.1"}, []string{fmt.Sprintf("%d:80", port)}, make(chan struct{}), nil, nil, &errOut)
	require.NoError(t, err)
	err = pf.ForwardPorts()
	assert.ErrorContains(t, err, "unable to listen on any of the requested ports")
	assert.Contains(t, errOut.String(), fmt.Sprintf("Unable to listen on port %d", port))
}

// TestNoGoroutinesLeft checks that a stopped forwarder leaves no
// goroutines behind once the server side is gone.
func TestNoGoroutinesLeft(t *testing.T) {
	echoPort := echoServer(t) // its accept loop ends in Cleanup, after the check
	before := runtime.NumGoroutine()
	srv := httptest.NewServer(spdyPortForwardHandler(serverOptions{}))
	r := start(t, spdyDialer(t, srv.URL), fmt.Sprintf("0:%d", echoPort))
	local := r.localPort(t)
	for i := 0; i < 3; i++ {
		assert.Equal(t, "ping", echoThrough(t, local, "ping"))
	}
	close(r.stop)
	require.NoError(t, r.wait(t))
	srv.Close()

	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before {
		buf := make([]byte, 1<<16)
		t.Errorf("goroutines: %d before, %d after:\n%s", before, after, buf[:runtime.Stack(buf, true)])
	}
}
