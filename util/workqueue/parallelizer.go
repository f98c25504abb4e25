package workqueue

import (
	"context"
	"sync"
	"sync/atomic"

	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
)

// DoWorkPieceFunc processes the piece with the given index.
type DoWorkPieceFunc func(piece int)

// options are the settings ParallelizeUntil accepts through Options.
type options struct {
	chunkSize int
}

// Options configures ParallelizeUntil.
type Options func(*options)

// WithChunkSize makes each worker claim c consecutive pieces at a time instead
// of one. This cuts coordination overhead when there are many more pieces than
// workers and each piece is cheap. Values below 1 mean 1.
func WithChunkSize(c int) func(*options) {
	return func(o *options) {
		o.chunkSize = c
	}
}

// ParallelizeUntil calls doWorkPiece(i) for every i in [0, pieces) on up to
// workers goroutines and returns when all of them have returned. Each piece is
// processed at most once; the order is unspecified. Once ctx is cancelled, no
// further piece is started and ParallelizeUntil returns after the pieces in
// progress finish. A nil ctx never cancels; pieces or workers below 1 mean
// there is nothing to do.
//
// A panic in doWorkPiece is logged and then propagated as
// k8s.io/apimachinery/pkg/util/runtime.HandleCrash does.
func ParallelizeUntil(ctx context.Context, workers, pieces int, doWorkPiece DoWorkPieceFunc, opts ...Options) {
	if pieces <= 0 || workers <= 0 {
		return
	}
	var o options
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	chunk := max(o.chunkSize, 1)
	chunks := (pieces-1)/chunk + 1
	workers = min(workers, chunks)

	var done <-chan struct{}
	if ctx != nil {
		done = ctx.Done()
	}

	var (
		next atomic.Int64 // index of the next unclaimed chunk
		wg   sync.WaitGroup
	)
	work := func() {
		defer wg.Done()
		defer utilruntime.HandleCrash()
		for {
			c := int(next.Add(1) - 1)
			if c >= chunks {
				return
			}
			start := c * chunk
			end := min(start+chunk, pieces)
			for p := start; p < end; p++ {
				select {
				case <-done:
					return
				default:
				}
				doWorkPiece(p)
			}
		}
	}
	wg.Add(workers)
	for range workers {
		go work()
	}
	wg.Wait()
}
