package workqueue

import "time"

// waiting is an item scheduled by AddAfter.
type waiting[T comparable] struct {
	item    T
	readyAt time.Time
	seq     uint64 // insertion order; breaks ties between equal readyAt
	index   int    // position in the heap
}

// before reports whether a must be released before b: earlier readyAt first,
// and among equal times the one scheduled first.
func (a *waiting[T]) before(b *waiting[T]) bool {
	if a.readyAt.Equal(b.readyAt) {
		return a.seq < b.seq
	}
	return a.readyAt.Before(b.readyAt)
}

// waitingHeap is a binary min-heap of scheduled items ordered by before, with
// an index by item so that rescheduling an item is O(log n). It is not safe
// for concurrent use.
type waitingHeap[T comparable] struct {
	entries []*waiting[T]
	byItem  map[T]*waiting[T]
	seq     uint64
}

func newWaitingHeap[T comparable]() *waitingHeap[T] {
	return &waitingHeap[T]{byItem: make(map[T]*waiting[T])}
}

// Len returns the number of scheduled items.
func (h *waitingHeap[T]) Len() int { return len(h.entries) }

// schedule records that item becomes ready at readyAt. An item that is
// already scheduled keeps the earlier of its two times. It reports whether the
// item is now the first to become ready.
func (h *waitingHeap[T]) schedule(item T, readyAt time.Time) bool {
	if w, ok := h.byItem[item]; ok {
		if readyAt.Before(w.readyAt) {
			w.readyAt = readyAt
			h.up(w.index)
		}
		return w.index == 0
	}
	h.seq++
	w := &waiting[T]{item: item, readyAt: readyAt, seq: h.seq, index: len(h.entries)}
	h.entries = append(h.entries, w)
	h.byItem[item] = w
	h.up(w.index)
	return w.index == 0
}

// next returns the time the first item becomes ready; ok is false when
// nothing is scheduled.
func (h *waitingHeap[T]) next() (readyAt time.Time, ok bool) {
	if len(h.entries) == 0 {
		return time.Time{}, false
	}
	return h.entries[0].readyAt, true
}

// popReady appends to out, in order, every item whose time is not after now,
// removes them from the heap, and returns out.
func (h *waitingHeap[T]) popReady(now time.Time, out []T) []T {
	for len(h.entries) > 0 && !h.entries[0].readyAt.After(now) {
		w := h.entries[0]
		last := len(h.entries) - 1
		h.swap(0, last)
		h.entries[last] = nil
		h.entries = h.entries[:last]
		h.down(0)
		delete(h.byItem, w.item)
		out = append(out, w.item)
	}
	return out
}

// reset forgets every scheduled item.
func (h *waitingHeap[T]) reset() {
	h.entries = nil
	clear(h.byItem)
}

func (h *waitingHeap[T]) swap(i, j int) {
	h.entries[i], h.entries[j] = h.entries[j], h.entries[i]
	h.entries[i].index = i
	h.entries[j].index = j
}

func (h *waitingHeap[T]) up(i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if !h.entries[i].before(h.entries[parent]) {
			return
		}
		h.swap(i, parent)
		i = parent
	}
}

func (h *waitingHeap[T]) down(i int) {
	n := len(h.entries)
	for {
		least := i
		if l := 2*i + 1; l < n && h.entries[l].before(h.entries[least]) {
			least = l
		}
		if r := 2*i + 2; r < n && h.entries[r].before(h.entries[least]) {
			least = r
		}
		if least == i {
			return
		}
		h.swap(i, least)
		i = least
	}
}
