package workqueue

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParallelizeUntilProcessesEveryPieceOnce(t *testing.T) {
	tests := []struct {
		name    string
		workers int
		pieces  int
		chunk   int // 0: no option
	}{
		{"one worker", 1, 10, 0},
		{"more workers than pieces", 16, 3, 0},
		{"many pieces", 4, 1000, 0},
		{"chunks dividing evenly", 3, 100, 10},
		{"chunks with a remainder", 3, 101, 10},
		{"chunk larger than pieces", 4, 5, 100},
		{"chunk below one means one", 2, 20, -5},
		{"zero pieces", 4, 0, 0},
		{"negative pieces", 4, -3, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			counts := make([]atomic.Int32, max(tc.pieces, 0))
			var opts []Options
			if tc.chunk != 0 {
				opts = append(opts, WithChunkSize(tc.chunk))
			}
			ParallelizeUntil(context.Background(), tc.workers, tc.pieces, func(p int) {
				counts[p].Add(1)
			}, opts...)
			for p := range counts {
				assert.Equal(t, int32(1), counts[p].Load(), "piece %d", p)
			}
		})
	}
}

func TestParallelizeUntilUsesAtMostWorkers(t *testing.T) {
	var (
		mu          sync.Mutex
		active, top int
	)
	ParallelizeUntil(context.Background(), 3, 200, func(int) {
		mu.Lock()
		active++
		top = max(top, active)
		mu.Unlock()
		mu.Lock()
		active--
		mu.Unlock()
	})
	assert.LessOrEqual(t, top, 3)
}

func TestParallelizeUntilStopsOnCancel(t *testing.T) {
	t.Run("cancelled before the call", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var n atomic.Int32
		ParallelizeUntil(ctx, 4, 100, func(int) { n.Add(1) })
		assert.Zero(t, n.Load())
	})
	t.Run("cancelled by a piece", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var seen []int
		ParallelizeUntil(ctx, 1, 100, func(p int) {
			seen = append(seen, p)
			if p == 4 {
				cancel()
			}
		}, WithChunkSize(3))
		assert.Equal(t, []int{0, 1, 2, 3, 4}, seen, "no piece starts after cancellation")
	})
}

func TestParallelizeUntilToleratesOddArguments(t *testing.T) {
	var n atomic.Int32
	//nolint:staticcheck // a nil context is accepted on purpose
	ParallelizeUntil(nil, 2, 10, func(int) { n.Add(1) }, nil)
	assert.Equal(t, int32(10), n.Load(), "a nil context never cancels; nil options are skipped")
	ParallelizeUntil(context.Background(), 0, 10, func(int) { n.Add(1) })
	ParallelizeUntil(context.Background(), -1, 10, func(int) { n.Add(1) })
	assert.Equal(t, int32(10), n.Load(), "no workers means no work")
}
