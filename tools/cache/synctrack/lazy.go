package synctrack

import (
	"sync"
	"sync/atomic"
)

// Lazy caches the result of Evaluate until Notify says it is stale. The zero
// value (with Evaluate set) is ready to use; Get and Notify are safe for
// concurrent use. Evaluate may run concurrently with itself when Notify is
// called while an evaluation is in progress.
type Lazy[T any] struct {
	// Evaluate computes the value. Only successful results are cached.
	Evaluate func() (T, error)

	gen atomic.Pointer[lazyGen[T]]
}

// lazyGen is one generation of the cache, replaced wholesale by Notify.
type lazyGen[T any] struct {
	eval   func() (T, error)
	result atomic.Pointer[T] // set once evaluation succeeded
	mu     sync.Mutex        // serializes evaluations within the generation
}

func (g *lazyGen[T]) get() (T, error) {
	if r := g.result.Load(); r != nil {
		return *r, nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if r := g.result.Load(); r != nil {
		return *r, nil // computed while we waited for the lock
	}
	v, err := g.eval()
	if err == nil {
		g.result.Store(&v)
	}
	return v, err
}

// Notify marks the cached value stale; the next Get evaluates again.
func (z *Lazy[T]) Notify() {
	z.gen.Store(&lazyGen[T]{eval: z.Evaluate})
}

// Get returns the cached value, calling Evaluate first if there is none or
// Notify was called since. Callers arriving during an evaluation wait for
// it and share its result. Errors are returned but not cached, so the next
// Get evaluates again.
func (z *Lazy[T]) Get() (T, error) {
	g := z.gen.Load()
	if g == nil {
		z.gen.CompareAndSwap(nil, &lazyGen[T]{eval: z.Evaluate})
		g = z.gen.Load()
	}
	return g.get()
}
