package remotecommand

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	gwebsocket "github.com/gorilla/websocket"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/remotecommand"
	"k8s.io/klog/v2"
	streamhttp "k8s.io/streaming/pkg/httpstream"

	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/transport/websocket"
)

const (
	// wsWriteTimeout bounds one write of stream data to the connection.
	wsWriteTimeout = 60 * time.Second
	// wsPingPeriod is how often the client pings the server.
	wsPingPeriod = 5 * time.Second
	// wsPongWait is how long the connection may stay silent (no data, no
	// pong) before it counts as dead: a dozen missed pings.
	wsPongWait = 12*wsPingPeriod + time.Second
)

// channelOf maps stream types to the channel byte that prefixes their
// messages on a WebSocket.
var channelOf = map[string]byte{
	corev1.StreamTypeStdin:  remotecommand.StreamStdIn,
	corev1.StreamTypeStdout: remotecommand.StreamStdOut,
	corev1.StreamTypeStderr: remotecommand.StreamStdErr,
	corev1.StreamTypeError:  remotecommand.StreamErr,
	corev1.StreamTypeResize: remotecommand.StreamResize,
}

// wsExecutor streams over a WebSocket connection.
type wsExecutor struct {
	transport  http.RoundTripper
	holder     websocket.ConnectionHolder
	method     string
	url        string
	protocols  []string
	pingPeriod time.Duration
	pongWait   time.Duration
}

// NewWebSocketExecutor returns an Executor that streams over a WebSocket to
// url (a pod's exec or attach URL; WebSocket handshakes are always GET
// requests, whatever method says), offering only v5.channel.k8s.io: older
// servers that know only v4 and earlier over WebSocket cannot signal the
// end of stdin, so a FallbackExecutor to SPDY serves them better.
func NewWebSocketExecutor(config *rest.Config, method, url string) (Executor, error) {
	return NewWebSocketExecutorForProtocols(config, method, url, remotecommand.StreamProtocolV5Name)
}

// NewWebSocketExecutorForProtocols is NewWebSocketExecutor offering
// protocols, most preferred first.
func NewWebSocketExecutorForProtocols(config *rest.Config, method, url string, protocols ...string) (Executor, error) {
	rt, holder, err := websocket.RoundTripperFor(config)
	if err != nil {
		return nil, fmt.Errorf("error creating websocket transports: %w", err)
	}
	return &wsExecutor{
		transport:  rt,
		holder:     holder,
		method:     method,
		url:        url,
		protocols:  protocols,
		pingPeriod: wsPingPeriod,
		pongWait:   wsPongWait,
	}, nil
}

// Stream is StreamWithContext with context.Background().
//
// Deprecated: use StreamWithContext.
func (e *wsExecutor) Stream(options StreamOptions) error {
	return e.StreamWithContext(context.Background(), options)
}

// StreamWithContext implements Executor. The executor keeps the connection
// of the running session, so it must not run two sessions at once.
func (e *wsExecutor) StreamWithContext(ctx context.Context, options StreamOptions) error {
	req, err := http.NewRequestWithContext(ctx, e.method, e.url, nil)
	if err != nil {
		return fmt.Errorf("error creating request: %w", err)
	}
	conn, err := websocket.Negotiate(e.transport, e.holder, req, e.protocols...)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close() }()

	logger := klog.FromContext(ctx)
	protocol := conn.Subprotocol()
	logger.V(4).Info("Remote command: WebSocket connection upgraded", "protocol", protocol)

	mux := newWSMux(logger, conn)
	ready := make(chan struct{})
	finished := make(chan struct{})
	defer close(finished)
	go func() {
		// Reading starts only once every stream exists, so that no
		// message arrives for a stream that is still being created.
		select {
		case <-ready:
			mux.readLoop(e.holder.DataBufferSize(), e.pingPeriod, e.pongWait)
		case <-ctx.Done():
			mux.closeReaders(ctx.Err())
		case <-finished:
		}
	}()
	done := make(chan error, 1)
	go func() { done <- newSession(logger, protocol, options).run(mux, ready) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// wsMux multiplexes the streams of a session over one WebSocket: each
// binary message starts with the channel byte of its stream. Writes from
// all streams are serialised; one loop reads and dispatches.
type wsMux struct {
	logger  klog.Logger
	conn    *gwebsocket.Conn
	writeMu sync.Mutex

	mu      sync.Mutex
	streams map[byte]*wsStream
	// closed is set once the readers are closed; new streams fail with it.
	closed error
}

func newWSMux(logger klog.Logger, conn *gwebsocket.Conn) *wsMux {
	return &wsMux{logger: logger, conn: conn, streams: map[byte]*wsStream{}}
}

// CreateStream registers the stream named by headers' streamType.
func (m *wsMux) CreateStream(headers http.Header) (streamhttp.Stream, error) {
	streamType := headers.Get(corev1.StreamType)
	id, ok := channelOf[streamType]
	if !ok {
		return nil, fmt.Errorf("unknown stream type: %q", streamType)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed != nil {
		return nil, m.closed
	}
	if _, dup := m.streams[id]; dup {
		return nil, fmt.Errorf("duplicate stream for type %s", streamType)
	}
	r, w := io.Pipe()
	s := &wsStream{mux: m, id: id, headers: headers, in: r, inWriter: w}
	m.streams[id] = s
	return s, nil
}

func (m *wsMux) stream(id byte) *wsStream {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.streams[id]
}

// closeReaders ends every stream's read side with err (io.EOF when err is
// nil) and refuses new streams.
func (m *wsMux) closeReaders(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range m.streams {
		_ = s.inWriter.CloseWithError(err)
	}
	if err == nil {
		err = errors.New("the connection is closed")
	}
	m.closed = err
}

// readLoop dispatches incoming messages to their streams until the
// connection ends, keeping it alive with pings meanwhile. A normal close
// from the server ends the streams with io.EOF, anything else with the
// error.
func (m *wsMux) readLoop(bufferSize int, pingPeriod, pongWait time.Duration) {
	stopPings := make(chan struct{})
	defer close(stopPings)
	m.conn.SetPongHandler(func(string) error {
		return m.conn.SetReadDeadline(time.Now().Add(pongWait))
	})
	if err := m.conn.SetReadDeadline(time.Now().Add(pongWait)); err != nil {
		m.closeReaders(err)
		return
	}
	go m.ping(pingPeriod, stopPings)

	buf := make([]byte, bufferSize)
	for {
		kind, r, err := m.conn.NextReader()
		if err != nil {
			var closeErr *gwebsocket.CloseError
			if errors.As(err, &closeErr) && closeErr.Code == gwebsocket.CloseNormalClosure {
				err = nil
			} else {
				err = fmt.Errorf("next reader: %w", err)
			}
			m.closeReaders(err)
			return
		}
		if kind != gwebsocket.BinaryMessage {
			m.closeReaders(fmt.Errorf("unexpected message type %d (want binary)", kind))
			return
		}
		if _, err := io.ReadFull(r, buf[:1]); err != nil {
			if errors.Is(err, io.EOF) {
				continue // an empty message carries nothing
			}
			m.closeReaders(fmt.Errorf("read stream id: %w", err))
			return
		}
		s := m.stream(buf[0])
		if s == nil {
			m.logger.V(4).Info("Remote command: discarding a message for an unknown stream", "id", buf[0])
			continue
		}
		if err := m.deliver(s, r, buf, pongWait); err != nil {
			m.closeReaders(err)
			return
		}
	}
}

// deliver copies the rest of message r into s. Handing data to s may wait
// for a slow consumer, during which pongs go unread; so every chunk handed
// over pushes the read deadline out like a pong does. When s's reader is
// gone the rest of the message is dropped (the next NextReader skips it).
func (m *wsMux) deliver(s *wsStream, r io.Reader, buf []byte, pongWait time.Duration) error {
	for {
		n, readErr := r.Read(buf)
		if n > 0 {
			if _, err := s.inWriter.Write(buf[:n]); err != nil {
				return nil
			}
			if err := m.conn.SetReadDeadline(time.Now().Add(pongWait)); err != nil {
				return err
			}
		}
		switch {
		case readErr == nil:
		case errors.Is(readErr, io.EOF):
			return nil
		default:
			return fmt.Errorf("read message: %w", readErr)
		}
	}
}

// ping sends a ping every period until stop is closed or the connection
// refuses writes.
func (m *wsMux) ping(period time.Duration, stop <-chan struct{}) {
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		// WriteControl may run concurrently with other writes.
		err := m.conn.WriteControl(gwebsocket.PingMessage, nil, time.Now().Add(wsWriteTimeout))
		if err == nil || errors.Is(err, gwebsocket.ErrCloseSent) {
			continue
		}
		var netErr net.Error
		if errors.As(err, &netErr) && netErr.Timeout() {
			continue
		}
		m.logger.V(4).Info("Remote command: WebSocket ping failed", "err", err)
		return
	}
}

// wsStream is one channel of a wsMux.
type wsStream struct {
	mux      *wsMux
	id       byte
	headers  http.Header
	in       *io.PipeReader
	inWriter *io.PipeWriter
	// closed (guarded by mux.writeMu) is set once this side has closed.
	closed bool
}

var _ streamhttp.Stream = &wsStream{}

func (s *wsStream) Read(p []byte) (int, error) { return s.in.Read(p) }

// Write sends p as one message on the stream's channel.
func (s *wsStream) Write(p []byte) (int, error) {
	s.mux.writeMu.Lock()
	defer s.mux.writeMu.Unlock()
	if s.closed {
		return 0, fmt.Errorf("write on closed stream %d", s.id)
	}
	conn := s.mux.conn
	if err := conn.SetWriteDeadline(time.Now().Add(wsWriteTimeout)); err != nil {
		return 0, err
	}
	w, err := conn.NextWriter(gwebsocket.BinaryMessage)
	if err != nil {
		return 0, err
	}
	if _, err := w.Write([]byte{s.id}); err != nil {
		_ = w.Close()
		return 0, err
	}
	n, err := w.Write(p)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// Close half-closes the stream: it tells the server (with the CLOSE signal
// of v5.channel.k8s.io) that no more data comes on it.
func (s *wsStream) Close() error {
	s.mux.writeMu.Lock()
	defer s.mux.writeMu.Unlock()
	if s.closed {
		return fmt.Errorf("stream %d is already closed", s.id)
	}
	s.closed = true
	if err := s.mux.conn.SetWriteDeadline(time.Now().Add(wsWriteTimeout)); err != nil {
		return err
	}
	return s.mux.conn.WriteMessage(gwebsocket.BinaryMessage, []byte{remotecommand.StreamClose, s.id})
}

// Reset closes both directions of the stream.
func (s *wsStream) Reset() error {
	_ = s.Close()
	return s.inWriter.Close()
}

func (s *wsStream) Headers() http.Header { return s.headers }
func (s *wsStream) Identifier() uint32   { return uint32(s.id) }
