package leaderelection

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	clocktesting "k8s.io/utils/clock/testing"

	rl "github.com/kclient/kclient/tools/leaderelection/resourcelock"
)

func validConfig(lock rl.Interface) LeaderElectionConfig {
	return LeaderElectionConfig{
		Lock:          lock,
		LeaseDuration: 2 * time.Second,
		RenewDeadline: time.Second,
		RetryPeriod:   100 * time.Millisecond,
		Callbacks: LeaderCallbacks{
			OnStartedLeading: func(context.Context) {},
			OnStoppedLeading: func() {},
		},
	}
}

func TestNewLeaderElectorValidation(t *testing.T) {
	lock := &memLock{store: &memStore{}, id: "a"}
	tests := []struct {
		name   string
		mutate func(*LeaderElectionConfig)
		errMsg string
	}{
		{"valid", func(*LeaderElectionConfig) {}, ""},
		{"lease not above renew", func(c *LeaderElectionConfig) { c.LeaseDuration = c.RenewDeadline }, "leaseDuration must be greater than renewDeadline"},
		{"renew not above jittered retry", func(c *LeaderElectionConfig) { c.RetryPeriod = c.RenewDeadline }, "renewDeadline must be greater than retryPeriod*JitterFactor"},
		{"zero retry", func(c *LeaderElectionConfig) { c.RetryPeriod = 0 }, "retryPeriod must be greater than zero"},
		{"negative durations", func(c *LeaderElectionConfig) { c.LeaseDuration, c.RenewDeadline = -2, -3 }, "leaseDuration must be greater than zero"},
		{"no started callback", func(c *LeaderElectionConfig) { c.Callbacks.OnStartedLeading = nil }, "OnStartedLeading"},
		{"no stopped callback", func(c *LeaderElectionConfig) { c.Callbacks.OnStoppedLeading = nil }, "OnStoppedLeading"},
		{"nil lock", func(c *LeaderElectionConfig) { c.Lock = nil }, "Lock must not be nil"},
		{"empty identity", func(c *LeaderElectionConfig) { c.Lock = &memLock{store: &memStore{}} }, "identity is empty"},
		{"typed nil lease lock", func(c *LeaderElectionConfig) { c.Lock = (*rl.LeaseLock)(nil) }, "identity is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := validConfig(lock)
			tt.mutate(&cfg)
			le, err := NewLeaderElector(cfg)
			if tt.errMsg == "" {
				require.NoError(t, err)
				assert.NotNil(t, le)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.errMsg)
			assert.Nil(t, le)
		})
	}
}

func TestRunOrDiePanicsOnInvalidConfig(t *testing.T) {
	assert.Panics(t, func() { RunOrDie(context.Background(), LeaderElectionConfig{}) })
}

func newTestElector(t *testing.T, lock *memLock, clk *clocktesting.FakeClock) *LeaderElector {
	t.Helper()
	le, err := NewLeaderElector(validConfig(lock))
	require.NoError(t, err)
	le.clock = clk
	return le
}

func TestTryAcquireOrRenew(t *testing.T) {
	ctx := context.Background()
	clk := clocktesting.NewFakeClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	store := &memStore{}
	a := newTestElector(t, &memLock{store: store, id: "a"}, clk)
	b := newTestElector(t, &memLock{store: store, id: "b"}, clk)

	// a creates the lock and leads.
	require.True(t, a.tryAcquireOrRenew(ctx))
	rec, ok := store.record()
	require.True(t, ok)
	assert.Equal(t, "a", rec.HolderIdentity)
	assert.Equal(t, 2, rec.LeaseDurationSeconds)
	assert.Equal(t, 0, rec.LeaderTransitions)
	assert.True(t, a.IsLeader())

	// b sees a valid lease held by a.
	assert.False(t, b.tryAcquireOrRenew(ctx))
	assert.Equal(t, "a", b.GetLeader())
	assert.False(t, b.IsLeader())

	// a renews on the fast path: acquire time stays, renew time moves.
	acquired := rec.AcquireTime
	clk.Step(time.Second)
	require.True(t, a.tryAcquireOrRenew(ctx))
	rec, _ = store.record()
	assert.True(t, rec.AcquireTime.Equal(&acquired))
	assert.Equal(t, metav1.NewTime(clk.Now()).Unix(), rec.RenewTime.Unix())

	// b notices the renewal, so the lease stays valid from b's point of view.
	clk.Step(1500 * time.Millisecond)
	assert.False(t, b.tryAcquireOrRenew(ctx))

	// a stops renewing; once b has seen no change for a LeaseDuration it takes over.
	clk.Step(2100 * time.Millisecond)
	require.True(t, b.tryAcquireOrRenew(ctx))
	rec, _ = store.record()
	assert.Equal(t, "b", rec.HolderIdentity)
	assert.Equal(t, 1, rec.LeaderTransitions)

	// a's fast path now conflicts; it falls back to reading and loses.
	assert.False(t, a.tryAcquireOrRenew(ctx))
	assert.Equal(t, "b", a.GetLeader())
}

func TestTryAcquireReleasedLeaseIsImmediate(t *testing.T) {
	ctx := context.Background()
	clk := clocktesting.NewFakeClock(time.Now())
	store := &memStore{}
	a := newTestElector(t, &memLock{store: store, id: "a"}, clk)
	b := newTestElector(t, &memLock{store: store, id: "b"}, clk)
	require.True(t, a.tryAcquireOrRenew(ctx))
	require.True(t, a.release(ctx))
	rec, _ := store.record()
	assert.Empty(t, rec.HolderIdentity)
	assert.Equal(t, 1, rec.LeaseDurationSeconds)
	assert.False(t, a.IsLeader())

	// No clock step needed: an empty holder may be taken at once.
	assert.True(t, b.tryAcquireOrRenew(ctx))
}

func TestTryAcquireReadError(t *testing.T) {
	clk := clocktesting.NewFakeClock(time.Now())
	store := &memStore{}
	store.setFail(errors.New("apiserver down"))
	a := newTestElector(t, &memLock{store: store, id: "a"}, clk)
	assert.False(t, a.tryAcquireOrRenew(context.Background()))
	assert.Empty(t, a.GetLeader())
}

func TestCheck(t *testing.T) {
	ctx := context.Background()
	clk := clocktesting.NewFakeClock(time.Now())
	store := &memStore{}
	a := newTestElector(t, &memLock{store: store, id: "a"}, clk)
	b := newTestElector(t, &memLock{store: store, id: "b"}, clk)
	require.True(t, a.tryAcquireOrRenew(ctx))
	require.False(t, b.tryAcquireOrRenew(ctx))

	hz := NewLeaderHealthzAdaptor(time.Second)
	assert.Equal(t, "leaderElection", hz.Name())
	assert.NoError(t, hz.Check(nil), "no elector attached yet")
	hz.SetLeaderElection(a)

	clk.Step(2 * time.Second)
	assert.NoError(t, a.Check(time.Second))
	assert.NoError(t, hz.Check(nil))
	clk.Step(1500 * time.Millisecond)
	assert.Error(t, a.Check(time.Second))
	assert.Error(t, hz.Check(nil))
	assert.NoError(t, b.Check(0), "a follower is always healthy")
}

type countingMetric struct{ on, off, slow atomic.Int32 }

func (m *countingMetric) On(string)                     { m.on.Add(1) }
func (m *countingMetric) Off(string)                    { m.off.Add(1) }
func (m *countingMetric) SlowpathExercised(string)      { m.slow.Add(1) }
func (m *countingMetric) NewLeaderMetric() LeaderMetric { return m }

// testMetric is installed once per test binary: SetProvider only honours
// its first call.
var testMetric = &countingMetric{}

func TestRunLeadsAndReleasesOnCancel(t *testing.T) {
	SetProvider(testMetric)
	SetProvider(&countingMetric{}) // ignored: first call wins
	onBefore := testMetric.on.Load()

	store := &memStore{}
	lock := &memLock{store: store, id: "a"}
	started := make(chan struct{})
	var stopped atomic.Bool
	var leaders sync.Map
	cfg := validConfig(lock)
	cfg.ReleaseOnCancel = true
	cfg.Callbacks = LeaderCallbacks{
		OnStartedLeading: func(ctx context.Context) { close(started); <-ctx.Done() },
		OnStoppedLeading: func() { stopped.Store(true) },
		OnNewLeader:      func(id string) { leaders.Store(id, true) },
	}
	le, err := NewLeaderElector(cfg)
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); le.Run(ctx) }()
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("never started leading")
	}
	assert.True(t, le.IsLeader())
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	assert.True(t, stopped.Load())
	_, sawSelf := leaders.Load("a")
	assert.True(t, sawSelf, "OnNewLeader reports the elector itself")
	rec, _ := store.record()
	assert.Empty(t, rec.HolderIdentity, "lease released on cancel")
	assert.Contains(t, lock.eventList(), "became leader")
	assert.EqualValues(t, 1, testMetric.on.Load()-onBefore)
}

func TestRunStopsLeadingWhenRenewFails(t *testing.T) {
	store := &memStore{}
	lock := &memLock{store: store, id: "a"}
	started := make(chan struct{})
	leadCtxDone := make(chan struct{})
	cfg := validConfig(lock)
	cfg.Callbacks.OnStartedLeading = func(ctx context.Context) {
		close(started)
		<-ctx.Done()
		close(leadCtxDone)
	}
	le, err := NewLeaderElector(cfg)
	require.NoError(t, err)

	done := make(chan struct{})
	go func() { defer close(done); le.Run(context.Background()) }()
	<-started
	store.setFail(errors.New("apiserver down"))
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run kept going although renewals failed")
	}
	<-leadCtxDone
	assert.Contains(t, lock.eventList(), "stopped leading")
}

func TestRunNeverLeadingStillCallsStopped(t *testing.T) {
	store := &memStore{}
	store.setFail(errors.New("down"))
	var stopped atomic.Bool
	cfg := validConfig(&memLock{store: store, id: "a"})
	cfg.Callbacks.OnStoppedLeading = func() { stopped.Store(true) }
	le, err := NewLeaderElector(cfg)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	le.Run(ctx)
	assert.True(t, stopped.Load())
	assert.False(t, le.IsLeader())
}
