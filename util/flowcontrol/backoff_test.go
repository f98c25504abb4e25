package flowcontrol

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	testingclock "k8s.io/utils/clock/testing"
)

func TestBackoffDoublesUpToMax(t *testing.T) {
	clock := testingclock.NewFakeClock(time.Unix(0, 0))
	b := NewFakeBackOff(time.Second, 5*time.Second, clock)
	assert.Equal(t, time.Duration(0), b.Get("x"))
	want := []time.Duration{1, 2, 4, 5, 5}
	for i, w := range want {
		b.Next("x", clock.Now())
		assert.Equal(t, w*time.Second, b.Get("x"), "step %d", i)
		clock.Step(time.Second)
	}
	b.Reset("x")
	assert.Equal(t, time.Duration(0), b.Get("x"))
}

func TestBackoffExpiresAfterTwiceMax(t *testing.T) {
	clock := testingclock.NewFakeClock(time.Unix(0, 0))
	b := NewFakeBackOff(time.Second, 4*time.Second, clock)
	b.Next("x", clock.Now())
	b.Next("x", clock.Now())
	assert.Equal(t, 2*time.Second, b.Get("x"))
	clock.Step(9 * time.Second) // > 2*max since the last update
	b.Next("x", clock.Now())
	assert.Equal(t, time.Second, b.Get("x"), "an expired entry starts over")

	b.Next("y", clock.Now())
	clock.Step(9 * time.Second)
	b.GC()
	assert.Equal(t, time.Duration(0), b.Get("y"), "GC drops expired entries")
}

func TestBackoffIsInBackOff(t *testing.T) {
	clock := testingclock.NewFakeClock(time.Unix(0, 0))
	b := NewFakeBackOff(2*time.Second, 10*time.Second, clock)
	start := clock.Now()
	assert.False(t, b.IsInBackOffSince("x", start))
	b.Next("x", start)
	assert.True(t, b.IsInBackOffSince("x", start))
	assert.True(t, b.IsInBackOffSinceUpdate("x", start.Add(time.Second)))
	clock.Step(3 * time.Second)
	assert.False(t, b.IsInBackOffSince("x", start))
	assert.False(t, b.IsInBackOffSinceUpdate("x", clock.Now()))
	b.DeleteEntry("x")
	assert.False(t, b.IsInBackOffSince("x", clock.Now()))
}

func TestBackoffJitterBounds(t *testing.T) {
	clock := testingclock.NewFakeClock(time.Unix(0, 0))
	b := NewFakeBackOffWithJitter(time.Second, time.Hour, clock, 0.5)
	sawJitter := false
	for i := range 50 {
		id := string(rune('a' + i%26))
		b.Reset(id)
		b.Next(id, clock.Now())
		d := b.Get(id)
		assert.GreaterOrEqual(t, d, time.Second)
		assert.LessOrEqual(t, d, 1500*time.Millisecond)
		sawJitter = sawJitter || d != time.Second
	}
	assert.True(t, sawJitter)
	assert.NotNil(t, NewBackOffWithJitter(time.Second, time.Minute, 0.1).Clock)
}

func TestBackoffHasExpiredFunc(t *testing.T) {
	clock := testingclock.NewFakeClock(time.Unix(0, 0))
	b := NewBackOff(time.Second, time.Minute)
	b.Clock = clock
	b.HasExpiredFunc = func(_, _ time.Time, _ time.Duration) bool { return true }
	b.Next("x", clock.Now())
	b.Next("x", clock.Now())
	assert.Equal(t, time.Second, b.Get("x"), "a custom expiry that always fires never grows")
}
