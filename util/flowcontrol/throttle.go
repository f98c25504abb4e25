package flowcontrol

import (
	"context"
	"errors"
	"sync"
	"time"

	"golang.org/x/time/rate"
	"k8s.io/utils/clock"
)

// PassiveRateLimiter is a rate limiter that can only be asked, never waited
// on: TryAccept either takes a token immediately or reports that none is
// available.
type PassiveRateLimiter interface {
	// TryAccept takes a token if one is available right now and reports
	// whether it did; it never blocks.
	TryAccept() bool
	// Stop releases what the limiter holds; a stopped limiter should not
	// be used any more. For the token buckets it does nothing.
	Stop()
	// QPS is the rate at which tokens are replenished, per second.
	QPS() float32
}

// RateLimiter is a PassiveRateLimiter that can also block until a token is
// available. Implementations in this package are safe for concurrent use.
type RateLimiter interface {
	PassiveRateLimiter
	// Accept blocks until it has taken a token.
	Accept()
	// Wait blocks until it has taken a token (nil) or until ctx ends, or
	// is known to end before a token can be had (an error).
	Wait(ctx context.Context) error
}

// Clock is what the token bucket needs from a clock: the current time and
// the ability to sleep. Tests pass a fake one.
type Clock interface {
	clock.PassiveClock
	Sleep(time.Duration)
}

// tokenBucket is a RateLimiter backed by golang.org/x/time/rate. Every
// decision is made against the injected clock so tests can drive time.
type tokenBucket struct {
	limiter *rate.Limiter
	clock   clock.PassiveClock
	sleep   func(time.Duration) // nil for the passive variant
	qps     float32
}

// NewTokenBucketRateLimiter returns a token bucket limiter. The bucket starts full with burst tokens and refills at
// qps tokens per second; it never holds more than burst tokens. With a burst
// of zero no token is ever granted (unless qps is infinite).
func NewTokenBucketRateLimiter(qps float32, burst int) RateLimiter {
	return NewTokenBucketRateLimiterWithClock(qps, burst, clock.RealClock{})
}

// NewTokenBucketRateLimiterWithClock is NewTokenBucketRateLimiter reading
// time from c and sleeping on it, so tests can use a fake clock.
func NewTokenBucketRateLimiterWithClock(qps float32, burst int, c Clock) RateLimiter {
	return newTokenBucket(qps, burst, c, c.Sleep)
}

// NewTokenBucketPassiveRateLimiter is the token bucket of
// NewTokenBucketRateLimiter restricted to the non-blocking methods.
func NewTokenBucketPassiveRateLimiter(qps float32, burst int) PassiveRateLimiter {
	return NewTokenBucketPassiveRateLimiterWithClock(qps, burst, clock.RealClock{})
}

// NewTokenBucketPassiveRateLimiterWithClock is
// NewTokenBucketPassiveRateLimiter reading time from c; since it never
// sleeps, a PassiveClock is enough.
func NewTokenBucketPassiveRateLimiterWithClock(qps float32, burst int, c clock.PassiveClock) PassiveRateLimiter {
	return passiveBucket{newTokenBucket(qps, burst, c, nil)}
}

// passiveBucket exposes only the passive methods of a token bucket.
type passiveBucket struct{ b *tokenBucket }

func (p passiveBucket) TryAccept() bool { return p.b.TryAccept() }
func (p passiveBucket) Stop()           {}
func (p passiveBucket) QPS() float32    { return p.b.qps }

func newTokenBucket(qps float32, burst int, c clock.PassiveClock, sleep func(time.Duration)) *tokenBucket {
	l := rate.NewLimiter(rate.Limit(qps), burst)
	// rate.NewLimiter starts with a full bucket only once it has observed a
	// time; anchor it at the injected clock's now so that fake clocks work.
	l.SetBurstAt(c.Now(), burst)
	return &tokenBucket{limiter: l, clock: c, sleep: sleep, qps: qps}
}

func (t *tokenBucket) TryAccept() bool {
	return t.limiter.AllowN(t.clock.Now(), 1)
}

// Accept blocks until a token is available, sleeping on the injected clock.
func (t *tokenBucket) Accept() {
	now := t.clock.Now()
	if d := t.limiter.ReserveN(now, 1).DelayFrom(now); d > 0 {
		t.sleep(d)
	}
}

func (t *tokenBucket) Stop() {}

func (t *tokenBucket) QPS() float32 { return t.qps }

// Wait takes a token, blocking until one is available or ctx is done. When
// ctx's deadline is too close for a token to become available, it returns an
// error immediately without consuming one.
func (t *tokenBucket) Wait(ctx context.Context) error {
	return t.limiter.Wait(ctx)
}

// alwaysLimiter grants every request at once.
type alwaysLimiter struct{}

// NewFakeAlwaysRateLimiter returns a RateLimiter that never limits: every
// TryAccept succeeds and Accept/Wait return immediately.
func NewFakeAlwaysRateLimiter() RateLimiter { return alwaysLimiter{} }

func (alwaysLimiter) TryAccept() bool              { return true }
func (alwaysLimiter) Stop()                        {}
func (alwaysLimiter) Accept()                      {}
func (alwaysLimiter) QPS() float32                 { return 1 }
func (alwaysLimiter) Wait(_ context.Context) error { return nil }

// neverLimiter grants nothing: Accept blocks until Stop, Wait fails.
type neverLimiter struct {
	once    sync.Once
	stopped chan struct{}
}

// errNeverAccept is returned by the Wait of NewFakeNeverRateLimiter.
var errNeverAccept = errors.New("rate limiter never accepts")

// NewFakeNeverRateLimiter returns a RateLimiter that never grants a token:
// TryAccept returns false, Wait returns an error and Accept blocks until Stop
// is called.
func NewFakeNeverRateLimiter() RateLimiter {
	return &neverLimiter{stopped: make(chan struct{})}
}

func (n *neverLimiter) TryAccept() bool { return false }
func (n *neverLimiter) Stop()           { n.once.Do(func() { close(n.stopped) }) }
func (n *neverLimiter) Accept()         { <-n.stopped }
func (n *neverLimiter) QPS() float32    { return 1 }
func (n *neverLimiter) Wait(_ context.Context) error {
	return errNeverAccept
}
