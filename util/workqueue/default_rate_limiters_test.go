package workqueue

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"
)

// call is one interaction with a rate limiter.
type call struct {
	item     string
	forget   bool          // call Forget instead of When
	want     time.Duration // expected When result
	requeues int           // expected NumRequeues afterwards
}

func runCalls(t *testing.T, rl TypedRateLimiter[string], calls []call) {
	t.Helper()
	for i, c := range calls {
		if c.forget {
			rl.Forget(c.item)
		} else {
			assert.Equal(t, c.want, rl.When(c.item), "call %d: When(%q)", i, c.item)
		}
		assert.Equal(t, c.requeues, rl.NumRequeues(c.item), "call %d: NumRequeues(%q)", i, c.item)
	}
}

func TestRateLimiters(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name  string
		rl    TypedRateLimiter[string]
		calls []call
	}{
		{
			name: "exponential doubles per failure up to the cap",
			rl:   NewTypedItemExponentialFailureRateLimiter[string](1*ms, 10*ms),
			calls: []call{
				{item: "a", want: 1 * ms, requeues: 1},
				{item: "a", want: 2 * ms, requeues: 2},
				{item: "a", want: 4 * ms, requeues: 3},
				{item: "a", want: 8 * ms, requeues: 4},
				{item: "a", want: 10 * ms, requeues: 5},
				{item: "a", want: 10 * ms, requeues: 6},
				{item: "b", want: 1 * ms, requeues: 1},
				{item: "a", forget: true, requeues: 0},
				{item: "a", want: 1 * ms, requeues: 1},
				{item: "b", want: 2 * ms, requeues: 2},
			},
		},
		{
			name: "fast then slow",
			rl:   NewTypedItemFastSlowRateLimiter[string](5*ms, 10*time.Second, 3),
			calls: []call{
				{item: "a", want: 5 * ms, requeues: 1},
				{item: "a", want: 5 * ms, requeues: 2},
				{item: "a", want: 5 * ms, requeues: 3},
				{item: "a", want: 10 * time.Second, requeues: 4},
				{item: "a", want: 10 * time.Second, requeues: 5},
				{item: "b", want: 5 * ms, requeues: 1},
				{item: "a", forget: true, requeues: 0},
				{item: "a", want: 5 * ms, requeues: 1},
			},
		},
		{
			name: "max of returns the longest wait and the largest count",
			rl: NewTypedMaxOfRateLimiter(
				NewTypedItemFastSlowRateLimiter[string](5*ms, 3*time.Second, 3),
				NewTypedItemExponentialFailureRateLimiter[string](1*ms, 1*time.Second),
			),
			calls: []call{
				{item: "a", want: 5 * ms, requeues: 1},
				{item: "a", want: 5 * ms, requeues: 2},
				{item: "a", want: 5 * ms, requeues: 3},
				{item: "a", want: 3 * time.Second, requeues: 4},
				{item: "a", forget: true, requeues: 0},
				{item: "a", want: 5 * ms, requeues: 1},
			},
		},
		{
			name: "max wait caps the wrapped limiter",
			rl:   NewTypedWithMaxWaitRateLimiter(NewTypedItemExponentialFailureRateLimiter[string](4*ms, time.Second), 10*ms),
			calls: []call{
				{item: "a", want: 4 * ms, requeues: 1},
				{item: "a", want: 8 * ms, requeues: 2},
				{item: "a", want: 10 * ms, requeues: 3},
				{item: "a", forget: true, requeues: 0},
				{item: "a", want: 4 * ms, requeues: 1},
			},
		},
		{
			name: "default item based limiter starts at 1ms",
			rl:   DefaultTypedItemBasedRateLimiter[string](),
			calls: []call{
				{item: "a", want: 1 * ms, requeues: 1},
				{item: "a", want: 2 * ms, requeues: 2},
				{item: "a", want: 4 * ms, requeues: 3},
			},
		},
		{
			name: "default controller limiter starts at 5ms within the bucket's burst",
			rl:   DefaultTypedControllerRateLimiter[string](),
			calls: []call{
				{item: "a", want: 5 * ms, requeues: 1},
				{item: "a", want: 10 * ms, requeues: 2},
				{item: "a", want: 20 * ms, requeues: 3},
				{item: "b", want: 5 * ms, requeues: 1},
				{item: "a", forget: true, requeues: 0},
				{item: "a", want: 5 * ms, requeues: 1},
			},
		},
		{
			name: "a bucket without a limiter never waits",
			rl:   &TypedBucketRateLimiter[string]{},
			calls: []call{
				{item: "a", want: 0, requeues: 0},
				{item: "a", forget: true, requeues: 0},
			},
		},
		{
			name: "max of nothing never waits",
			rl:   NewTypedMaxOfRateLimiter[string](nil),
			calls: []call{
				{item: "a", want: 0, requeues: 0},
				{item: "a", forget: true, requeues: 0},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			runCalls(t, tc.rl, tc.calls)
		})
	}
}

func TestExponentialOverflowReturnsMax(t *testing.T) {
	rl := NewTypedItemExponentialFailureRateLimiter[int](time.Nanosecond, time.Hour)
	var last time.Duration
	for range 200 {
		last = rl.When(1)
		assert.GreaterOrEqual(t, last, time.Duration(0))
	}
	assert.Equal(t, time.Hour, last)
	assert.Equal(t, 200, rl.NumRequeues(1))

	huge := NewTypedItemExponentialFailureRateLimiter[int](time.Duration(math.MaxInt64/2), time.Duration(math.MaxInt64))
	huge.When(1)
	assert.Equal(t, time.Duration(math.MaxInt64), huge.When(1))
	assert.Equal(t, time.Duration(math.MaxInt64), huge.When(1))
}

func TestBucketRateLimiter(t *testing.T) {
	// One token an hour with a burst of two: the third When must wait for
	// (almost) an hour however slowly the test runs.
	rl := &TypedBucketRateLimiter[string]{Limiter: rate.NewLimiter(rate.Every(time.Hour), 2)}
	assert.Zero(t, rl.When("a"), "within the burst")
	assert.Zero(t, rl.When("b"), "within the burst")
	d := rl.When("c")
	assert.Greater(t, d, 59*time.Minute)
	assert.LessOrEqual(t, d, time.Hour)
	assert.Equal(t, 0, rl.NumRequeues("c"), "the bucket does not track items")
	rl.Forget("c")
}

func TestDefaultControllerRateLimiterSettings(t *testing.T) {
	maxOf, ok := DefaultTypedControllerRateLimiter[int]().(*TypedMaxOfRateLimiter[int])
	require.True(t, ok)
	require.Len(t, maxOf.limiters, 2)

	exp, ok := maxOf.limiters[0].(*TypedItemExponentialFailureRateLimiter[int])
	require.True(t, ok)
	assert.Equal(t, 5*time.Millisecond, exp.baseDelay)
	assert.Equal(t, 1000*time.Second, exp.maxDelay)

	bucket, ok := maxOf.limiters[1].(*TypedBucketRateLimiter[int])
	require.True(t, ok)
	assert.Equal(t, rate.Limit(10), bucket.Limit(), "10 retries per second overall")
	assert.Equal(t, 100, bucket.Burst())

	item, ok := DefaultTypedItemBasedRateLimiter[int]().(*TypedItemExponentialFailureRateLimiter[int])
	require.True(t, ok)
	assert.Equal(t, time.Millisecond, item.baseDelay)
	assert.Equal(t, 1000*time.Second, item.maxDelay)
}

func TestUntypedRateLimiterConstructors(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name  string
		rl    RateLimiter
		first time.Duration
	}{
		{"DefaultControllerRateLimiter", DefaultControllerRateLimiter(), 5 * ms},
		{"DefaultItemBasedRateLimiter", DefaultItemBasedRateLimiter(), 1 * ms},
		{"NewItemExponentialFailureRateLimiter", NewItemExponentialFailureRateLimiter(3*ms, time.Second), 3 * ms},
		{"NewItemFastSlowRateLimiter", NewItemFastSlowRateLimiter(7*ms, time.Second, 1), 7 * ms},
		{"NewMaxOfRateLimiter", NewMaxOfRateLimiter(NewItemExponentialFailureRateLimiter(2*ms, time.Second), NewItemFastSlowRateLimiter(9*ms, time.Second, 1)), 9 * ms},
		{"NewWithMaxWaitRateLimiter", NewWithMaxWaitRateLimiter(NewItemFastSlowRateLimiter(time.Hour, time.Hour, 1), time.Minute), time.Minute},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.first, tc.rl.When("x"))
			assert.Equal(t, 1, tc.rl.NumRequeues("x"))
			tc.rl.Forget("x")
			assert.Equal(t, 0, tc.rl.NumRequeues("x"))
		})
	}
	var _ *BucketRateLimiter = &TypedBucketRateLimiter[any]{}
	var _ *ItemExponentialFailureRateLimiter = &TypedItemExponentialFailureRateLimiter[any]{}
	var _ *ItemFastSlowRateLimiter = &TypedItemFastSlowRateLimiter[any]{}
	var _ *MaxOfRateLimiter = &TypedMaxOfRateLimiter[any]{}
	var _ WithMaxWaitRateLimiter = TypedWithMaxWaitRateLimiter[any]{}
}

func TestZeroValueLimitersDoNotPanic(t *testing.T) {
	assert.Equal(t, time.Duration(0), (&TypedItemExponentialFailureRateLimiter[int]{}).When(1))
	assert.Equal(t, time.Duration(0), (&TypedItemFastSlowRateLimiter[int]{}).When(1))
	assert.Equal(t, time.Duration(0), (&TypedMaxOfRateLimiter[int]{}).When(1))
	var w TypedWithMaxWaitRateLimiter[int]
	assert.Equal(t, time.Duration(0), w.When(1))
	assert.Equal(t, 0, w.NumRequeues(1))
	w.Forget(1)
}
