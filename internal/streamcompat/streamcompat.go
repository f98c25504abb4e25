// Package streamcompat bridges the two copies of the multiplexed-stream
// interfaces that client code meets: k8s.io/apimachinery/pkg/util/httpstream
// (named in client-go's exported signatures) and k8s.io/streaming/pkg/httpstream
// (what the SPDY and WebSocket implementations return). The Stream interfaces
// of both have the same method set, so a stream of one kind already is a
// stream of the other; only Connection needs a wrapper, because its
// CreateStream and RemoveStreams name the package's own Stream type.
//
// It also turns the body of a failed upgrade into an *apierrors.StatusError
// when the server sent a metav1.Status, so callers can use apierrors.IsNotFound
// and friends on upgrade failures.
package streamcompat

import (
	"encoding/json"
	"net/http"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	apihttpstream "k8s.io/apimachinery/pkg/util/httpstream"
	streamhttp "k8s.io/streaming/pkg/httpstream"
)

// ToStreaming presents c as a k8s.io/streaming connection. A connection that
// FromStreaming wrapped is unwrapped instead of being wrapped twice. nil
// stays nil.
func ToStreaming(c apihttpstream.Connection) streamhttp.Connection {
	switch c := c.(type) {
	case nil:
		return nil
	case *apiConn:
		return c.streamhttp
	default:
		return &streamingConn{api: c}
	}
}

// FromStreaming presents c as a k8s.io/apimachinery connection, unwrapping a
// connection that ToStreaming wrapped. nil stays nil.
func FromStreaming(c streamhttp.Connection) apihttpstream.Connection {
	switch c := c.(type) {
	case nil:
		return nil
	case *streamingConn:
		return c.api
	default:
		return &apiConn{streamhttp: c}
	}
}

// apiConn is a k8s.io/streaming connection seen through the apimachinery
// interface.
type apiConn struct {
	streamhttp streamhttp.Connection
}

func (c *apiConn) CreateStream(headers http.Header) (apihttpstream.Stream, error) {
	s, err := c.streamhttp.CreateStream(headers)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (c *apiConn) Close() error                         { return c.streamhttp.Close() }
func (c *apiConn) CloseChan() <-chan bool               { return c.streamhttp.CloseChan() }
func (c *apiConn) SetIdleTimeout(timeout time.Duration) { c.streamhttp.SetIdleTimeout(timeout) }

func (c *apiConn) RemoveStreams(streams ...apihttpstream.Stream) {
	converted := make([]streamhttp.Stream, 0, len(streams))
	for _, s := range streams {
		if s != nil {
			converted = append(converted, s)
		}
	}
	c.streamhttp.RemoveStreams(converted...)
}

// streamingConn is an apimachinery connection seen through the
// k8s.io/streaming interface.
type streamingConn struct {
	api apihttpstream.Connection
}

func (c *streamingConn) CreateStream(headers http.Header) (streamhttp.Stream, error) {
	s, err := c.api.CreateStream(headers)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (c *streamingConn) Close() error                         { return c.api.Close() }
func (c *streamingConn) CloseChan() <-chan bool               { return c.api.CloseChan() }
func (c *streamingConn) SetIdleTimeout(timeout time.Duration) { c.api.SetIdleTimeout(timeout) }

func (c *streamingConn) RemoveStreams(streams ...streamhttp.Stream) {
	converted := make([]apihttpstream.Stream, 0, len(streams))
	for _, s := range streams {
		if s != nil {
			converted = append(converted, s)
		}
	}
	c.api.RemoveStreams(converted...)
}

// StatusError decodes body as a metav1.Status describing a failure and
// returns it as an *apierrors.StatusError, or nil when body is something
// else (plain text, HTML from a proxy, an empty body).
func StatusError(body []byte) *apierrors.StatusError {
	var status metav1.Status
	if len(body) == 0 || json.Unmarshal(body, &status) != nil {
		return nil
	}
	if status.Kind != "Status" && status.Status != metav1.StatusFailure {
		return nil
	}
	return &apierrors.StatusError{ErrStatus: status}
}

// WithStatus is an upgrade error whose text is that of Err and through which
// errors.As also finds Status, the server's structured answer.
type WithStatus struct {
	Err    error
	Status *apierrors.StatusError
}

// Error returns the text of Err.
func (e *WithStatus) Error() string { return e.Err.Error() }

// Unwrap exposes both the original error and the server's status.
func (e *WithStatus) Unwrap() []error { return []error{e.Err, e.Status} }
