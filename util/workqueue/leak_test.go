package workqueue

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestNoGoroutineLeftAfterShutDown builds every kind of queue in the
// configuration that starts the most goroutines (named, with metrics), uses
// them with blocked workers and pending delayed items, shuts them down and
// checks that the goroutine count returns to where it started.
func TestNoGoroutineLeftAfterShutDown(t *testing.T) {
	before := runtime.NumGoroutine()
	rec := newRecorder()

	var (
		queues  []TypedInterface[int]
		workers sync.WaitGroup
	)
	for i := range 10 {
		q := NewTypedWithConfig(TypedQueueConfig[int]{Name: "plain", MetricsProvider: rec})
		dq := NewTypedDelayingQueueWithConfig(TypedDelayingQueueConfig[int]{Name: "delaying", MetricsProvider: rec})
		rq := NewTypedRateLimitingQueueWithConfig(DefaultTypedControllerRateLimiter[int](),
			TypedRateLimitingQueueConfig[int]{Name: "limited", MetricsProvider: rec})
		dq.AddAfter(i, time.Hour)
		rq.AddAfter(i, time.Hour)
		rq.AddRateLimited(i + 1)
		queues = append(queues, q, dq, rq)
	}
	for _, q := range queues {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for {
				item, shut := q.Get()
				if shut {
					return
				}
				q.Done(item)
			}
		}()
	}
	running := runtime.NumGoroutine()
	assert.Greater(t, running, before+len(queues), "the queues and workers run goroutines")

	for i, q := range queues {
		if i%2 == 0 {
			q.ShutDown()
		} else {
			q.ShutDownWithDrain()
		}
	}
	workers.Wait()

	if !goroutinesSettle(before, eventually) {
		buf := make([]byte, 1<<20)
		t.Fatalf("goroutines still running after ShutDown: before %d, while running %d, now %d:\n%s",
			before, running, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
	}
}

// goroutinesSettle waits, polling on the calling goroutine (helpers such as
// assert.Eventually would add a goroutine of their own), until at most want
// goroutines run, and reports whether that happened within limit.
func goroutinesSettle(want int, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for runtime.NumGoroutine() > want {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(time.Millisecond)
	}
	return true
}
