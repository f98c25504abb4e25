package leaderelection

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/klog/v2"
	"k8s.io/utils/clock"

	rl "github.com/kclient/kclient/tools/leaderelection/resourcelock"
)

// LeaderElector runs one candidate of an election. Create it with
// NewLeaderElector and call Run once; GetLeader, IsLeader and Check may be
// called concurrently from any goroutine.
type LeaderElector struct {
	config LeaderElectionConfig
	clock  clock.Clock
	metric LeaderMetric

	mu sync.Mutex
	// observed is the last record read or written, observedRaw its raw
	// encoding and observedTime the local time at which it changed.
	observed     rl.LeaderElectionRecord
	observedRaw  []byte
	observedTime time.Time
	// reported is the leader last announced through OnNewLeader.
	reported string

	// callbacks tracks the goroutines running user callbacks so Run can
	// wait for OnNewLeader calls before it returns.
	callbacks sync.WaitGroup
}

// NewLeaderElector validates lec and returns an elector for it. It fails
// when a duration is out of range, a required callback is missing, or the
// lock is nil or has no identity.
func NewLeaderElector(lec LeaderElectionConfig) (*LeaderElector, error) {
	if err := lec.validate(); err != nil {
		return nil, err
	}
	return &LeaderElector{
		config: lec,
		clock:  clock.RealClock{},
		metric: newLeaderMetric(),
	}, nil
}

// RunOrDie builds an elector from lec, attaches lec.WatchDog if set, and
// runs it until ctx ends or leadership is lost. An invalid lec is a
// programming error: RunOrDie panics with the validation error, as its name
// promises. Use NewLeaderElector to handle the error instead.
func RunOrDie(ctx context.Context, lec LeaderElectionConfig) {
	le, err := NewLeaderElector(lec)
	if err != nil {
		panic(fmt.Errorf("leaderelection: RunOrDie: %w", err))
	}
	if dog := lec.WatchDog; dog != nil {
		dog.SetLeaderElection(le)
	}
	le.Run(ctx)
}

// Run competes for leadership until it is won, then renews it until renewal
// fails for RenewDeadline or ctx ends. It returns then, after calling
// OnStoppedLeading (also when it never led) and, with ReleaseOnCancel, after
// releasing the lock. The context handed to OnStartedLeading is cancelled
// before Run returns, and Run waits for OnStartedLeading and any OnNewLeader
// calls to return, so no callback outlives it: callbacks must honour their
// context. Run is meant to be called once per elector.
func (le *LeaderElector) Run(ctx context.Context) {
	defer le.callbacks.Wait()
	defer le.config.Callbacks.OnStoppedLeading()

	if !le.acquire(ctx) {
		return
	}
	leadCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	le.callbacks.Add(1)
	go func() {
		defer le.callbacks.Done()
		le.config.Callbacks.OnStartedLeading(leadCtx)
	}()
	le.renew(leadCtx)
}

// GetLeader returns the identity of the last observed leader, or "" if none
// has been observed. It is informational (logs, monitoring).
func (le *LeaderElector) GetLeader() string {
	le.mu.Lock()
	defer le.mu.Unlock()
	return le.observed.HolderIdentity
}

// IsLeader reports whether the last observed leader is this elector.
func (le *LeaderElector) IsLeader() bool {
	return le.GetLeader() == le.config.Lock.Identity()
}

// Check returns an error when this elector is leader but its lease has not
// been renewed for more than LeaseDuration+maxTolerableExpiredLease; nil
// otherwise (including when it is not leader).
func (le *LeaderElector) Check(maxTolerableExpiredLease time.Duration) error {
	if !le.IsLeader() {
		return nil
	}
	le.mu.Lock()
	since := le.clock.Since(le.observedTime)
	le.mu.Unlock()
	if since > le.config.LeaseDuration+maxTolerableExpiredLease {
		return fmt.Errorf("leaderelection: lease %s not renewed for %v", le.config.Lock.Describe(), since)
	}
	return nil
}

// acquire retries every RetryPeriod (jittered) until the lock is won (true)
// or ctx ends (false).
func (le *LeaderElector) acquire(ctx context.Context) bool {
	logger := klog.FromContext(ctx)
	desc := le.config.Lock.Describe()
	logger.Info("Attempting to acquire leader lease", "lock", desc)
	won := false
	attemptCtx, stop := context.WithCancel(ctx)
	defer stop()
	wait.JitterUntil(func() {
		ok := le.attempt(attemptCtx)
		le.reportTransition()
		if !ok {
			logger.V(4).Info("Lease held by another candidate", "lock", desc, "leader", le.GetLeader())
			return
		}
		le.config.Lock.RecordEvent("became leader")
		le.metric.On(le.config.Name)
		logger.Info("Acquired leader lease", "lock", desc)
		won = true
		stop()
	}, le.config.RetryPeriod, JitterFactor, true, attemptCtx.Done())
	return won
}

// renew keeps the lease until a renewal round fails for RenewDeadline or
// ctx ends, then releases it if ReleaseOnCancel is set.
func (le *LeaderElector) renew(ctx context.Context) {
	logger := klog.FromContext(ctx)
	desc := le.config.Lock.Describe()
	loopCtx, stop := context.WithCancel(ctx)
	defer stop()
	wait.Until(func() {
		err := le.renewRound(loopCtx)
		le.reportTransition()
		if err == nil {
			logger.V(5).Info("Renewed leader lease", "lock", desc)
			return
		}
		le.config.Lock.RecordEvent("stopped leading")
		le.metric.Off(le.config.Name)
		logger.Info("Failed to renew leader lease", "lock", desc, "err", err)
		stop()
	}, le.config.RetryPeriod, loopCtx.Done())

	if le.config.ReleaseOnCancel {
		// ctx is done here; the release gets a fresh, bounded context.
		relCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), le.config.RenewDeadline)
		defer cancel()
		le.release(relCtx)
	}
}

// renewRound tries to renew every RetryPeriod for at most RenewDeadline.
func (le *LeaderElector) renewRound(ctx context.Context) error {
	roundCtx, cancel := context.WithTimeout(ctx, le.config.RenewDeadline)
	defer cancel()
	err := wait.PollUntilContextCancel(roundCtx, le.config.RetryPeriod, true, func(c context.Context) (bool, error) {
		return le.attempt(c), nil
	})
	if err != nil {
		return fmt.Errorf("renewing lease %s: %w", le.config.Lock.Describe(), err)
	}
	return nil
}

// attempt makes one acquire-or-renew step in the configured mode.
func (le *LeaderElector) attempt(ctx context.Context) bool {
	if le.config.Coordinated {
		return le.tryCoordinatedRenew(ctx)
	}
	return le.tryAcquireOrRenew(ctx)
}

// release clears the holder so others can take over at once. It returns
// whether the lock is no longer held by this elector.
func (le *LeaderElector) release(ctx context.Context) bool {
	if !le.IsLeader() {
		return true
	}
	now := metav1.NewTime(le.clock.Now())
	le.mu.Lock()
	transitions := le.observed.LeaderTransitions
	le.mu.Unlock()
	cleared := rl.LeaderElectionRecord{
		LeaderTransitions:    transitions,
		LeaseDurationSeconds: 1,
		RenewTime:            now,
		AcquireTime:          now,
	}
	if err := le.config.Lock.Update(ctx, cleared); err != nil {
		klog.FromContext(ctx).Error(err, "Failed to release leader lease", "lock", le.config.Lock.Describe())
		return false
	}
	le.setObserved(&cleared)
	return true
}

// tryAcquireOrRenew makes one attempt to take or keep the lease and reports
// whether this elector holds it afterwards.
func (le *LeaderElector) tryAcquireOrRenew(ctx context.Context) bool {
	logger := klog.FromContext(ctx)
	now := metav1.NewTime(le.clock.Now())
	desired := rl.LeaderElectionRecord{
		HolderIdentity:       le.config.Lock.Identity(),
		AcquireTime:          now,
		RenewTime:            now,
		LeaseDurationSeconds: int(le.config.LeaseDuration / time.Second),
	}

	// Fast path: a leader whose view is fresh just renews, without a read.
	if le.IsLeader() && le.leaseValid(now.Time) {
		prev := le.observedRecord()
		desired.AcquireTime = prev.AcquireTime
		desired.LeaderTransitions = prev.LeaderTransitions
		err := le.config.Lock.Update(ctx, desired)
		if err == nil {
			le.setObserved(&desired)
			return true
		}
		logger.V(4).Info("Fast-path lease renewal failed, re-reading", "lock", le.config.Lock.Describe(), "err", err)
		le.metric.SlowpathExercised(le.config.Name)
	}

	current, raw, err := le.config.Lock.Get(ctx)
	switch {
	case apierrors.IsNotFound(err):
		if err := le.config.Lock.Create(ctx, desired); err != nil {
			logger.V(4).Info("Creating leader lease failed", "lock", le.config.Lock.Describe(), "err", err)
			return false
		}
		le.setObserved(&desired)
		return true
	case err != nil:
		logger.V(4).Info("Reading leader lease failed", "lock", le.config.Lock.Describe(), "err", err)
		return false
	}

	le.noteRead(current, raw)
	if current.HolderIdentity != "" && le.leaseValid(now.Time) && !le.IsLeader() {
		return false
	}

	if le.IsLeader() {
		desired.AcquireTime = current.AcquireTime
		desired.LeaderTransitions = current.LeaderTransitions
	} else {
		desired.LeaderTransitions = current.LeaderTransitions + 1
	}
	if err := le.config.Lock.Update(ctx, desired); err != nil {
		logger.V(4).Info("Updating leader lease failed", "lock", le.config.Lock.Describe(), "err", err)
		return false
	}
	le.setObserved(&desired)
	return true
}

// tryCoordinatedRenew is the renewal step of coordinated election: the
// elector keeps a lease assigned to it but yields when the Lease prefers
// another holder.
func (le *LeaderElector) tryCoordinatedRenew(ctx context.Context) bool {
	current, raw, err := le.config.Lock.Get(ctx)
	if err != nil {
		klog.FromContext(ctx).V(4).Info("Reading coordinated lease failed", "lock", le.config.Lock.Describe(), "err", err)
		return false
	}
	le.noteRead(current, raw)
	if !le.IsLeader() {
		return false
	}
	if current.PreferredHolder != "" && current.PreferredHolder != le.config.Lock.Identity() {
		klog.FromContext(ctx).Info("Yielding lease to preferred holder", "lock", le.config.Lock.Describe(), "preferred", current.PreferredHolder)
		le.release(ctx)
		return false
	}
	now := metav1.NewTime(le.clock.Now())
	next := *current
	next.RenewTime = now
	next.LeaseDurationSeconds = int(le.config.LeaseDuration / time.Second)
	if err := le.config.Lock.Update(ctx, next); err != nil {
		return false
	}
	le.setObserved(&next)
	return true
}

// noteRead records a freshly read record; the observation time only moves
// when the record actually changed.
func (le *LeaderElector) noteRead(rec *rl.LeaderElectionRecord, raw []byte) {
	le.mu.Lock()
	defer le.mu.Unlock()
	if bytes.Equal(raw, le.observedRaw) {
		return
	}
	le.observed = *rec
	le.observedRaw = raw
	le.observedTime = le.clock.Now()
}

// setObserved records a record this elector wrote itself.
func (le *LeaderElector) setObserved(rec *rl.LeaderElectionRecord) {
	le.mu.Lock()
	defer le.mu.Unlock()
	le.observed = *rec
	le.observedRaw = nil
	le.observedTime = le.clock.Now()
}

func (le *LeaderElector) observedRecord() rl.LeaderElectionRecord {
	le.mu.Lock()
	defer le.mu.Unlock()
	return le.observed
}

// leaseValid reports whether the observed lease has not yet expired at now,
// judged by when this elector saw it change.
func (le *LeaderElector) leaseValid(now time.Time) bool {
	le.mu.Lock()
	defer le.mu.Unlock()
	expiry := le.observedTime.Add(time.Duration(le.observed.LeaseDurationSeconds) * time.Second)
	return expiry.After(now)
}

// reportTransition calls OnNewLeader when the observed leader changed since
// the last report.
func (le *LeaderElector) reportTransition() {
	le.mu.Lock()
	leader := le.observed.HolderIdentity
	changed := leader != le.reported
	le.reported = leader
	le.mu.Unlock()
	if !changed || le.config.Callbacks.OnNewLeader == nil {
		return
	}
	le.callbacks.Add(1)
	go func() {
		defer le.callbacks.Done()
		le.config.Callbacks.OnNewLeader(leader)
	}()
}
