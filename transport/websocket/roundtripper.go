// Package websocket opens WebSocket connections to the API server for exec,
// attach and port-forward (RFC 6455, with Kubernetes' channel subprotocols
// on top).
//
// The connection type is github.com/gorilla/websocket's *Conn, because that
// is what client-go's signatures name and what callers already hold.
// RoundTripperFor returns an http.RoundTripper that carries a rest.Config's
// credentials, user agent and impersonation headers into the WebSocket
// handshake, and a ConnectionHolder through which the connection is handed
// back after the handshake; Negotiate does both steps:
//
//	rt, holder, err := websocket.RoundTripperFor(config)
//	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, execURL, nil)
//	conn, err := websocket.Negotiate(rt, holder, req, "v5.channel.k8s.io")
package websocket

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	gwebsocket "github.com/gorilla/websocket"

	utilnet "k8s.io/apimachinery/pkg/util/net"
	streamhttp "k8s.io/streaming/pkg/httpstream"
	"k8s.io/streaming/pkg/httpstream/wsstream"

	"github.com/kclient/kclient/internal/streamcompat"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/transport"
)

// dataBufferSize is the payload size one read or write of a stream carries;
// the socket buffers get room for the channel byte and framing on top.
const dataBufferSize = 32 * 1024

// maxErrorBody bounds how much of a refused handshake's body is read.
const maxErrorBody = 64 * 1024

var (
	_ http.RoundTripper             = &RoundTripper{}
	_ utilnet.TLSClientConfigHolder = &RoundTripper{}
	_ ConnectionHolder              = &RoundTripper{}
)

// ConnectionHolder gives access to the connection a WebSocket round trip
// established, and to the buffer size it was set up with.
type ConnectionHolder interface {
	// DataBufferSize is the number of payload bytes one message may carry.
	DataBufferSize() int
	// Connection returns the connection of the last successful round trip.
	Connection() *gwebsocket.Conn
}

// RoundTripper performs the WebSocket opening handshake instead of an
// ordinary HTTP exchange. RoundTrip offers the subprotocols found in the
// request's Sec-WebSocket-Protocol header, fails unless the server picks one
// of them, and stores the new connection in Conn. A RoundTripper holds one
// connection at a time: do not use it from several goroutines.
type RoundTripper struct {
	// TLSConfig is used for wss:// (https) URLs; nil means Go's defaults.
	TLSConfig *tls.Config
	// Proxier picks the proxy for a request; nil means no proxy.
	Proxier func(req *http.Request) (*url.URL, error)
	// Conn is the connection of the last successful RoundTrip.
	Conn *gwebsocket.Conn
}

// Connection returns Conn.
func (rt *RoundTripper) Connection() *gwebsocket.Conn { return rt.Conn }

// DataBufferSize returns 32 KiB, the payload size the connection's buffers
// are sized for.
func (rt *RoundTripper) DataBufferSize() int { return dataBufferSize }

// TLSClientConfig returns TLSConfig.
func (rt *RoundTripper) TLSClientConfig() *tls.Config { return rt.TLSConfig }

// RoundTrip dials request.URL (http becomes ws, https becomes wss), sends
// the opening handshake with request's headers and returns the server's
// 101 response; the connection itself is in rt.Conn afterwards. A refused
// handshake, or one that settles on a subprotocol that was not offered,
// gives an error that httpstream.IsUpgradeFailure recognises; when the
// server explained the refusal with a metav1.Status, apierrors.IsNotFound
// and friends work on the error too. request's body, if any, is closed.
func (rt *RoundTripper) RoundTrip(request *http.Request) (resp *http.Response, err error) {
	if request.Body != nil {
		defer func() {
			if cerr := request.Body.Close(); err == nil && cerr != nil {
				_ = rt.Conn.Close() // this round trip's connection: nobody will get it
				rt.Conn, resp, err = nil, nil, cerr
			}
		}()
	}
	if request.URL == nil {
		return nil, errors.New("websocket: request has no URL")
	}
	target := *request.URL
	switch target.Scheme {
	case "https":
		target.Scheme = "wss"
	case "http":
		target.Scheme = "ws"
	default:
		return nil, fmt.Errorf("websocket: unknown url scheme %q in %s (want http or https)", target.Scheme, target.Redacted())
	}

	// The subprotocols travel in the dialer's own field; gorilla refuses
	// a handshake header it sets itself.
	header := request.Header.Clone()
	offered := header.Values(wsstream.WebSocketProtocolHeader)
	header.Del(wsstream.WebSocketProtocolHeader)

	d := gwebsocket.Dialer{
		Proxy:           rt.Proxier,
		TLSClientConfig: rt.TLSConfig,
		Subprotocols:    offered,
		ReadBufferSize:  dataBufferSize + 1024,
		WriteBufferSize: dataBufferSize + 1024,
	}
	conn, resp, err := d.DialContext(request.Context(), target.String(), header)
	if err != nil {
		if errors.Is(err, gwebsocket.ErrBadHandshake) {
			return nil, handshakeError(err, resp)
		}
		return nil, err
	}
	if !contains(offered, conn.Subprotocol()) {
		_ = conn.Close()
		return nil, &streamhttp.UpgradeFailureError{
			Cause: fmt.Errorf("invalid protocol, expected one of %q, got %q", offered, conn.Subprotocol()),
		}
	}
	rt.Conn = conn
	return resp, nil
}

// handshakeError describes a refused handshake: the status line, and the
// body as a StatusError when it is one, else as text.
func handshakeError(err error, resp *http.Response) error {
	if resp == nil || resp.Status == "" {
		return &streamhttp.UpgradeFailureError{Cause: err}
	}
	defer func() { _ = resp.Body.Close() }()
	cause := fmt.Errorf("%w (%s)", err, resp.Status)
	body, readErr := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	if readErr != nil {
		return &streamhttp.UpgradeFailureError{Cause: fmt.Errorf("%w: unable to read error from server response", cause)}
	}
	if status := streamcompat.StatusError(body); status != nil {
		upgradeErr := &streamhttp.UpgradeFailureError{Cause: status}
		return &streamcompat.WithStatus{Err: upgradeErr, Status: status}
	}
	if text := strings.TrimSpace(string(body)); text != "" {
		cause = fmt.Errorf("%w: %s", cause, text)
	}
	return &streamhttp.UpgradeFailureError{Cause: cause}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// RoundTripperFor returns a round tripper that performs WebSocket handshakes
// with config's TLS settings, proxy (config.Proxy, else the environment's,
// honouring CIDRs in NO_PROXY) and per-request layers (credentials, user
// agent, impersonation, WrapTransport), and the holder through which the
// connection of the last handshake can be read.
func RoundTripperFor(config *rest.Config) (http.RoundTripper, ConnectionHolder, error) {
	transportConfig, err := config.TransportConfig()
	if err != nil {
		return nil, nil, err
	}
	tlsConfig, err := transport.TLSConfigFor(transportConfig)
	if err != nil {
		return nil, nil, err
	}
	base := &RoundTripper{TLSConfig: tlsConfig, Proxier: config.Proxy}
	if base.Proxier == nil {
		base.Proxier = utilnet.NewProxierWithNoProxyCIDR(http.ProxyFromEnvironment)
	}
	wrapped, err := transport.HTTPWrappersForConfig(transportConfig, base)
	if err != nil {
		return nil, nil, err
	}
	return wrapped, base, nil
}

// Negotiate offers protocols (most preferred first) on req through rt and
// returns the connection that holder received. rt and holder must come from
// the same RoundTripperFor call (or be the same *RoundTripper).
func Negotiate(rt http.RoundTripper, holder ConnectionHolder, req *http.Request, protocols ...string) (*gwebsocket.Conn, error) {
	if rt == nil || holder == nil || req == nil {
		return nil, errors.New("websocket.Negotiate: round tripper, connection holder and request are required")
	}
	if req.Header == nil {
		req.Header = http.Header{}
	}
	req.Header[wsstream.WebSocketProtocolHeader] = protocols
	resp, err := rt.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if err := resp.Body.Close(); err != nil {
		if conn := holder.Connection(); conn != nil {
			_ = conn.Close()
		}
		return nil, fmt.Errorf("error closing response body: %w", err)
	}
	conn := holder.Connection()
	if conn == nil {
		return nil, errors.New("websocket.Negotiate: the round trip succeeded but the holder has no connection (are rt and holder from the same RoundTripperFor?)")
	}
	return conn, nil
}
