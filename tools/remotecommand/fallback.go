package remotecommand

import (
	"context"
	"errors"

	"k8s.io/klog/v2"
)

var _ Executor = &FallbackExecutor{}

// FallbackExecutor streams with a primary Executor and, when that fails in
// a way its shouldFallback function accepts, tries the secondary one.
type FallbackExecutor struct {
	primary        Executor
	secondary      Executor
	shouldFallback func(error) bool
}

// NewFallbackExecutor returns an Executor that tries primary first and
// secondary when primary's error satisfies shouldFallback. The usual pairing
// is a WebSocket primary, a SPDY secondary and httpstream.IsUpgradeFailure
// (which only matches errors before any stream data moved, so the fallback
// never replays input). The error is non-nil only when an argument is nil.
func NewFallbackExecutor(primary, secondary Executor, shouldFallback func(error) bool) (Executor, error) {
	if primary == nil || secondary == nil || shouldFallback == nil {
		return nil, errors.New("remotecommand.NewFallbackExecutor: primary, secondary and shouldFallback are required")
	}
	return &FallbackExecutor{primary: primary, secondary: secondary, shouldFallback: shouldFallback}, nil
}

// Stream is StreamWithContext with context.Background().
//
// Deprecated: use StreamWithContext.
func (f *FallbackExecutor) Stream(options StreamOptions) error {
	return f.StreamWithContext(context.Background(), options)
}

// StreamWithContext streams with the primary executor, and with the
// secondary one if the primary's error satisfies shouldFallback.
func (f *FallbackExecutor) StreamWithContext(ctx context.Context, options StreamOptions) error {
	err := f.primary.StreamWithContext(ctx, options)
	if err == nil || !f.shouldFallback(err) {
		return err
	}
	klog.FromContext(ctx).V(4).Info("Remote command: primary executor failed, trying the secondary one", "err", err)
	return f.secondary.StreamWithContext(ctx, options)
}
