package flowcontrol

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	testingclock "k8s.io/utils/clock/testing"
)

func TestTokenBucketBurstThenRefill(t *testing.T) {
	clock := testingclock.NewFakeClock(time.Unix(1000, 0))
	rl := NewTokenBucketRateLimiterWithClock(2, 3, clock)
	assert.Equal(t, float32(2), rl.QPS())
	for i := range 3 {
		assert.True(t, rl.TryAccept(), "burst token %d", i)
	}
	assert.False(t, rl.TryAccept(), "bucket is empty after the burst")
	clock.Step(500 * time.Millisecond) // 2 qps -> one token per 500ms
	assert.True(t, rl.TryAccept())
	assert.False(t, rl.TryAccept())
}

func TestTokenBucketAcceptSleepsOnClock(t *testing.T) {
	start := time.Unix(1000, 0)
	clock := testingclock.NewFakeClock(start)
	rl := NewTokenBucketRateLimiterWithClock(1, 1, clock)
	rl.Accept() // the initial token: no sleep
	assert.Equal(t, start, clock.Now())
	rl.Accept() // the fake clock's Sleep advances time by the wait
	assert.Equal(t, start.Add(time.Second), clock.Now())
}

func TestTokenBucketWaitHonoursContext(t *testing.T) {
	rl := NewTokenBucketRateLimiter(0.1, 1)
	require.NoError(t, rl.Wait(context.Background()))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	assert.Error(t, rl.Wait(ctx), "the next token is 10s away")
	assert.Less(t, time.Since(start), time.Second)
}

func TestPassiveTokenBucket(t *testing.T) {
	clock := testingclock.NewFakeClock(time.Unix(1000, 0))
	rl := NewTokenBucketPassiveRateLimiterWithClock(1, 1, clock)
	assert.True(t, rl.TryAccept())
	assert.False(t, rl.TryAccept())
	clock.Step(time.Second)
	assert.True(t, rl.TryAccept())
	_, isActive := rl.(RateLimiter)
	assert.False(t, isActive, "passive limiters cannot block")
	assert.True(t, NewTokenBucketPassiveRateLimiter(1, 1).TryAccept())
}

func TestFakeLimiters(t *testing.T) {
	always := NewFakeAlwaysRateLimiter()
	for range 100 {
		assert.True(t, always.TryAccept())
	}
	always.Accept()
	assert.NoError(t, always.Wait(context.Background()))

	never := NewFakeNeverRateLimiter()
	assert.False(t, never.TryAccept())
	assert.Error(t, never.Wait(context.Background()))
	done := make(chan struct{})
	go func() { never.Accept(); close(done) }()
	select {
	case <-done:
		t.Fatal("Accept of a never limiter returned before Stop")
	case <-time.After(20 * time.Millisecond):
	}
	never.Stop()
	never.Stop() // idempotent
	<-done
}

func TestZeroBurstGrantsNothing(t *testing.T) {
	rl := NewTokenBucketRateLimiter(100, 0)
	assert.False(t, rl.TryAccept(), "like client-go, a zero burst never grants a token")
}
