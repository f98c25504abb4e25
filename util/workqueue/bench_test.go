package workqueue_test

import (
	"sync"
	"testing"
	"time"

	"github.com/kclient/kclient/util/workqueue"
)

// BenchmarkThroughput measures items per second through a queue fed by 2
// producers (each adding distinct items) and drained by 4 workers.
func BenchmarkThroughput(b *testing.B) {
	const producers, workers = 2, 4
	q := workqueue.NewTyped[int]()
	per := max(b.N/producers, 1)
	b.ResetTimer()
	start := time.Now()

	var workersWG sync.WaitGroup
	for range workers {
		workersWG.Add(1)
		go func() {
			defer workersWG.Done()
			for {
				item, shutdown := q.Get()
				if shutdown {
					return
				}
				q.Done(item)
			}
		}()
	}
	var producersWG sync.WaitGroup
	for p := range producers {
		producersWG.Add(1)
		go func() {
			defer producersWG.Done()
			for i := range per {
				q.Add(p*per + i)
			}
		}()
	}
	producersWG.Wait()
	q.ShutDown()
	workersWG.Wait()
	b.ReportMetric(float64(per*producers)/time.Since(start).Seconds(), "items/s")
}

// BenchmarkAddGetDone measures one item's full trip on a single goroutine.
func BenchmarkAddGetDone(b *testing.B) {
	q := workqueue.NewTyped[int]()
	defer q.ShutDown()
	b.ReportAllocs()
	for i := range b.N {
		q.Add(i)
		item, _ := q.Get()
		q.Done(item)
	}
}

// BenchmarkAddGetDoneUntyped is BenchmarkAddGetDone on the untyped queue.
func BenchmarkAddGetDoneUntyped(b *testing.B) {
	q := workqueue.New()
	defer q.ShutDown()
	b.ReportAllocs()
	for i := range b.N {
		q.Add(i)
		item, _ := q.Get()
		q.Done(item)
	}
}

// BenchmarkAddDuplicate measures Add of an item that is already waiting.
func BenchmarkAddDuplicate(b *testing.B) {
	q := workqueue.NewTyped[string]()
	defer q.ShutDown()
	q.Add("key")
	b.ReportAllocs()
	for range b.N {
		q.Add("key")
	}
}

// BenchmarkAddAfter measures scheduling delayed items that are never due.
func BenchmarkAddAfter(b *testing.B) {
	q := workqueue.NewTypedDelayingQueue[int]()
	defer q.ShutDown()
	b.ReportAllocs()
	for i := range b.N {
		q.AddAfter(i%4096, time.Hour)
	}
}

// BenchmarkAddRateLimited measures AddRateLimited with the default controller
// rate limiter on a small key space.
func BenchmarkAddRateLimited(b *testing.B) {
	q := workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[int]())
	defer q.ShutDown()
	b.ReportAllocs()
	for i := range b.N {
		q.AddRateLimited(i % 4096)
	}
}
