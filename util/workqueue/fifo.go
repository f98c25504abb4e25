package workqueue

// Queue is the pluggable storage behind a Typed queue. It holds only the items
// waiting to be handed out; de-duplication and the processing bookkeeping stay
// in Typed, which guarantees that an item is pushed at most once until it is
// popped again.
//
// Typed calls these methods while holding its own lock, so an implementation
// never sees concurrent calls and needs no locking of its own; it must not
// block and must not call back into the Typed queue that owns it.
type Queue[T comparable] interface {
	// Touch is called when an item that is already waiting is added again.
	// An implementation may use it to reorder the item (for example to raise
	// its priority); the default FIFO ignores it.
	Touch(item T)
	// Push stores an item that is not currently stored.
	Push(item T)
	// Len reports how many items are stored.
	Len() int
	// Pop removes and returns the next item to hand out. Typed only calls it
	// when Len is greater than zero.
	Pop() (item T)
}

// DefaultQueue returns the FIFO storage that queues use when
// TypedQueueConfig.Queue is nil: a growable ring buffer with amortized O(1)
// Push and Pop that gives memory back when it becomes mostly empty. Pop on an
// empty queue returns the zero value. The result is not safe for concurrent
// use on its own (Typed serialises all calls).
func DefaultQueue[T comparable]() Queue[T] {
	return &ring[T]{}
}

// minRingSize is the smallest backing array a non-empty ring keeps; it is a
// power of two so that positions can be computed with a mask.
const minRingSize = 16

// ring is a FIFO over a power-of-two circular buffer.
type ring[T comparable] struct {
	buf  []T
	head int // index of the oldest item
	n    int // number of stored items
}

// Touch implements Queue; FIFO order does not change when an item is re-added.
func (r *ring[T]) Touch(T) {}

// Len implements Queue.
func (r *ring[T]) Len() int { return r.n }

// Push implements Queue.
func (r *ring[T]) Push(item T) {
	if r.n == len(r.buf) {
		r.resize(max(minRingSize, 2*len(r.buf)))
	}
	r.buf[(r.head+r.n)&(len(r.buf)-1)] = item
	r.n++
}

// Pop implements Queue.
func (r *ring[T]) Pop() T {
	var zero T
	if r.n == 0 {
		return zero
	}
	item := r.buf[r.head]
	r.buf[r.head] = zero // drop the reference so the item can be collected
	r.head = (r.head + 1) & (len(r.buf) - 1)
	r.n--
	if len(r.buf) > minRingSize && r.n <= len(r.buf)/4 {
		r.resize(len(r.buf) / 2)
	}
	return item
}

// each calls f for every stored item, oldest first, with its position.
func (r *ring[T]) each(f func(i int, item T)) {
	for i := range r.n {
		f(i, r.buf[(r.head+i)&(len(r.buf)-1)])
	}
}

// resize moves the stored items, in order, into a new buffer of the given
// power-of-two size, which must be at least r.n.
func (r *ring[T]) resize(size int) {
	buf := make([]T, size)
	if r.n > 0 {
		k := copy(buf, r.buf[r.head:min(r.head+r.n, len(r.buf))])
		copy(buf[k:], r.buf[:r.n-k])
	}
	r.buf = buf
	r.head = 0
}
