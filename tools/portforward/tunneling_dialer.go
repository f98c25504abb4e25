package portforward

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	apihttpstream "k8s.io/apimachinery/pkg/util/httpstream"
	pfconstants "k8s.io/apimachinery/pkg/util/portforward"
	"k8s.io/klog/v2"
	streamhttp "k8s.io/streaming/pkg/httpstream"
	streamspdy "k8s.io/streaming/pkg/httpstream/spdy"

	"github.com/kclient/kclient/internal/streamcompat"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/transport/websocket"
)

// PingPeriod is how often a SPDY connection tunnelled through a WebSocket
// sends pings to keep intermediaries from closing it.
const PingPeriod = 10 * time.Second

// NewSPDYOverWebsocketDialer returns a dialer that opens a WebSocket to url
// (a pod's portforward URL) with config's credentials and runs SPDY inside
// it, for networks that let WebSockets through but not SPDY upgrades. The
// API server supports this since Kubernetes 1.30.
func NewSPDYOverWebsocketDialer(url *url.URL, config *rest.Config) (apihttpstream.Dialer, error) {
	return NewSPDYOverWebsocketDialerWithLogger(klog.Background(), url, config)
}

// NewSPDYOverWebsocketDialerWithLogger is NewSPDYOverWebsocketDialer
// logging to logger.
func NewSPDYOverWebsocketDialerWithLogger(logger klog.Logger, url *url.URL, config *rest.Config) (apihttpstream.Dialer, error) {
	t, err := newTunnel(logger, url, config)
	if err != nil {
		return nil, err
	}
	return apiTunnelDialer{t}, nil
}

// NewSPDYOverWebsocketDialerForStreaming is NewSPDYOverWebsocketDialer with
// k8s.io/streaming's types.
func NewSPDYOverWebsocketDialerForStreaming(url *url.URL, config *rest.Config) (streamhttp.Dialer, error) {
	return NewSPDYOverWebsocketDialerForStreamingWithLogger(klog.Background(), url, config)
}

// NewSPDYOverWebsocketDialerForStreamingWithLogger is
// NewSPDYOverWebsocketDialerWithLogger with k8s.io/streaming's types.
func NewSPDYOverWebsocketDialerForStreamingWithLogger(logger klog.Logger, url *url.URL, config *rest.Config) (streamhttp.Dialer, error) {
	return newTunnel(logger, url, config)
}

// tunnel dials SPDY-over-WebSocket connections.
type tunnel struct {
	logger    klog.Logger
	url       *url.URL
	transport http.RoundTripper
	holder    websocket.ConnectionHolder
}

func newTunnel(logger klog.Logger, url *url.URL, config *rest.Config) (*tunnel, error) {
	if url == nil {
		return nil, errors.New("a URL to dial is required")
	}
	rt, holder, err := websocket.RoundTripperFor(config)
	if err != nil {
		return nil, err
	}
	return &tunnel{logger: logger, url: url, transport: rt, holder: holder}, nil
}

// Dial offers protocols, each with the SPDY tunnelling prefix, in the
// WebSocket handshake and starts a SPDY client connection inside the
// WebSocket. It returns the protocol the server picked, without the prefix.
func (t *tunnel) Dial(protocols ...string) (streamhttp.Connection, string, error) {
	offered := make([]string, len(protocols))
	for i, p := range protocols {
		offered[i] = pfconstants.WebsocketsSPDYTunnelingPrefix + p
	}
	// The dialer interface takes no context; WebSocket handshakes are GETs.
	ctx := klog.NewContext(context.Background(), t.logger)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.url.String(), nil)
	if err != nil {
		return nil, "", err
	}
	ws, err := websocket.Negotiate(t.transport, t.holder, req, offered...)
	if err != nil {
		return nil, "", err
	}
	protocol := strings.TrimPrefix(ws.Subprotocol(), pfconstants.WebsocketsSPDYTunnelingPrefix)
	t.logger.V(4).Info("Port forward: WebSocket tunnel established", "protocol", protocol)
	tc := NewTunnelingConnectionWithLogger(klog.LoggerWithName(t.logger, "client"), ws)
	conn, err := streamspdy.NewClientConnectionWithPings(tc, PingPeriod)
	if err != nil {
		_ = tc.Close()
		return nil, "", err
	}
	return conn, protocol, nil
}

// apiTunnelDialer presents a tunnel with apimachinery's types.
type apiTunnelDialer struct{ t *tunnel }

func (d apiTunnelDialer) Dial(protocols ...string) (apihttpstream.Connection, string, error) {
	conn, protocol, err := d.t.Dial(protocols...)
	if err != nil {
		return nil, "", err
	}
	return streamcompat.FromStreaming(conn), protocol, nil
}
