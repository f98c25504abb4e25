package benchenv

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Load is a bounded parallel request load: Requests calls shared out among
// Workers goroutines, each taking the next call as soon as its previous one
// returned (closed loop, no pacing).
type Load struct {
	Requests int
	Workers  int
}

// Sample is what one measured run of a [Load] produced. Allocation figures
// count the whole process between the start and the end of the run, so they
// include the client's background goroutines (HTTP/2 read loops, for
// example) and the few allocations of the harness itself, which are the same
// for every library.
type Sample struct {
	// Requests is the number of calls that completed.
	Requests int
	// Elapsed is the wall time of the whole run.
	Elapsed time.Duration
	// Mallocs is the number of heap objects allocated during the run.
	Mallocs uint64
	// Bytes is the number of heap bytes allocated during the run.
	Bytes uint64
	// CPU is the CPU time (user plus system) the whole process used during
	// the run: the library's work, its background goroutines and the garbage
	// collector, but not the API server, which is another process. Unlike
	// wall time it barely depends on what else the machine is running.
	CPU time.Duration
	// Latencies holds each call's duration, sorted ascending.
	Latencies []time.Duration
}

// Throughput is completed calls per second of wall time.
func (s Sample) Throughput() float64 {
	return float64(s.Requests) / s.Elapsed.Seconds()
}

// AllocsPerOp is heap objects allocated per call.
func (s Sample) AllocsPerOp() float64 {
	return float64(s.Mallocs) / float64(s.Requests)
}

// BytesPerOp is heap bytes allocated per call.
func (s Sample) BytesPerOp() float64 {
	return float64(s.Bytes) / float64(s.Requests)
}

// CPUPerOp is process CPU time per call.
func (s Sample) CPUPerOp() time.Duration {
	return s.CPU / time.Duration(s.Requests)
}

// Percentile returns the latency below which the fraction p (0..1) of calls
// completed (nearest rank).
func (s Sample) Percentile(p float64) time.Duration {
	if len(s.Latencies) == 0 {
		return 0
	}
	i := int(p*float64(len(s.Latencies))+0.5) - 1
	i = max(0, min(i, len(s.Latencies)-1))
	return s.Latencies[i]
}

// Run calls op load.Requests times from load.Workers goroutines and measures
// wall time, per-call latency, the process's CPU time and its heap
// allocations. It runs a garbage collection first so that the run starts
// from a settled heap. Run stops at the first error, waits for the workers
// to return, and returns that error wrapped with the call's index.
func Run(parent context.Context, load Load, op func(ctx context.Context) error) (Sample, error) {
	if load.Requests <= 0 || load.Workers <= 0 {
		return Sample{}, fmt.Errorf("load needs positive requests and workers, got %d and %d", load.Requests, load.Workers)
	}
	ctx, cancel := context.WithCancel(parent)
	defer cancel()

	latencies := make([]time.Duration, load.Requests)
	var (
		next     atomic.Int64
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
		start    = make(chan struct{})
	)
	for range load.Workers {
		wg.Go(func() {
			<-start
			for {
				i := next.Add(1) - 1
				if i >= int64(load.Requests) || ctx.Err() != nil {
					return
				}
				t0 := time.Now()
				if err := op(ctx); err != nil {
					errOnce.Do(func() {
						firstErr = fmt.Errorf("call %d of %d: %w", i+1, load.Requests, err)
						cancel()
					})
					return
				}
				latencies[i] = time.Since(t0)
			}
		})
	}

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cpuBefore := processCPUTime()
	began := time.Now()
	close(start)
	wg.Wait()
	elapsed := time.Since(began)
	cpu := processCPUTime() - cpuBefore
	runtime.ReadMemStats(&after)

	if firstErr != nil {
		return Sample{}, firstErr
	}
	if err := parent.Err(); err != nil {
		return Sample{}, fmt.Errorf("load interrupted: %w", err)
	}
	slices.Sort(latencies)
	return Sample{
		Requests:  load.Requests,
		Elapsed:   elapsed,
		Mallocs:   after.Mallocs - before.Mallocs,
		Bytes:     after.TotalAlloc - before.TotalAlloc,
		CPU:       cpu,
		Latencies: latencies,
	}, nil
}
