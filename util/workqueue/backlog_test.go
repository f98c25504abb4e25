package workqueue

import (
	"reflect"
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

// TestFifoBacklogSweeps drives the lazy-deletion backlog through each sweep
// strategy and checks membership afterwards, that stale entries stay bounded
// and whether the map was reused or replaced.
func TestFifoBacklogSweeps(t *testing.T) {
	tests := []struct {
		name        string
		burst       int  // items added, then popped down to backlog, before the churn
		backlog     int  // items kept waiting while others churn through
		churn       int  // items added and popped one by one
		wantSameMap bool // the map is reused rather than replaced
	}{
		{name: "an idle queue clears its map", backlog: 0, churn: 20 * minStale, wantSameMap: true},
		{name: "a small backlog sweeps in place", backlog: 10, churn: 20 * minStale, wantSameMap: true},
		{name: "a large backlog sweeps in place", backlog: 2 * smallPeak, churn: 10 * smallPeak, wantSameMap: true},
		{name: "a burst is replaced by a right-sized map", burst: 10 * smallPeak, backlog: 10, churn: minStale, wantSameMap: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := newBacklog(DefaultQueue[int]()).(*fifoBacklog[int])
			next, want := 0, 0 // next item to add, next item expected from pop
			for range max(tc.burst, tc.backlog) {
				require.True(t, b.add(next))
				next++
			}
			original := reflect.ValueOf(b.seqs).UnsafePointer()
			popExpected := func() {
				if got := b.pop(); got != want {
					t.Fatalf("pop returned %d, want %d", got, want)
				}
				want++
			}
			for b.len() > tc.backlog {
				popExpected()
			}
			for range tc.churn {
				if !b.add(next) {
					t.Fatalf("new item %d reported as waiting", next)
				}
				next++
				popExpected()
				if stale := len(b.seqs) - b.len(); stale > max(minStale, b.len()) {
					t.Fatalf("%d stale entries for %d waiting items", stale, b.len())
				}
			}
			assert.Equal(t, tc.wantSameMap, reflect.ValueOf(b.seqs).UnsafePointer() == original)
			if !tc.wantSameMap {
				assert.Less(t, b.peak, smallPeak, "the replacement map is small")
			}
			// Every waiting item is still known; every popped one is not.
			for i := want; i < next; i++ {
				if b.add(i) {
					t.Fatalf("waiting item %d was added again", i)
				}
			}
			for i := range want {
				if seq, ok := b.seqs[i]; ok && seq >= b.popped {
					t.Fatalf("popped item %d looks waiting", i)
				}
			}
			for b.len() > 0 {
				popExpected()
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
