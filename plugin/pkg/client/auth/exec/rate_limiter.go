package exec

import (
	"sync"
	"time"
)

// rateLimiter runs a function at most limit times per window. It is safe
// for concurrent use.
type rateLimiter struct {
	limit  int
	window time.Duration
	now    func() time.Time

	mu    sync.Mutex
	start time.Time // beginning of the current window
	count int       // runs in the current window
}

// do runs f unless limit runs already happened in the current window.
func (r *rateLimiter) do(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	if r.start.IsZero() || now.Sub(r.start) >= r.window {
		r.start, r.count = now, 0
	}
	if r.count < r.limit {
		r.count++
		f()
	}
}
