package workqueue

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	testingclock "k8s.io/utils/clock/testing"
)

func newFakeDelaying(t *testing.T) (*delayingQueue[string], *testingclock.FakeClock) {
	t.Helper()
	clk := testingclock.NewFakeClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	q := NewTypedDelayingQueueWithConfig(TypedDelayingQueueConfig[string]{Clock: clk})
	t.Cleanup(q.ShutDown)
	return q.(*delayingQueue[string]), clk
}

// drainItems takes n items from q, marking each done, and returns them.
func drainItems[T comparable](t *testing.T, q TypedInterface[T], n int) []T {
	t.Helper()
	var got []T
	for range n {
		item, shut := q.Get()
		require.False(t, shut)
		q.Done(item)
		got = append(got, item)
	}
	return got
}

func TestDelayingAddAfter(t *testing.T) {
	type add struct {
		item  string
		delay time.Duration
	}
	type step struct {
		by          time.Duration
		want        []string // items released by this step, in order
		wantPending bool     // whether items still wait afterwards
	}
	ms := time.Millisecond
	tests := []struct {
		name    string
		adds    []add
		wantNow []string // added without any step
		steps   []step
	}{
		{
			name:    "zero and negative delays add at once",
			adds:    []add{{"a", 0}, {"b", -time.Second}},
			wantNow: []string{"a", "b"},
		},
		{
			name: "an item waits exactly its delay",
			adds: []add{{"a", 50 * ms}},
			steps: []step{
				{by: 49 * ms, wantPending: true},
				{by: 1 * ms, want: []string{"a"}},
			},
		},
		{
			name: "a second AddAfter with an earlier time wins",
			adds: []add{{"a", 100 * ms}, {"a", 50 * ms}},
			steps: []step{
				{by: 50 * ms, want: []string{"a"}},
				{by: 50 * ms},
			},
		},
		{
			name: "a second AddAfter with a later time is ignored",
			adds: []add{{"a", 50 * ms}, {"a", 100 * ms}},
			steps: []step{
				{by: 50 * ms, want: []string{"a"}},
				{by: 50 * ms},
			},
		},
		{
			name: "items are released in ready-time order",
			adds: []add{{"c", 30 * ms}, {"a", 10 * ms}, {"b", 20 * ms}},
			steps: []step{
				{by: 30 * ms, want: []string{"a", "b", "c"}},
			},
		},
		{
			name: "equal ready times keep AddAfter order",
			adds: []add{{"x", 10 * ms}, {"y", 10 * ms}, {"z", 10 * ms}},
			steps: []step{
				{by: 10 * ms, want: []string{"x", "y", "z"}},
			},
		},
		{
			name: "only due items are released",
			adds: []add{{"a", 10 * ms}, {"b", 20 * ms}, {"c", time.Hour}},
			steps: []step{
				{by: 15 * ms, want: []string{"a"}, wantPending: true},
				{by: 5 * ms, want: []string{"b"}, wantPending: true},
				{by: time.Hour, want: []string{"c"}},
			},
		},
		{
			name: "a delayed item already queued is de-duplicated",
			adds: []add{{"a", 0}, {"a", 10 * ms}, {"b", 20 * ms}},
			steps: []step{
				// The re-armed timer for b shows that a's release is complete.
				{by: 10 * ms, want: []string{"a"}, wantPending: true},
				{by: 10 * ms, want: []string{"b"}},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, clk := newFakeDelaying(t)
			for _, a := range tc.adds {
				q.AddAfter(a.item, a.delay)
			}
			if tc.wantNow != nil {
				require.Equal(t, tc.wantNow, drainItems[string](t, q, len(tc.wantNow)))
			}
			if len(tc.steps) > 0 {
				require.Eventually(t, clk.HasWaiters, eventually, time.Millisecond, "the queue never set a timer")
			}
			for i, s := range tc.steps {
				clk.Step(s.by)
				require.Eventually(t, func() bool {
					return q.Len() == len(s.want) && clk.HasWaiters() == s.wantPending
				}, eventually, time.Millisecond, "step %d: len %d, waiting timer %v", i, q.Len(), clk.HasWaiters())
				assert.Equal(t, s.want, drainItems[string](t, q, len(s.want)), "step %d", i)
				assert.Equal(t, 0, q.Len(), "step %d released extra items", i)
			}
		})
	}
}

func TestDelayingConcurrentAddAfter(t *testing.T) {
	q, clk := newFakeDelaying(t)
	const producers, each = 4, 100
	var wg sync.WaitGroup
	for p := range producers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				q.AddAfter(fmt.Sprintf("%d-%d", p, i), time.Duration(i%10+1)*time.Second)
			}
		}()
	}
	wg.Wait()
	require.Eventually(t, clk.HasWaiters, eventually, time.Millisecond)
	clk.Step(10 * time.Second)
	require.Eventually(t, func() bool { return q.Len() == producers*each }, eventually, time.Millisecond)
	got := map[string]bool{}
	for _, item := range drainItems[string](t, q, producers*each) {
		got[item] = true
	}
	assert.Len(t, got, producers*each)
}

func TestDelayingShutDown(t *testing.T) {
	q, clk := newFakeDelaying(t)
	q.AddAfter("later", 10*time.Millisecond)
	require.Eventually(t, clk.HasWaiters, eventually, time.Millisecond)

	q.ShutDown()
	assert.True(t, q.ShuttingDown())
	assert.False(t, clk.HasWaiters(), "ShutDown returns after the goroutine stopped its timer")

	q.AddAfter("after", 0)
	q.AddAfter("after", time.Millisecond)
	clk.Step(time.Second)
	assert.Equal(t, 0, q.Len(), "nothing is added after shutdown")
	assert.False(t, clk.HasWaiters())
	_, shut := q.Get()
	assert.True(t, shut)
	q.ShutDown() // idempotent
}

func TestDelayingShutDownWithDrain(t *testing.T) {
	q, clk := newFakeDelaying(t)
	q.Add("now")
	item, _ := q.Get()
	q.AddAfter("later", time.Minute)
	require.Eventually(t, clk.HasWaiters, eventually, time.Millisecond)

	returned := startDrain[string](t, q)
	require.Eventually(t, func() bool { return !clk.HasWaiters() }, eventually, time.Millisecond,
		"the delaying goroutine stops at the start of the drain")
	requireOpen(t, returned, "ShutDownWithDrain returned while an item was processing")
	q.Done(item)
	requireClosed(t, returned, "ShutDownWithDrain did not return after Done")
	clk.Step(time.Hour)
	assert.Equal(t, 0, q.Len(), "pending delayed items are dropped")
}

func TestDelayingCustomQueue(t *testing.T) {
	clk := testingclock.NewFakeClock(time.Now())
	inner := NewTyped[int]()
	q := NewTypedDelayingQueueWithConfig(TypedDelayingQueueConfig[int]{Clock: clk, Queue: inner})
	defer q.ShutDown()
	q.AddAfter(1, 0)
	q.AddAfter(2, time.Second)
	assert.Equal(t, 1, inner.Len())
	require.Eventually(t, clk.HasWaiters, eventually, time.Millisecond)
	clk.Step(time.Second)
	require.Eventually(t, func() bool { return inner.Len() == 2 }, eventually, time.Millisecond)
	q.ShutDown()
	assert.True(t, inner.ShuttingDown(), "shutting down the delaying queue shuts down the wrapped one")
}

func TestDelayingConstructors(t *testing.T) {
	clk := testingclock.NewFakeClock(time.Now())
	tests := []struct {
		name  string
		new   func() TypedDelayingInterface[any]
		fakes bool // uses clk
	}{
		{"NewDelayingQueue", func() TypedDelayingInterface[any] { return NewDelayingQueue() }, false},
		{"NewNamedDelayingQueue", func() TypedDelayingInterface[any] { return NewNamedDelayingQueue("dq") }, false},
		{"NewDelayingQueueWithConfig", func() TypedDelayingInterface[any] {
			return NewDelayingQueueWithConfig(DelayingQueueConfig{Clock: clk})
		}, true},
		{"NewDelayingQueueWithCustomClock", func() TypedDelayingInterface[any] {
			return NewDelayingQueueWithCustomClock(clk, "clocked")
		}, true},
		{"NewDelayingQueueWithCustomQueue", func() TypedDelayingInterface[any] {
			return NewDelayingQueueWithCustomQueue(New(), "custom")
		}, false},
		{"NewTypedDelayingQueue", func() TypedDelayingInterface[any] { return NewTypedDelayingQueue[any]() }, false},
		{"TypedNewDelayingQueue", func() TypedDelayingInterface[any] { return TypedNewDelayingQueue[any]() }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.new()
			defer q.ShutDown()
			q.AddAfter("now", 0)
			item, _ := q.Get()
			assert.Equal(t, "now", item)
			q.Done(item)
			if tc.fakes {
				q.AddAfter("later", time.Hour)
				require.Eventually(t, clk.HasWaiters, eventually, time.Millisecond)
				clk.Step(time.Hour)
				item, _ = q.Get()
				assert.Equal(t, "later", item)
			}
		})
	}
}

func TestDelayingStopsWhenWrappedQueueShutsDown(t *testing.T) {
	tests := []struct {
		name  string
		inner func() TypedInterface[int]
		nudge bool // a custom queue is only checked when the loop wakes up
	}{
		{"Typed announces its shutdown", func() TypedInterface[int] { return NewTyped[int]() }, false},
		{"a custom queue is checked on wake-up", func() TypedInterface[int] { return &wrapped[int]{NewTyped[int]()} }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clk := testingclock.NewFakeClock(time.Now())
			inner := tc.inner()
			q := NewTypedDelayingQueueWithConfig(TypedDelayingQueueConfig[int]{Clock: clk, Queue: inner}).(*delayingQueue[int])
			q.AddAfter(1, time.Hour)
			require.Eventually(t, clk.HasWaiters, eventually, time.Millisecond)

			inner.ShutDown()
			if tc.nudge {
				clk.Step(time.Hour)
			}
			requireClosed(t, q.stopped, "the delaying goroutine kept running after the wrapped queue shut down")
			assert.False(t, clk.HasWaiters())
			q.AddAfter(2, time.Second)
			assert.False(t, clk.HasWaiters(), "AddAfter is a no-op now")
			q.ShutDown() // still fine
		})
	}
}

// wrapped hides a Typed behind a different TypedInterface implementation.
type wrapped[T comparable] struct{ TypedInterface[T] }
