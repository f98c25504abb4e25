package workqueue

// backlog is the set of items waiting to be handed out, in hand-out order.
// Typed serialises all calls under its lock.
type backlog[T comparable] interface {
	// add stores item unless it is already waiting, and reports whether it
	// was stored.
	add(item T) bool
	// pop removes and returns the next item; only called when len() > 0.
	pop() T
	// len returns the number of waiting items.
	len() int
}

// newBacklog returns the backlog over store: the fast FIFO backlog for the
// default ring, the generic one for any other Queue.
func newBacklog[T comparable](store Queue[T]) backlog[T] {
	if r, ok := store.(*ring[T]); ok && r.Len() == 0 {
		return &fifoBacklog[T]{ring: r, seqs: make(map[T]uint64)}
	}
	return &queueBacklog[T]{store: store, members: make(map[T]struct{})}
}

// queueBacklog pairs a custom Queue with a set of its members. Adding an item
// that is already a member calls the Queue's Touch.
type queueBacklog[T comparable] struct {
	store   Queue[T]
	members map[T]struct{}
}

func (b *queueBacklog[T]) add(item T) bool {
	n := len(b.members)
	b.members[item] = struct{}{}
	if len(b.members) == n {
		b.store.Touch(item)
		return false
	}
	b.store.Push(item)
	return true
}

func (b *queueBacklog[T]) pop() T {
	item := b.store.Pop()
	delete(b.members, item)
	return item
}

func (b *queueBacklog[T]) len() int { return b.store.Len() }

// fifoBacklog is the backlog for the default FIFO. Membership is kept with
// lazy deletion: every push is numbered, and because items leave in push
// order, an item is waiting exactly when its number is at least the number of
// pops so far. pop therefore never touches the map, which saves a cache miss
// per item on a long backlog; stale entries are swept in bulk once they
// outnumber both the live ones and minStale, so the map holds at most about
// twice the backlog plus minStale entries. Sweeping a small map never
// allocates; a map that grew large during a burst is replaced by a right-sized
// one once most of its entries are stale.
type fifoBacklog[T comparable] struct {
	ring   *ring[T]
	seqs   map[T]uint64 // latest push number of every item pushed and not yet swept
	pushed uint64       // number of pushes so far
	popped uint64       // number of pops so far
	peak   int          // largest len(seqs) since the map was created
}

const (
	// minStale is the number of stale entries a fifoBacklog tolerates before
	// sweeping, so that small queues do not sweep all the time.
	minStale = 1024
	// smallPeak is the largest map a fifoBacklog keeps reusing rather than
	// replacing: clearing it costs little next to the pops that led to it.
	smallPeak = 4 * minStale
)

func (b *fifoBacklog[T]) add(item T) bool {
	if seq, ok := b.seqs[item]; ok && seq >= b.popped {
		return false // waiting; Touch of the default FIFO does nothing
	}
	b.seqs[item] = b.pushed
	b.pushed++
	b.peak = max(b.peak, len(b.seqs))
	b.ring.Push(item)
	return true
}

func (b *fifoBacklog[T]) pop() T {
	item := b.ring.Pop()
	b.popped++
	if live := b.ring.Len(); len(b.seqs)-live > max(minStale, live) {
		b.sweep(live)
	}
	return item
}

func (b *fifoBacklog[T]) len() int { return b.ring.Len() }

// sweep drops the entries of items no longer waiting.
func (b *fifoBacklog[T]) sweep(live int) {
	switch {
	case live == 0 && b.peak <= smallPeak:
		clear(b.seqs) // keeps the memory for reuse
	case b.peak > smallPeak && live < len(b.seqs)/8:
		// Mostly stale after a burst: rebuild from the ring, returning the
		// memory of the large map.
		seqs := make(map[T]uint64, live)
		b.ring.each(func(i int, item T) {
			seqs[item] = b.popped + uint64(i)
		})
		b.seqs = seqs
		b.peak = live
	default:
		for item, seq := range b.seqs {
			if seq < b.popped {
				delete(b.seqs, item)
			}
		}
	}
}
