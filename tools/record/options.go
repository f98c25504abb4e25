package record

import (
	"context"
	"time"
)

// config collects what BroadcasterOptions set.
type config struct {
	CorrelatorOptions
	ctx           context.Context
	sleepDuration time.Duration
}

// BroadcasterOption customises NewBroadcaster.
type BroadcasterOption func(*config)

// WithContext ties the broadcaster to ctx: cancelling ctx shuts the
// broadcaster down as Shutdown would, and the logger in ctx (klog.FromContext)
// is used for the broadcaster's own diagnostics.
func WithContext(ctx context.Context) BroadcasterOption {
	return func(c *config) { c.ctx = ctx }
}

// WithCorrelatorOptions tunes the aggregation and spam filtering applied
// before events are written to a sink; zero fields keep their defaults.
func WithCorrelatorOptions(options CorrelatorOptions) BroadcasterOption {
	return func(c *config) { c.CorrelatorOptions = options }
}

// WithSleepDuration sets the pause between two attempts to write an event
// to a sink after a transient failure (default 10s; the first pause is a
// random fraction of it).
func WithSleepDuration(sleepDuration time.Duration) BroadcasterOption {
	return func(c *config) { c.sleepDuration = sleepDuration }
}
