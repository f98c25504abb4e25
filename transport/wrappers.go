package transport

import (
	"context"
	"net/http"
)

// WrapperFunc decorates a RoundTripper: it receives the transport being built
// for a client and returns the one to use instead, typically a RoundTripper
// that does something per request and then delegates to rt.
type WrapperFunc func(rt http.RoundTripper) http.RoundTripper

// Wrappers chains fns into one WrapperFunc that applies them first to last,
// so the last one ends up outermost. nil entries are skipped, which lets a
// caller extend a possibly-nil wrapper with Wrappers(existing, next). It
// returns nil only when called without arguments.
func Wrappers(fns ...WrapperFunc) WrapperFunc {
	if len(fns) == 0 {
		return nil
	}
	// Config.Wrap on a Config without wrappers: keep the single new one as is.
	if len(fns) == 2 && fns[0] == nil {
		return fns[1]
	}
	var live []WrapperFunc
	for _, fn := range fns {
		if fn != nil {
			live = append(live, fn)
		}
	}
	if len(live) == 1 {
		return live[0]
	}
	return func(rt http.RoundTripper) http.RoundTripper {
		for _, fn := range live {
			rt = fn(rt)
		}
		return rt
	}
}

// ContextCanceller returns a wrapper that refuses to start requests once ctx
// is done: RoundTrip then fails with err, so the caller chooses the error.
// Requests already in flight are not affected.
func ContextCanceller(ctx context.Context, err error) WrapperFunc {
	return func(rt http.RoundTripper) http.RoundTripper {
		return &contextCanceller{layer: layer{next: rt}, ctx: ctx, err: err}
	}
}

// contextCanceller refuses requests once ctx is done.
type contextCanceller struct {
	layer
	ctx context.Context
	err error
}

// RoundTrip fails with the configured error once the context is done.
func (c *contextCanceller) RoundTrip(req *http.Request) (*http.Response, error) {
	if c.ctx.Err() != nil {
		return nil, c.err
	}
	return c.next.RoundTrip(req)
}

// layer is embedded by every wrapping round tripper in this package. It holds
// the next round tripper and exposes it through WrappedRoundTripper, which
// makes the stack walkable by k8s.io/apimachinery/pkg/util/net helpers.
type layer struct {
	next http.RoundTripper
}

// WrappedRoundTripper returns the round tripper this layer delegates to.
func (l layer) WrappedRoundTripper() http.RoundTripper { return l.next }
