package cache

import "sync"

// underLock evaluates read with mu held and returns its result. The queues
// in this package use it for their small accessors.
func underLock[T any](mu sync.Locker, read func() T) T {
	mu.Lock()
	defer mu.Unlock()
	return read()
}

// shutQueue is the shared Close of the blocking queues: with mu held it sets
// *closed and wakes every goroutine waiting on wake, so a blocked Pop can
// notice the queue is closed.
func shutQueue(mu sync.Locker, closed *bool, wake *sync.Cond) {
	mu.Lock()
	defer mu.Unlock()
	*closed = true
	wake.Broadcast()
}
