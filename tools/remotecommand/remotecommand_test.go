package remotecommand

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
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
	"k8s.io/apimachinery/pkg/util/remotecommand"
	streamhttp "k8s.io/streaming/pkg/httpstream"

	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/util/exec"
)

// sizeQueue hands out fixed terminal sizes, then nil.
type sizeQueue struct{ sizes []TerminalSize }

func (q *sizeQueue) Next() *TerminalSize {
	if len(q.sizes) == 0 {
		return nil
	}
	s := q.sizes[0]
	q.sizes = q.sizes[1:]
	return &s
}

// execCase is one session against a test server.
type execCase struct {
	name     string
	query    string
	opts     func() StreamOptions
	stdout   string
	stderr   string
	exitCode int    // want an exec.CodeExitError with this code
	errText  string // else want an error with this text (when not "")
}

func withBuffers(stdin string, tty bool, q TerminalSizeQueue) func() StreamOptions {
	return func() StreamOptions {
		o := StreamOptions{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}, Tty: tty, TerminalSizeQueue: q}
		if stdin != "" {
			o.Stdin = strings.NewReader(stdin)
		}
		return o
	}
}

func checkSession(t *testing.T, tc execCase, opts StreamOptions, err error) {
	t.Helper()
	switch {
	case tc.exitCode != 0:
		var exitErr exec.CodeExitError
		require.ErrorAs(t, err, &exitErr)
		assert.Equal(t, tc.exitCode, exitErr.ExitStatus())
		assert.Contains(t, exitErr.Error(), "command terminated with exit code")
	case tc.errText != "":
		require.Error(t, err)
		assert.Equal(t, tc.errText, err.Error())
	default:
		require.NoError(t, err)
	}
	assert.Equal(t, tc.stdout, opts.Stdout.(*bytes.Buffer).String())
	if !opts.Tty {
		assert.Equal(t, tc.stderr, opts.Stderr.(*bytes.Buffer).String())
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}

func TestSPDYExecutorProtocols(t *testing.T) {
	all := []string{
		remotecommand.StreamProtocolV5Name, remotecommand.StreamProtocolV4Name, remotecommand.StreamProtocolV3Name,
		remotecommand.StreamProtocolV2Name, remotecommand.StreamProtocolV1Name,
	}
	for _, protocol := range all {
		v := protocolVersion(protocol)
		cases := []execCase{
			{name: "stdout and stderr, exit 0", query: "stdout=1&stderr=1", opts: withBuffers("", false, nil), stdout: "", stderr: "stderr:0"},
		}
		if v >= 2 {
			// v1 never half-closes stdin, so a command reading to EOF would wait forever.
			cases = append(cases,
				execCase{name: "stdin round trip", query: "stdin=1&stdout=1&stderr=1", opts: withBuffers("hello", false, nil), stdout: "HELLO", stderr: "stderr:5"},
				execCase{name: "large stdin", query: "stdin=1&stdout=1&stderr=1", opts: withBuffers(strings.Repeat("x", 200_000), false, nil), stdout: strings.Repeat("X", 200_000), stderr: "stderr:200000"},
			)
		}
		if v >= 3 {
			cases = append(cases, execCase{
				name: "tty with resizes", query: "stdin=1&stdout=1&tty=1&resizes=2",
				opts:   withBuffers("ls", true, &sizeQueue{sizes: []TerminalSize{{Width: 80, Height: 24}, {Width: 120, Height: 40}}}),
				stdout: "80x24 120x40 LS",
			})
		}
		switch {
		case v >= 4:
			cases = append(cases, execCase{name: "exit code", query: "stdout=1&stderr=1&exit=42", opts: withBuffers("", false, nil), stderr: "stderr:0", exitCode: 42})
		case v >= 2:
			cases = append(cases, execCase{name: "exit code as text", query: "stdout=1&stderr=1&exit=42", opts: withBuffers("", false, nil), stderr: "stderr:0",
				errText: "error executing remote command: command terminated with exit code 42"})
		default:
			// v1 ends at the first error text, even with output pending.
			cases = append(cases, execCase{name: "exit code as text", query: "stdout=1&exit=42",
				opts:    func() StreamOptions { return StreamOptions{Stdout: &bytes.Buffer{}, Tty: true} },
				errText: "Error executing remote command: command terminated with exit code 42"})
		}
		for _, tc := range cases {
			t.Run(protocol+"/"+tc.name, func(t *testing.T) {
				srv := httptest.NewServer(spdyExecHandler(t, nil, protocol))
				defer srv.Close()
				e, err := NewSPDYExecutor(&rest.Config{Host: srv.URL}, http.MethodPost, mustURL(t, srv.URL+"/exec?"+tc.query))
				require.NoError(t, err)
				opts := tc.opts()
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				defer cancel()
				err = e.StreamWithContext(ctx, opts)
				checkSession(t, tc, opts, err)
			})
		}
	}
}

func TestWebSocketExecutor(t *testing.T) {
	v5 := remotecommand.StreamProtocolV5Name
	cases := []execCase{
		{name: "stdout and stderr", query: "stdout=1&stderr=1", opts: withBuffers("", false, nil), stderr: "stderr:0"},
		{name: "stdin round trip (CLOSE signal ends stdin)", query: "stdin=1&stdout=1&stderr=1", opts: withBuffers("hello", false, nil), stdout: "HELLO", stderr: "stderr:5"},
		{name: "large stdin", query: "stdin=1&stdout=1&stderr=1", opts: withBuffers(strings.Repeat("y", 300_000), false, nil), stdout: strings.Repeat("Y", 300_000), stderr: "stderr:300000"},
		{name: "tty with resizes", query: "stdin=1&stdout=1&tty=1&resizes=2",
			opts:   withBuffers("ls", true, &sizeQueue{sizes: []TerminalSize{{Width: 80, Height: 24}, {Width: 100, Height: 30}}}),
			stdout: "80x24 100x30 LS"},
		{name: "exit code", query: "stdout=1&stderr=1&exit=7", opts: withBuffers("", false, nil), stderr: "stderr:0", exitCode: 7},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(wsExecHandler(nil, v5))
			defer srv.Close()
			e, err := NewWebSocketExecutor(&rest.Config{Host: srv.URL}, http.MethodGet, srv.URL+"/exec?"+tc.query)
			require.NoError(t, err)
			opts := tc.opts()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			err = e.StreamWithContext(ctx, opts)
			checkSession(t, tc, opts, err)
		})
	}
}

// TestExecutorsOverTLSWithToken checks that the executors dial with the
// config's CA and send its bearer token, for both transports.
func TestExecutorsOverTLSWithToken(t *testing.T) {
	const token = "secret-token-123"
	rec := &recorder{}
	mux := http.NewServeMux()
	mux.Handle("/spdy", spdyExecHandler(t, rec, remotecommand.StreamProtocolV4Name))
	mux.Handle("/ws", wsExecHandler(rec, remotecommand.StreamProtocolV5Name))
	srv := httptest.NewTLSServer(mux)
	defer srv.Close()
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	config := &rest.Config{Host: srv.URL, BearerToken: token, TLSClientConfig: rest.TLSClientConfig{CAData: caPEM}}

	newExecutors := map[string]func() (Executor, error){
		"spdy": func() (Executor, error) {
			return NewSPDYExecutor(config, http.MethodPost, mustURL(t, srv.URL+"/spdy?stdin=1&stdout=1"))
		},
		"websocket": func() (Executor, error) {
			return NewWebSocketExecutor(config, http.MethodGet, srv.URL+"/ws?stdin=1&stdout=1")
		},
	}
	for name, newExecutor := range newExecutors {
		t.Run(name, func(t *testing.T) {
			e, err := newExecutor()
			require.NoError(t, err)
			var out bytes.Buffer
			err = e.StreamWithContext(context.Background(), StreamOptions{Stdin: strings.NewReader("tls"), Stdout: &out})
			require.NoError(t, err)
			assert.Equal(t, "TLS", out.String())
			assert.Equal(t, "Bearer "+token, rec.lastAuthorization())
		})
	}

	t.Run("unknown CA is refused", func(t *testing.T) {
		bad := &rest.Config{Host: srv.URL, BearerToken: token}
		e, err := NewSPDYExecutor(bad, http.MethodPost, mustURL(t, srv.URL+"/spdy?stdout=1"))
		require.NoError(t, err)
		err = e.StreamWithContext(context.Background(), StreamOptions{Stdout: io.Discard})
		var unknownAuthority x509.UnknownAuthorityError
		require.ErrorAs(t, err, &unknownAuthority)
		assert.NotContains(t, err.Error(), token)
	})
}

// statusHandler refuses every upgrade with a Status, as the API server does
// for a missing pod.
func statusHandler(status metav1.Status) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(int(status.Code))
		_ = jsonEncode(w, status)
	}
}

func TestUpgradeRefused(t *testing.T) {
	notFound := metav1.Status{
		TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"},
		Status:   metav1.StatusFailure, Reason: metav1.StatusReasonNotFound, Code: http.StatusNotFound,
		Message: `pods "nope" not found`,
	}
	tests := []struct {
		name     string
		handler  http.HandlerFunc
		executor func(t *testing.T, srvURL string) Executor
		check    func(t *testing.T, err error)
	}{
		{
			name:    "spdy: missing pod is NotFound",
			handler: statusHandler(notFound),
			executor: func(t *testing.T, u string) Executor {
				e, err := NewSPDYExecutor(&rest.Config{Host: u}, http.MethodPost, mustURL(t, u+"/exec"))
				require.NoError(t, err)
				return e
			},
			check: func(t *testing.T, err error) {
				assert.True(t, apierrors.IsNotFound(err), "%v", err)
				assert.Equal(t, `unable to upgrade connection: pods "nope" not found`, err.Error())
			},
		},
		{
			name:    "websocket: missing pod is NotFound and an upgrade failure",
			handler: statusHandler(notFound),
			executor: func(t *testing.T, u string) Executor {
				e, err := NewWebSocketExecutor(&rest.Config{Host: u}, http.MethodGet, u+"/exec")
				require.NoError(t, err)
				return e
			},
			check: func(t *testing.T, err error) {
				assert.True(t, apierrors.IsNotFound(err), "%v", err)
				assert.True(t, streamhttp.IsUpgradeFailure(err), "%v", err)
				assert.Contains(t, err.Error(), `pods "nope" not found`)
			},
		},
		{
			name:    "spdy: no common protocol",
			handler: spdyExecHandler(t, nil, "v9.channel.k8s.io"),
			executor: func(t *testing.T, u string) Executor {
				e, err := NewSPDYExecutor(&rest.Config{Host: u}, http.MethodPost, mustURL(t, u+"/exec?stdout=1"))
				require.NoError(t, err)
				return e
			},
			check: func(t *testing.T, err error) {
				assert.Contains(t, err.Error(), "unable to upgrade connection")
				assert.Contains(t, err.Error(), "unable to negotiate protocol")
			},
		},
		{
			name:    "websocket: no common protocol",
			handler: wsExecHandler(nil, remotecommand.StreamProtocolV4Name),
			executor: func(t *testing.T, u string) Executor {
				e, err := NewWebSocketExecutor(&rest.Config{Host: u}, http.MethodGet, u+"/exec?stdout=1")
				require.NoError(t, err)
				return e
			},
			check: func(t *testing.T, err error) {
				assert.True(t, streamhttp.IsUpgradeFailure(err), "%v", err)
				assert.Contains(t, err.Error(), "unable to upgrade streaming request")
			},
		},
		{
			name:    "websocket against a SPDY-only server",
			handler: spdyExecHandler(t, nil, remotecommand.StreamProtocolV4Name),
			executor: func(t *testing.T, u string) Executor {
				e, err := NewWebSocketExecutor(&rest.Config{Host: u}, http.MethodGet, u+"/exec?stdout=1")
				require.NoError(t, err)
				return e
			},
			check: func(t *testing.T, err error) {
				assert.True(t, streamhttp.IsUpgradeFailure(err), "%v", err)
				assert.Contains(t, err.Error(), "400 Bad Request")
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			err := tt.executor(t, srv.URL).StreamWithContext(context.Background(), StreamOptions{Stdout: io.Discard})
			require.Error(t, err)
			tt.check(t, err)
		})
	}
}

func TestFallbackExecutor(t *testing.T) {
	// A server that only speaks SPDY: the WebSocket attempt is refused
	// before any data moved, and the SPDY executor takes over.
	srv := httptest.NewServer(spdyExecHandler(t, nil, remotecommand.StreamProtocolV4Name))
	defer srv.Close()
	config := &rest.Config{Host: srv.URL}
	u := srv.URL + "/exec?stdin=1&stdout=1"
	ws, err := NewWebSocketExecutor(config, http.MethodGet, u)
	require.NoError(t, err)
	sp, err := NewSPDYExecutor(config, http.MethodPost, mustURL(t, u))
	require.NoError(t, err)

	tests := []struct {
		name           string
		shouldFallback func(error) bool
		wantOut        string
		wantUpgradeErr bool
	}{
		{name: "falls back on upgrade failure", shouldFallback: streamhttp.IsUpgradeFailure, wantOut: "FALLBACK"},
		{name: "keeps the primary's error otherwise", shouldFallback: func(error) bool { return false }, wantUpgradeErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := NewFallbackExecutor(ws, sp, tt.shouldFallback)
			require.NoError(t, err)
			var out bytes.Buffer
			err = e.StreamWithContext(context.Background(), StreamOptions{Stdin: strings.NewReader("fallback"), Stdout: &out})
			if tt.wantUpgradeErr {
				assert.True(t, streamhttp.IsUpgradeFailure(err), "%v", err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantOut, out.String())
		})
	}

	_, err = NewFallbackExecutor(ws, nil, streamhttp.IsUpgradeFailure)
	assert.ErrorContains(t, err, "required")
}

func TestUnreachableServer(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := "http://" + l.Addr().String()
	require.NoError(t, l.Close()) // nothing listens there any more

	sp, err := NewSPDYExecutor(&rest.Config{Host: addr}, http.MethodPost, mustURL(t, addr+"/exec"))
	require.NoError(t, err)
	ws, err := NewWebSocketExecutor(&rest.Config{Host: addr}, http.MethodGet, addr+"/exec")
	require.NoError(t, err)
	for name, e := range map[string]Executor{"spdy": sp, "websocket": ws} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := e.StreamWithContext(ctx, StreamOptions{Stdout: io.Discard})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "connection refused")
			assert.NoError(t, ctx.Err(), "the error came from the dial, not the deadline")
		})
	}
}

// blockingReader never returns data until closed.
type blockingReader struct{ done chan struct{} }

func (b blockingReader) Read([]byte) (int, error) {
	<-b.done
	return 0, io.EOF
}

func TestContextCancellationStopsStreaming(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/spdy", spdyExecHandler(t, nil, remotecommand.StreamProtocolV4Name))
	mux.Handle("/ws", wsExecHandler(nil, remotecommand.StreamProtocolV5Name))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	config := &rest.Config{Host: srv.URL}
	sp, err := NewSPDYExecutor(config, http.MethodPost, mustURL(t, srv.URL+"/spdy?stdin=1&stdout=1&hang=1"))
	require.NoError(t, err)
	ws, err := NewWebSocketExecutor(config, http.MethodGet, srv.URL+"/ws?stdin=1&stdout=1&hang=1")
	require.NoError(t, err)

	for name, e := range map[string]Executor{"spdy": sp, "websocket": ws} {
		t.Run(name, func(t *testing.T) {
			stdin := blockingReader{done: make(chan struct{})}
			defer close(stdin.done)
			ctx, cancel := context.WithCancel(context.Background())
			result := make(chan error, 1)
			go func() { result <- e.StreamWithContext(ctx, StreamOptions{Stdin: stdin, Stdout: io.Discard}) }()
			time.Sleep(200 * time.Millisecond)
			cancel()
			select {
			case err := <-result:
				assert.ErrorIs(t, err, context.Canceled)
			case <-time.After(5 * time.Second):
				t.Fatal("StreamWithContext did not return after the context was cancelled")
			}
		})
	}
}

func TestServerClosingMidStream(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/spdy", spdyExecHandler(t, nil, remotecommand.StreamProtocolV4Name))
	mux.Handle("/ws", wsExecHandler(nil, remotecommand.StreamProtocolV5Name))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	config := &rest.Config{Host: srv.URL}
	sp, err := NewSPDYExecutor(config, http.MethodPost, mustURL(t, srv.URL+"/spdy?stdin=1&stdout=1&drop=1"))
	require.NoError(t, err)
	ws, err := NewWebSocketExecutor(config, http.MethodGet, srv.URL+"/ws?stdin=1&stdout=1&drop=1")
	require.NoError(t, err)

	for name, e := range map[string]Executor{"spdy": sp, "websocket": ws} {
		t.Run(name, func(t *testing.T) {
			stdin := blockingReader{done: make(chan struct{})}
			defer close(stdin.done)
			result := make(chan error, 1)
			go func() {
				result <- e.StreamWithContext(context.Background(), StreamOptions{Stdin: stdin, Stdout: io.Discard})
			}()
			select {
			case err := <-result:
				assert.ErrorIs(t, err, errLostStatus)
			case <-time.After(10 * time.Second):
				t.Fatal("StreamWithContext hung after the server dropped the connection")
			}
		})
	}
}

func TestBadConstructorInput(t *testing.T) {
	_, err := NewSPDYExecutor(nil, http.MethodPost, mustURL(t, "http://x"))
	assert.Error(t, err)
	_, err = NewWebSocketExecutor(nil, http.MethodGet, "http://x")
	assert.Error(t, err)
	_, err = NewSPDYExecutorForTransports(http.DefaultTransport, nil, http.MethodPost, mustURL(t, "http://x"))
	assert.ErrorContains(t, err, "upgrader")
	e, err := NewWebSocketExecutor(&rest.Config{Host: "http://x"}, http.MethodGet, "ftp://x/exec")
	require.NoError(t, err)
	err = e.StreamWithContext(context.Background(), StreamOptions{Stdout: io.Discard})
	assert.ErrorContains(t, err, "unknown url scheme")
	assert.False(t, errors.Is(err, context.Canceled))
}

// TestNoGoroutinesLeft checks that finished sessions leave no goroutines
// behind, on either transport.
func TestNoGoroutinesLeft(t *testing.T) {
	before := runtime.NumGoroutine()
	mux := http.NewServeMux()
	mux.Handle("/spdy", spdyExecHandler(t, nil, remotecommand.StreamProtocolV4Name))
	mux.Handle("/ws", wsExecHandler(nil, remotecommand.StreamProtocolV5Name))
	srv := httptest.NewServer(mux)
	config := &rest.Config{Host: srv.URL}
	sp, err := NewSPDYExecutor(config, http.MethodPost, mustURL(t, srv.URL+"/spdy?stdin=1&stdout=1&stderr=1&tty=1&resizes=1"))
	require.NoError(t, err)
	ws, err := NewWebSocketExecutor(config, http.MethodGet, srv.URL+"/ws?stdin=1&stdout=1&stderr=1&tty=1&resizes=1")
	require.NoError(t, err)
	for i := 0; i < 3; i++ {
		for _, e := range []Executor{sp, ws} {
			var out bytes.Buffer
			err := e.StreamWithContext(context.Background(), StreamOptions{
				Stdin: strings.NewReader("x"), Stdout: &out, Tty: true,
				TerminalSizeQueue: &sizeQueue{sizes: []TerminalSize{{Width: 1, Height: 2}}},
			})
			require.NoError(t, err)
			require.Equal(t, "1x2 X", out.String())
		}
	}
	srv.Close()
	// Polled here rather than with assert.Eventually, whose own goroutine
	// would be counted.
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before {
		buf := make([]byte, 1<<16)
		t.Errorf("goroutines: %d before, %d after:\n%s", before, after, buf[:runtime.Stack(buf, true)])
	}
}

// slowWriter takes its time over the first write, as a terminal that is
// not being read would.
type slowWriter struct {
	delay time.Duration
	once  sync.Once
	buf   bytes.Buffer
}

func (w *slowWriter) Write(p []byte) (int, error) {
	w.once.Do(func() { time.Sleep(w.delay) })
	return w.buf.Write(p)
}

// TestWebSocketSlowReaderKeepsConnection: while the caller is slow to take
// stdout, pongs go unread; the connection must not be declared dead for it.
func TestWebSocketSlowReaderKeepsConnection(t *testing.T) {
	srv := httptest.NewServer(wsExecHandler(nil, remotecommand.StreamProtocolV5Name))
	defer srv.Close()
	e, err := NewWebSocketExecutor(&rest.Config{Host: srv.URL}, http.MethodGet, srv.URL+"/exec?stdin=1&stdout=1")
	require.NoError(t, err)
	ws := e.(*wsExecutor)
	// Output in one message far larger than the read buffers, so that the
	// reading loop has to wait for the consumer in the middle of it.
	input := strings.Repeat("slow", 100_000)
	// No pings during the test: only data can keep the read deadline moving.
	ws.pingPeriod, ws.pongWait = time.Hour, time.Second

	out := &slowWriter{delay: 2500 * time.Millisecond}
	err = e.StreamWithContext(context.Background(), StreamOptions{Stdin: strings.NewReader(input), Stdout: out})
	require.NoError(t, err)
	assert.Equal(t, strings.ToUpper(input), out.buf.String())
}
