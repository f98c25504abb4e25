package workqueue

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultQueueFIFO(t *testing.T) {
	tests := []struct {
		name string
		n    int // items pushed before popping
	}{
		{"empty", 0},
		{"one", 1},
		{"exactly the initial size", minRingSize},
		{"several growths", 5*minRingSize + 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := DefaultQueue[int]()
			for i := range tc.n {
				q.Push(i)
				q.Touch(i) // no effect on order
			}
			require.Equal(t, tc.n, q.Len())
			for i := range tc.n {
				require.Equal(t, i, q.Pop())
			}
			assert.Equal(t, 0, q.Len())
			assert.Zero(t, q.Pop(), "Pop on an empty queue returns the zero value")
		})
	}
}

func TestDefaultQueueWrapsAndShrinks(t *testing.T) {
	r := DefaultQueue[int]().(*ring[int])
	next, want := 0, 0
	// Interleave pushes and pops so that the head wraps around many times
	// while the buffer grows and later shrinks.
	for round := range 200 {
		for range round%7 + 3 {
			r.Push(next)
			next++
		}
		for range round%5 + 1 {
			if r.Len() > 0 {
				require.Equal(t, want, r.Pop())
				want++
			}
		}
	}
	peak := len(r.buf)
	for r.Len() > 0 {
		require.Equal(t, want, r.Pop())
		want++
	}
	assert.Equal(t, next, want)
	assert.Less(t, len(r.buf), peak, "the buffer shrinks once mostly empty")
	assert.GreaterOrEqual(t, len(r.buf), minRingSize)
}

func TestDefaultQueueDropsReferences(t *testing.T) {
	r := DefaultQueue[*int]().(*ring[*int])
	v := 1
	r.Push(&v)
	r.Pop()
	for _, p := range r.buf {
		assert.Nil(t, p, "a popped slot must not keep the item alive")
	}
}
