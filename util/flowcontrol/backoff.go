package flowcontrol

import (
	"math/rand/v2"
	"sync"
	"time"

	"k8s.io/utils/clock"
)

// backoffEntry is the state kept for one key.
type backoffEntry struct {
	backoff    time.Duration
	lastUpdate time.Time
}

// Backoff tracks an exponential backoff per key (for example per URL or per
// pod). Each Next doubles the key's delay, up to the maximum, optionally adding
// random jitter; a key that has not been updated for twice the maximum
// duration (or per HasExpiredFunc) starts over at the initial delay.
//
// Backoff is safe for concurrent use; the embedded RWMutex guards its state.
// Entries are only removed by Reset, DeleteEntry and GC, so long-running
// users should call GC periodically.
type Backoff struct {
	sync.RWMutex
	// Clock is the time source; NewBackOff uses the real clock.
	Clock clock.Clock
	// HasExpiredFunc, when set, decides whether an entry last updated at
	// lastUpdate is stale at eventTime: a stale entry starts over at the
	// initial delay on Next, is never "in backoff" for IsInBackOffSince and
	// IsInBackOffSinceUpdate, and is dropped by GC.
	// nil means stale once more than twice the maximum delay has passed.
	HasExpiredFunc func(eventTime time.Time, lastUpdate time.Time, maxDuration time.Duration) bool

	initial   time.Duration
	max       time.Duration
	jitterMax float64
	entries   map[string]*backoffEntry
}

// NewBackOff returns a Backoff starting at initial and capped at max, using
// the real clock and no jitter.
func NewBackOff(initial, max time.Duration) *Backoff {
	return NewBackOffWithJitter(initial, max, 0)
}

// NewBackOffWithJitter is NewBackOff where every step adds a random extra
// delay of up to maxJitterFactor times the current delay.
func NewBackOffWithJitter(initial, max time.Duration, maxJitterFactor float64) *Backoff {
	return newBackoff(clock.RealClock{}, initial, max, maxJitterFactor)
}

// NewFakeBackOff is NewBackOff with an injected clock, for tests.
func NewFakeBackOff(initial, max time.Duration, tc clock.Clock) *Backoff {
	return newBackoff(tc, initial, max, 0)
}

// NewFakeBackOffWithJitter is NewBackOffWithJitter with an injected clock,
// for tests.
func NewFakeBackOffWithJitter(initial, max time.Duration, tc clock.Clock, maxJitterFactor float64) *Backoff {
	return newBackoff(tc, initial, max, maxJitterFactor)
}

func newBackoff(c clock.Clock, initial, max time.Duration, jitter float64) *Backoff {
	if jitter < 0 {
		jitter = 0
	}
	return &Backoff{
		Clock:     c,
		initial:   initial,
		max:       max,
		jitterMax: jitter,
		entries:   make(map[string]*backoffEntry),
	}
}

// Get returns the current delay of id; zero when id has none.
func (p *Backoff) Get(id string) time.Duration {
	p.RLock()
	defer p.RUnlock()
	if e, ok := p.entries[id]; ok {
		return e.backoff
	}
	return 0
}

// Next moves the backoff of id one step further: the first step (or the first
// after expiry) sets it to the initial delay, later steps double it, capped at
// the maximum. eventTime is the time of the failure being recorded.
func (p *Backoff) Next(id string, eventTime time.Time) {
	p.Lock()
	defer p.Unlock()
	e, ok := p.entries[id]
	if !ok || p.expired(eventTime, e.lastUpdate) {
		e = &backoffEntry{backoff: p.initial}
		e.backoff += p.jitter(e.backoff)
		p.entries[id] = e
	} else {
		next := 2*e.backoff + p.jitter(e.backoff)
		e.backoff = min(next, p.max)
	}
	e.lastUpdate = p.Clock.Now()
}

// Reset drops the state of id, so its next failure starts over at the
// initial delay. It is DeleteEntry by another name.
func (p *Backoff) Reset(id string) {
	p.DeleteEntry(id)
}

// DeleteEntry forgets everything about id.
func (p *Backoff) DeleteEntry(id string) {
	p.Lock()
	defer p.Unlock()
	delete(p.entries, id)
}

// IsInBackOffSince reports whether, measured on the clock, less than id's
// current delay has passed since eventTime. An unknown or stale id is not
// in backoff.
func (p *Backoff) IsInBackOffSince(id string, eventTime time.Time) bool {
	p.RLock()
	defer p.RUnlock()
	e, ok := p.entries[id]
	if !ok || p.expired(eventTime, e.lastUpdate) {
		return false
	}
	return p.Clock.Since(eventTime) < e.backoff
}

// IsInBackOffSinceUpdate reports whether eventTime lies within id's current
// delay after id's last Next. An unknown or stale id is not in backoff.
func (p *Backoff) IsInBackOffSinceUpdate(id string, eventTime time.Time) bool {
	p.RLock()
	defer p.RUnlock()
	e, ok := p.entries[id]
	if !ok || p.expired(eventTime, e.lastUpdate) {
		return false
	}
	return eventTime.Sub(e.lastUpdate) < e.backoff
}

// GC drops the entries that are stale now (see HasExpiredFunc). Nothing
// else removes entries of keys that stop failing without being Reset, so
// long-lived users should call it from time to time.
func (p *Backoff) GC() {
	p.Lock()
	defer p.Unlock()
	now := p.Clock.Now()
	for id, e := range p.entries {
		if p.expired(now, e.lastUpdate) {
			delete(p.entries, id)
		}
	}
}

func (p *Backoff) expired(eventTime, lastUpdate time.Time) bool {
	if p.HasExpiredFunc != nil {
		return p.HasExpiredFunc(eventTime, lastUpdate, p.max)
	}
	return eventTime.Sub(lastUpdate) > 2*p.max
}

func (p *Backoff) jitter(d time.Duration) time.Duration {
	if p.jitterMax <= 0 {
		return 0
	}
	return time.Duration(rand.Float64() * p.jitterMax * float64(d))
}
