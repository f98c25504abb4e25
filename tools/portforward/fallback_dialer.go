package portforward

import (
	"errors"

	apihttpstream "k8s.io/apimachinery/pkg/util/httpstream"
	"k8s.io/klog/v2"
	streamhttp "k8s.io/streaming/pkg/httpstream"
)

var (
	_ apihttpstream.Dialer = &FallbackDialer{}
	_ streamhttp.Dialer    = &StreamingFallbackDialer{}
)

// FallbackDialer dials with a primary dialer and, when that fails with an
// error its shouldFallback function accepts, with a secondary one. The
// usual pairing is NewSPDYOverWebsocketDialer first and a SPDY dialer
// second, falling back on httpstream.IsUpgradeFailure or
// httpstream.IsHTTPSProxyError.
type FallbackDialer struct {
	primary        apihttpstream.Dialer
	secondary      apihttpstream.Dialer
	shouldFallback func(error) bool
}

// NewFallbackDialer returns a FallbackDialer.
func NewFallbackDialer(primary, secondary apihttpstream.Dialer, shouldFallback func(error) bool) apihttpstream.Dialer {
	return &FallbackDialer{primary: primary, secondary: secondary, shouldFallback: shouldFallback}
}

// Dial dials with the primary dialer, and with the secondary one if the
// primary's error satisfies shouldFallback.
func (f *FallbackDialer) Dial(protocols ...string) (apihttpstream.Connection, string, error) {
	if f.primary == nil || f.secondary == nil {
		return nil, "", errNoDialers
	}
	return dialWithFallback(f.primary.Dial, f.secondary.Dial, f.shouldFallback, protocols)
}

// StreamingFallbackDialer is FallbackDialer for dialers of
// k8s.io/streaming's types.
type StreamingFallbackDialer struct {
	primary        streamhttp.Dialer
	secondary      streamhttp.Dialer
	shouldFallback func(error) bool
}

// NewFallbackDialerForStreaming returns a StreamingFallbackDialer.
func NewFallbackDialerForStreaming(primary, secondary streamhttp.Dialer, shouldFallback func(error) bool) streamhttp.Dialer {
	return &StreamingFallbackDialer{primary: primary, secondary: secondary, shouldFallback: shouldFallback}
}

// Dial dials with the primary dialer, and with the secondary one if the
// primary's error satisfies shouldFallback.
func (f *StreamingFallbackDialer) Dial(protocols ...string) (streamhttp.Connection, string, error) {
	if f.primary == nil || f.secondary == nil {
		return nil, "", errNoDialers
	}
	return dialWithFallback(f.primary.Dial, f.secondary.Dial, f.shouldFallback, protocols)
}

var errNoDialers = errors.New("fallback dialer: both a primary and a secondary dialer are required")

// dialWithFallback is the logic both fallback dialers share. A nil
// shouldFallback never falls back.
func dialWithFallback[C any](primary, secondary func(...string) (C, string, error), shouldFallback func(error) bool, protocols []string) (C, string, error) {
	conn, protocol, err := primary(protocols...)
	if err == nil || shouldFallback == nil || !shouldFallback(err) {
		return conn, protocol, err
	}
	klog.Background().V(4).Info("Port forward: primary dialer failed, trying the secondary one", "err", err)
	return secondary(protocols...)
}
