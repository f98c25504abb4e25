package workqueue_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/kclient/kclient/util/workqueue"
	testingclock "k8s.io/utils/clock/testing"
)

// A controller-style worker: failed keys are retried with backoff, keys that
// succeed are forgotten by the rate limiter, and every key is marked Done.
func Example() {
	queue := workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]())
	defer queue.ShutDown()

	failOnce := map[string]bool{"default/b": true}
	reconcile := func(key string) error {
		if failOnce[key] {
			delete(failOnce, key)
			return errors.New("transient failure")
		}
		return nil
	}

	for _, key := range []string{"default/a", "default/b", "default/c", "default/a"} {
		queue.Add(key) // the second "default/a" is de-duplicated
	}

	for remaining := 3; remaining > 0; {
		key, shutdown := queue.Get()
		if shutdown {
			return
		}
		if err := reconcile(key); err != nil {
			fmt.Printf("%s: %v, retry #%d\n", key, err, queue.NumRequeues(key)+1)
			queue.AddRateLimited(key)
		} else {
			fmt.Printf("%s: synced\n", key)
			queue.Forget(key)
			remaining--
		}
		queue.Done(key)
	}
	// Output:
	// default/a: synced
	// default/b: transient failure, retry #1
	// default/c: synced
	// default/b: synced
}

// A delaying queue on a fake clock releases items when their time comes.
func ExampleNewTypedDelayingQueueWithConfig() {
	clock := testingclock.NewFakeClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	queue := workqueue.NewTypedDelayingQueueWithConfig(workqueue.TypedDelayingQueueConfig[string]{Clock: clock})
	defer queue.ShutDown()

	queue.AddAfter("in a minute", time.Minute)
	queue.AddAfter("now", 0)
	fmt.Println("waiting:", queue.Len())

	for !clock.HasWaiters() { // let the queue arm its timer
		time.Sleep(time.Millisecond)
	}
	clock.Step(time.Minute)
	for range 2 {
		item, _ := queue.Get()
		fmt.Println("got:", item)
		queue.Done(item)
	}
	// Output:
	// waiting: 1
	// got: now
	// got: in a minute
}

// ShutDownWithDrain lets the items in progress finish before it returns.
func ExampleTyped_ShutDownWithDrain() {
	queue := workqueue.NewTyped[int]()
	queue.Add(1)
	item, _ := queue.Get()

	finished := make(chan struct{})
	go func() {
		defer close(finished)
		queue.ShutDownWithDrain()
	}()
	for !queue.ShuttingDown() {
		time.Sleep(time.Millisecond)
	}
	fmt.Println("processing", item)
	queue.Done(item)
	<-finished
	_, shutdown := queue.Get()
	fmt.Println("shut down:", shutdown)
	// Output:
	// processing 1
	// shut down: true
}

// ParallelizeUntil spreads independent pieces of work over a fixed number of
// goroutines.
func ExampleParallelizeUntil() {
	squares := make([]int, 100)
	var calls atomic.Int32
	workqueue.ParallelizeUntil(context.Background(), 4, len(squares), func(i int) {
		calls.Add(1)
		squares[i] = i * i
	}, workqueue.WithChunkSize(10))

	sum := 0
	for _, s := range squares {
		sum += s
	}
	fmt.Println(calls.Load(), sum)
	// Output: 100 328350
}
