package workqueue

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	testingclock "k8s.io/utils/clock/testing"
)

func TestRateLimitingQueue(t *testing.T) {
	clk := testingclock.NewFakeClock(time.Now())
	limiter := NewTypedItemExponentialFailureRateLimiter[string](time.Millisecond, time.Second)
	q := NewTypedRateLimitingQueueWithConfig(limiter, TypedRateLimitingQueueConfig[string]{Clock: clk})
	defer q.ShutDown()

	q.AddRateLimited("a") // waits 1ms
	q.AddRateLimited("a") // waits 2ms from now; the earlier 1ms wins
	assert.Equal(t, 2, q.NumRequeues("a"))
	assert.Equal(t, 0, q.Len())
	require.Eventually(t, clk.HasWaiters, eventually, time.Millisecond)

	clk.Step(time.Millisecond)
	require.Eventually(t, func() bool { return q.Len() == 1 }, eventually, time.Millisecond)
	item, _ := q.Get()
	assert.Equal(t, "a", item)

	q.Forget(item)
	q.Done(item)
	assert.Equal(t, 0, q.NumRequeues("a"))

	q.AddRateLimited("a")
	assert.Equal(t, 1, q.NumRequeues("a"), "the backoff starts over after Forget")
	q.AddAfter("b", 0)
	item, _ = q.Get()
	assert.Equal(t, "b", item)
}

func TestRateLimitingQueueInjectedDelayingQueue(t *testing.T) {
	clk := testingclock.NewFakeClock(time.Now())
	dq := NewTypedDelayingQueueWithConfig(TypedDelayingQueueConfig[int]{Clock: clk})
	q := NewTypedRateLimitingQueueWithConfig(NewTypedItemFastSlowRateLimiter[int](0, time.Hour, 1),
		TypedRateLimitingQueueConfig[int]{DelayingQueue: dq})
	q.AddRateLimited(1) // fast: no wait
	assert.Equal(t, 1, dq.Len())
	q.AddRateLimited(2)
	q.AddRateLimited(2) // slow: an hour
	require.Eventually(t, clk.HasWaiters, eventually, time.Millisecond)
	clk.Step(time.Hour)
	require.Eventually(t, func() bool { return dq.Len() == 2 }, eventually, time.Millisecond)
	q.ShutDown()
	assert.True(t, dq.ShuttingDown())
}

func TestRateLimitingQueueConstructors(t *testing.T) {
	tests := []struct {
		name string
		new  func() TypedRateLimitingInterface[any]
	}{
		{"NewTypedRateLimitingQueue", func() TypedRateLimitingInterface[any] {
			return NewTypedRateLimitingQueue(DefaultTypedControllerRateLimiter[any]())
		}},
		{"NewRateLimitingQueue", func() TypedRateLimitingInterface[any] {
			return NewRateLimitingQueue(DefaultControllerRateLimiter())
		}},
		{"NewNamedRateLimitingQueue", func() TypedRateLimitingInterface[any] {
			return NewNamedRateLimitingQueue(DefaultControllerRateLimiter(), "named")
		}},
		{"NewRateLimitingQueueWithConfig", func() TypedRateLimitingInterface[any] {
			return NewRateLimitingQueueWithConfig(DefaultControllerRateLimiter(), RateLimitingQueueConfig{Name: "cfg"})
		}},
		{"NewRateLimitingQueueWithDelayingInterface", func() TypedRateLimitingInterface[any] {
			return NewRateLimitingQueueWithDelayingInterface(NewDelayingQueue(), DefaultControllerRateLimiter())
		}},
		{"nil rate limiter means the default", func() TypedRateLimitingInterface[any] {
			return NewRateLimitingQueue(nil)
		}},
		{"nil delaying interface means a new one", func() TypedRateLimitingInterface[any] {
			return NewRateLimitingQueueWithDelayingInterface(nil, DefaultControllerRateLimiter())
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.new()
			defer q.ShutDown()
			q.Add("x")
			item, shut := q.Get()
			require.False(t, shut)
			assert.Equal(t, "x", item)
			q.AddRateLimited("x")
			assert.Equal(t, 1, q.NumRequeues("x"))
			q.Forget("x")
			assert.Equal(t, 0, q.NumRequeues("x"))
			q.Done("x")
		})
	}
}
