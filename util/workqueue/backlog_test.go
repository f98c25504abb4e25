package workqueue

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewBacklogPicksImplementation(t *testing.T) {
	_, fifo := newBacklog(DefaultQueue[int]()).(*fifoBacklog[int])
	assert.True(t, fifo, "the default FIFO gets the lazy-deletion backlog")

	used := DefaultQueue[int]()
	used.Push(1)
	_, fifo = newBacklog(used).(*fifoBacklog[int])
	assert.False(t, fifo, "a non-empty ring has members the fast backlog would not know about")

	_, generic := newBacklog[string](&lifo{}).(*queueBacklog[string])
	assert.True(t, generic)
}

func TestBacklogs(t *testing.T) {
	kinds := []struct {
		name string
		new  func() backlog[int]
	}{
		{"fifo", func() backlog[int] { return newBacklog(DefaultQueue[int]()) }},
		{"custom queue", func() backlog[int] { return newBacklog[int](&fifoQueue{}) }},
	}
	for _, kind := range kinds {
		t.Run(kind.name, func(t *testing.T) {
			b := kind.new()
			assert.True(t, b.add(1))
			assert.True(t, b.add(2))
			assert.False(t, b.add(1), "1 is waiting")
			assert.Equal(t, 2, b.len())
			assert.Equal(t, 1, b.pop())
			assert.True(t, b.add(1), "1 was popped, so it can wait again")
			assert.False(t, b.add(2), "2 is still waiting")
			assert.Equal(t, 2, b.pop())
			assert.True(t, b.add(2))
			assert.Equal(t, 1, b.pop())
			assert.Equal(t, 2, b.pop())
			assert.Equal(t, 0, b.len())
		})
	}
}

// TestFifoBacklogSweeps drives the lazy-deletion backlog through both sweep
// strategies and checks membership after each and that stale entries stay
// bounded.
func TestFifoBacklogSweeps(t *testing.T) {
	tests := []struct {
		name        string
		backlog     int // items kept waiting while others churn through
		churn       int // items added and popped
		wantRebuild bool
	}{
		{"small backlog rebuilds the map", 10, 20 * minStale, true},
		{"large backlog sweeps in place", 4 * minStale, 20 * minStale, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := newBacklog(DefaultQueue[int]()).(*fifoBacklog[int])
			next := 0
			for range tc.backlog {
				require.True(t, b.add(next))
				next++
			}
			want := 0 // next item expected from pop
			for range tc.churn {
				require.True(t, b.add(next))
				next++
				require.Equal(t, want, b.pop())
				want++
				stale := len(b.seqs) - b.len()
				require.LessOrEqual(t, stale, max(minStale, b.len())+1, "stale entries are bounded")
			}
			// Every waiting item is still known; every popped one is not.
			for i := want; i < next; i++ {
				require.False(t, b.add(i), "item %d is waiting", i)
			}
			for i := max(0, want-3*minStale); i < want; i++ {
				seq, ok := b.seqs[i]
				require.True(t, !ok || seq < b.popped, "popped item %d looks waiting", i)
			}
			if tc.wantRebuild {
				assert.Less(t, len(b.seqs), 2*minStale)
			}
			for b.len() > 0 {
				require.Equal(t, want, b.pop())
				want++
			}
			assert.Equal(t, next, want)
		})
	}
}

// fifoQueue is a custom Queue with FIFO order, to exercise the generic
// backlog.
type fifoQueue struct{ items []int }

func (q *fifoQueue) Touch(int)     {}
func (q *fifoQueue) Push(item int) { q.items = append(q.items, item) }
func (q *fifoQueue) Len() int      { return len(q.items) }
func (q *fifoQueue) Pop() int {
	item := q.items[0]
	q.items = q.items[1:]
	return item
}
