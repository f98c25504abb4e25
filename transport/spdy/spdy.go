// Package spdy opens SPDY/3.1 connections to the API server, the
// multiplexed-stream transport behind exec, attach and port-forward.
//
// RoundTripperFor builds, from a rest.Config, a round tripper that carries
// the config's credentials, user agent and impersonation headers over a
// connection it dials itself (with the config's TLS settings and proxy), and
// the Upgrader that turns the server's 101 Switching Protocols answer into a
// connection. NewDialer and Negotiate tie the two together:
//
//	rt, upgrader, err := spdy.RoundTripperFor(config)
//	dialer := spdy.NewDialer(upgrader, &http.Client{Transport: rt}, http.MethodPost, url)
//	conn, protocol, err := dialer.Dial("portforward.k8s.io")
//
// The SPDY framing itself is k8s.io/streaming's (github.com/moby/spdystream).
// A round tripper from RoundTripperFor remembers the connection of its last
// request, so use one per connection and do not share it between goroutines.
package spdy

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	apihttpstream "k8s.io/apimachinery/pkg/util/httpstream"
	streamhttp "k8s.io/streaming/pkg/httpstream"
	streamspdy "k8s.io/streaming/pkg/httpstream/spdy"

	"github.com/kclient/kclient/internal/streamcompat"
	"github.com/kclient/kclient/rest"
)

// pingPeriod is how often connections from RoundTripperFor send SPDY pings,
// which keep idle exec and port-forward sessions alive through proxies and
// load balancers.
const pingPeriod = 5 * time.Second

// maxErrorBody bounds how much of a refused upgrade's body is read.
const maxErrorBody = 64 * 1024

// Upgrader turns the response to an upgrade request into a connection,
// failing when the server did not switch protocols.
type Upgrader interface {
	// NewConnection checks resp and returns the upgraded connection.
	NewConnection(resp *http.Response) (apihttpstream.Connection, error)
}

// RoundTripperFor returns the round tripper to send upgrade requests with,
// and the Upgrader for their responses. The round tripper applies config's
// per-request layers (credentials, user agent, impersonation, WrapTransport)
// over a SPDY-capable base that dials with config's TLS settings and
// config.Proxy (the environment's proxy settings when that is nil). The two
// share state: use them for one connection at a time.
func RoundTripperFor(config *rest.Config) (http.RoundTripper, Upgrader, error) {
	tlsConfig, err := rest.TLSConfigFor(config)
	if err != nil {
		return nil, nil, err
	}
	proxy := config.Proxy
	if proxy == nil {
		proxy = http.ProxyFromEnvironment
	}
	base, err := streamspdy.NewRoundTripperWithConfig(streamspdy.RoundTripperConfig{
		TLS:        tlsConfig,
		Proxier:    proxy,
		PingPeriod: pingPeriod,
	})
	if err != nil {
		return nil, nil, err
	}
	wrapped, err := rest.HTTPWrappersForConfig(config, base)
	if err != nil {
		return nil, nil, err
	}
	return wrapped, NewUpgraderForStreaming(base), nil
}

// NewUpgraderForStreaming adapts an upgrader written against
// k8s.io/streaming/pkg/httpstream (such as k8s.io/streaming's
// *spdy.SpdyRoundTripper) to Upgrader.
func NewUpgraderForStreaming(upgrader streamhttp.UpgradeRoundTripper) Upgrader {
	return streamingUpgrader{upgrader}
}

// streamingUpgrader is a k8s.io/streaming upgrader presented as Upgrader.
type streamingUpgrader struct {
	next streamhttp.UpgradeRoundTripper
}

func (u streamingUpgrader) NewConnection(resp *http.Response) (apihttpstream.Connection, error) {
	conn, err := u.next.NewConnection(resp)
	if err != nil {
		return nil, err
	}
	return streamcompat.FromStreaming(conn), nil
}

// NewDialer returns a dialer whose Dial sends a body-less request with method
// to url through client and upgrades the response with upgrader (see
// Negotiate). client's transport must be the round tripper that pairs with
// upgrader, as RoundTripperFor returns them.
func NewDialer(upgrader Upgrader, client *http.Client, method string, url *url.URL) apihttpstream.Dialer {
	return &dialer{upgrader: upgrader, client: client, method: method, url: url}
}

// NewDialerForStreaming is NewDialer for callers that work with
// k8s.io/streaming/pkg/httpstream's types.
func NewDialerForStreaming(upgrader Upgrader, client *http.Client, method string, url *url.URL) streamhttp.Dialer {
	return streamingDialer{&dialer{upgrader: upgrader, client: client, method: method, url: url}}
}

// dialer implements apihttpstream.Dialer with Negotiate.
type dialer struct {
	upgrader Upgrader
	client   *http.Client
	method   string
	url      *url.URL
}

func (d *dialer) Dial(protocols ...string) (apihttpstream.Connection, string, error) {
	if d.url == nil {
		return nil, "", fmt.Errorf("spdy dialer: no URL to dial")
	}
	req, err := http.NewRequest(d.method, d.url.String(), nil)
	if err != nil {
		return nil, "", fmt.Errorf("error creating request: %w", err)
	}
	return Negotiate(d.upgrader, d.client, req, protocols...)
}

// streamingDialer presents a dialer with k8s.io/streaming's types.
type streamingDialer struct {
	next *dialer
}

func (d streamingDialer) Dial(protocols ...string) (streamhttp.Connection, string, error) {
	conn, protocol, err := d.next.Dial(protocols...)
	if err != nil {
		return nil, "", err
	}
	return streamcompat.ToStreaming(conn), protocol, nil
}

// Negotiate sends req through client offering protocols (most preferred
// first) in X-Stream-Protocol-Version headers, and upgrades the response with
// upgrader. It returns the connection and the protocol the server chose,
// which is "" when the server named none (servers that predate versioned
// protocols). client's transport must be the round tripper that pairs with
// upgrader (see RoundTripperFor).
//
// When the server refuses the upgrade with a metav1.Status (a missing pod,
// a pod not yet scheduled, missing permissions), the returned error keeps
// the upgrader's text and apierrors.IsNotFound, IsBadRequest, ... work on
// it.
func Negotiate(upgrader Upgrader, client *http.Client, req *http.Request, protocols ...string) (apihttpstream.Connection, string, error) {
	if upgrader == nil || client == nil || req == nil {
		return nil, "", fmt.Errorf("spdy.Negotiate: upgrader, client and request are required")
	}
	for _, p := range protocols {
		req.Header.Add(apihttpstream.HeaderProtocolVersion, p)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, "", fmt.Errorf("error sending request: %w", err)
	}
	defer func() { _ = resp.Body.Close() }()

	var status *apierrors.StatusError
	if resp.StatusCode != http.StatusSwitchingProtocols {
		// Keep a copy of the refusal so that the server's Status can be
		// attached to whatever error the upgrader makes of it.
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		resp.Body = io.NopCloser(bytes.NewReader(body))
		status = streamcompat.StatusError(body)
	}
	conn, err := upgrader.NewConnection(resp)
	if err != nil {
		if status != nil {
			return nil, "", &streamcompat.WithStatus{Err: err, Status: status}
		}
		return nil, "", err
	}
	return conn, resp.Header.Get(apihttpstream.HeaderProtocolVersion), nil
}

// NegotiateStreaming is Negotiate for callers that work with
// k8s.io/streaming/pkg/httpstream's types.
func NegotiateStreaming(upgrader Upgrader, client *http.Client, req *http.Request, protocols ...string) (streamhttp.Connection, string, error) {
	conn, protocol, err := Negotiate(upgrader, client, req, protocols...)
	if err != nil {
		return nil, "", err
	}
	return streamcompat.ToStreaming(conn), protocol, nil
}
