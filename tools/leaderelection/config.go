package leaderelection

import (
	"context"
	"errors"
	"fmt"
	"time"

	rl "github.com/kclient/kclient/tools/leaderelection/resourcelock"
)

// JitterFactor stretches RetryPeriod randomly (by up to 120%) between
// acquisition attempts, so candidates do not hammer the lock in lockstep.
// RenewDeadline must exceed JitterFactor*RetryPeriod.
const (
	JitterFactor = 1.2
)

// LeaderCallbacks are the hooks an elector calls as leadership changes.
// Each runs on its own goroutine, so a slow callback never delays renewal.
type LeaderCallbacks struct {
	// OnStartedLeading runs once this elector becomes leader. Its context is
	// cancelled when leadership is lost or Run's context ends; the work it
	// starts must stop then. Required.
	OnStartedLeading func(context.Context)
	// OnStoppedLeading runs when Run returns, whether or not this elector
	// ever led. Required.
	OnStoppedLeading func()
	// OnNewLeader, if set, runs whenever a different leader is observed,
	// including the first one seen (possibly this elector itself).
	OnNewLeader func(identity string)
}

// LeaderElectionConfig configures a LeaderElector. Durations must satisfy
// LeaseDuration > RenewDeadline > JitterFactor*RetryPeriod > 0.
type LeaderElectionConfig struct {
	// Lock stores the election record. Required, with a non-empty Identity.
	Lock rl.Interface

	// LeaseDuration is how long a candidate waits without seeing the record
	// change before it takes over. Measured on the local clock from the
	// moment the change was observed. Kubernetes components use 15s.
	LeaseDuration time.Duration
	// RenewDeadline is how long the leader keeps trying to renew before it
	// gives up leadership. Kubernetes components use 10s.
	RenewDeadline time.Duration
	// RetryPeriod is the pause between two attempts to acquire or renew.
	// Kubernetes components use 2s.
	RetryPeriod time.Duration

	// Callbacks are invoked as leadership changes.
	Callbacks LeaderCallbacks

	// WatchDog, if set, is attached to the elector by RunOrDie.
	WatchDog *HealthzAdaptor

	// ReleaseOnCancel makes a leader clear the record when Run's context
	// ends, so another candidate can take over at once instead of waiting a
	// LeaseDuration. Only set it when all leader-guarded work has stopped by
	// the time the context is cancelled.
	ReleaseOnCancel bool

	// Name identifies the election in logs and metrics.
	Name string

	// Coordinated switches to coordinated leader election (alpha): the
	// elector never takes a lease by itself but renews one that a
	// coordinating controller assigned to it, and steps down when the Lease
	// names a different preferred holder.
	Coordinated bool
}

// validate checks the invariants documented on LeaderElectionConfig.
func (c *LeaderElectionConfig) validate() error {
	var errs []error
	if c.LeaseDuration <= c.RenewDeadline {
		errs = append(errs, errors.New("leaseDuration must be greater than renewDeadline"))
	}
	if c.RenewDeadline <= time.Duration(JitterFactor*float64(c.RetryPeriod)) {
		errs = append(errs, errors.New("renewDeadline must be greater than retryPeriod*JitterFactor"))
	}
	if c.LeaseDuration < 1 {
		errs = append(errs, errors.New("leaseDuration must be greater than zero"))
	}
	if c.RenewDeadline < 1 {
		errs = append(errs, errors.New("renewDeadline must be greater than zero"))
	}
	if c.RetryPeriod < 1 {
		errs = append(errs, errors.New("retryPeriod must be greater than zero"))
	}
	if c.Callbacks.OnStartedLeading == nil {
		errs = append(errs, errors.New("OnStartedLeading callback must not be nil"))
	}
	if c.Callbacks.OnStoppedLeading == nil {
		errs = append(errs, errors.New("OnStoppedLeading callback must not be nil"))
	}
	switch {
	case c.Lock == nil:
		errs = append(errs, errors.New("Lock must not be nil"))
	case c.Lock.Identity() == "":
		errs = append(errs, errors.New("Lock identity is empty"))
	}
	if len(errs) > 0 {
		return fmt.Errorf("leaderelection: invalid config: %w", errors.Join(errs...))
	}
	return nil
}
