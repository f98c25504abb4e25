package remotecommand

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"k8s.io/apimachinery/pkg/util/remotecommand"
	"k8s.io/klog/v2"

	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/transport/spdy"
)

// spdyProtocols are the channel protocols SPDY executors offer by default,
// newest first.
var spdyProtocols = []string{
	remotecommand.StreamProtocolV5Name,
	remotecommand.StreamProtocolV4Name,
	remotecommand.StreamProtocolV3Name,
	remotecommand.StreamProtocolV2Name,
	remotecommand.StreamProtocolV1Name,
}

// spdyExecutor streams over a SPDY connection.
type spdyExecutor struct {
	transport       http.RoundTripper
	upgrader        spdy.Upgrader
	method          string
	url             *url.URL
	protocols       []string
	rejectRedirects bool
}

// NewSPDYExecutor returns an Executor that upgrades a request with method
// to url (usually POST to a pod's exec or attach subresource) to SPDY,
// authenticating as config says.
func NewSPDYExecutor(config *rest.Config, method string, url *url.URL) (Executor, error) {
	rt, upgrader, err := spdy.RoundTripperFor(config)
	if err != nil {
		return nil, err
	}
	return NewSPDYExecutorForTransports(rt, upgrader, method, url)
}

// NewSPDYExecutorForTransports is NewSPDYExecutor with a round tripper and
// upgrader of the caller's (see spdy.RoundTripperFor), offering every
// channel protocol from v5 down to v1.
func NewSPDYExecutorForTransports(transport http.RoundTripper, upgrader spdy.Upgrader, method string, url *url.URL) (Executor, error) {
	return NewSPDYExecutorForProtocols(transport, upgrader, method, url, spdyProtocols...)
}

// NewSPDYExecutorRejectRedirects is NewSPDYExecutorForTransports, except
// that a redirect in answer to the upgrade request fails the stream instead
// of being followed.
func NewSPDYExecutorRejectRedirects(transport http.RoundTripper, upgrader spdy.Upgrader, method string, url *url.URL) (Executor, error) {
	e, err := newSPDYExecutor(transport, upgrader, method, url, nil)
	if err != nil {
		return nil, err
	}
	e.protocols = spdyProtocols
	e.rejectRedirects = true
	return e, nil
}

// NewSPDYExecutorForProtocols is NewSPDYExecutorForTransports offering only
// protocols, most preferred first. Mostly useful for tests.
func NewSPDYExecutorForProtocols(transport http.RoundTripper, upgrader spdy.Upgrader, method string, url *url.URL, protocols ...string) (Executor, error) {
	return newSPDYExecutor(transport, upgrader, method, url, protocols)
}

func newSPDYExecutor(transport http.RoundTripper, upgrader spdy.Upgrader, method string, url *url.URL, protocols []string) (*spdyExecutor, error) {
	switch {
	case transport == nil:
		return nil, errors.New("remotecommand: a SPDY executor needs a round tripper")
	case upgrader == nil:
		return nil, errors.New("remotecommand: a SPDY executor needs an upgrader")
	case url == nil:
		return nil, errors.New("remotecommand: a SPDY executor needs a URL")
	}
	return &spdyExecutor{transport: transport, upgrader: upgrader, method: method, url: url, protocols: protocols}, nil
}

// Stream is StreamWithContext with context.Background().
//
// Deprecated: use StreamWithContext.
func (e *spdyExecutor) Stream(options StreamOptions) error {
	return e.StreamWithContext(context.Background(), options)
}

// StreamWithContext implements Executor.
func (e *spdyExecutor) StreamWithContext(ctx context.Context, options StreamOptions) error {
	req, err := http.NewRequestWithContext(ctx, e.method, e.url.String(), nil)
	if err != nil {
		return fmt.Errorf("error creating request: %w", err)
	}
	client := &http.Client{Transport: e.transport}
	if e.rejectRedirects {
		client.CheckRedirect = func(*http.Request, []*http.Request) error {
			return errors.New("redirect not allowed")
		}
	}
	conn, protocol, err := spdy.NegotiateStreaming(e.upgrader, client, req, e.protocols...)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close() }()

	logger := klog.FromContext(ctx)
	logger.V(4).Info("Remote command: SPDY connection upgraded", "protocol", protocol)
	done := make(chan error, 1)
	go func() {
		// SPDY accepts data for a stream as soon as it exists, so no
		// ready signal is needed.
		done <- newSession(logger, protocol, options).run(conn, nil)
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
