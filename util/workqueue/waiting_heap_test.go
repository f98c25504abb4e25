package workqueue

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWaitingHeap(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	type sched struct {
		item      string
		ms        int
		wantFirst bool
	}
	tests := []struct {
		name     string
		schedule []sched
		popAtMs  int
		want     []string
		wantNext int // ms of the next ready time afterwards; -1 when empty
	}{
		{
			name:     "ready items come out by time",
			schedule: []sched{{"c", 30, true}, {"a", 10, true}, {"b", 20, false}},
			popAtMs:  30, want: []string{"a", "b", "c"}, wantNext: -1,
		},
		{
			name:     "items not yet ready stay",
			schedule: []sched{{"a", 10, true}, {"b", 20, false}, {"c", 30, false}},
			popAtMs:  20, want: []string{"a", "b"}, wantNext: 30,
		},
		{
			name:     "equal times keep scheduling order",
			schedule: []sched{{"x", 10, true}, {"y", 10, false}, {"z", 10, false}, {"w", 5, true}},
			popAtMs:  10, want: []string{"w", "x", "y", "z"}, wantNext: -1,
		},
		{
			name:     "rescheduling earlier moves the item forward",
			schedule: []sched{{"a", 10, true}, {"b", 20, false}, {"b", 5, true}},
			popAtMs:  7, want: []string{"b"}, wantNext: 10,
		},
		{
			name:     "rescheduling later keeps the earlier time",
			schedule: []sched{{"a", 10, true}, {"a", 50, true}, {"b", 20, false}},
			popAtMs:  10, want: []string{"a"}, wantNext: 20,
		},
		{
			name:     "nothing ready",
			schedule: []sched{{"a", 10, true}},
			popAtMs:  9, want: nil, wantNext: 10,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newWaitingHeap[string]()
			for _, s := range tc.schedule {
				assert.Equal(t, s.wantFirst, h.schedule(s.item, at(s.ms)), "schedule %s at %dms", s.item, s.ms)
			}
			got := h.popReady(at(tc.popAtMs), nil)
			assert.Equal(t, tc.want, got)
			next, ok := h.next()
			if tc.wantNext < 0 {
				assert.False(t, ok)
				assert.Equal(t, 0, h.Len())
			} else {
				require.True(t, ok)
				assert.Equal(t, at(tc.wantNext), next)
			}
			assert.Len(t, h.byItem, h.Len())
		})
	}
}

func TestWaitingHeapManyItems(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	h := newWaitingHeap[int]()
	const n = 500
	for i := range n {
		// A permutation of 0..n-1 (n and 211 are coprime).
		h.schedule(i, t0.Add(time.Duration(i*211%n)*time.Second))
	}
	got := h.popReady(t0.Add(n*time.Second), nil)
	require.Len(t, got, n)
	for k := 1; k < n; k++ {
		assert.Less(t, got[k-1]*211%n, got[k]*211%n, "out of order at %d", k)
	}
	h.schedule(1, t0)
	h.reset()
	assert.Equal(t, 0, h.Len())
	assert.Empty(t, h.byItem)
}
