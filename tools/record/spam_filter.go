package record

import (
	"sync"

	v1 "k8s.io/api/core/v1"
	"k8s.io/utils/clock"
	"k8s.io/utils/lru"

	"github.com/kclient/kclient/util/flowcontrol"
)

// EventFilterFunc reports whether an event should be dropped.
type EventFilterFunc func(event *v1.Event) bool

// EventSpamKeyFunc maps an event to the key the spam filter rate-limits by.
type EventSpamKeyFunc func(event *v1.Event) string

// EventSourceObjectSpamFilter rate-limits events per key (by default per
// source+involved object+type) with one token bucket each. Buckets live in
// an LRU cache, so the least recently seen keys are forgotten (and start
// with a full bucket again) once the cache is full. Safe for concurrent use.
type EventSourceObjectSpamFilter struct {
	mu      sync.Mutex
	buckets *lru.Cache
	burst   int
	qps     float32
	clock   clock.PassiveClock
	keyFunc EventSpamKeyFunc
}

// NewEventSourceObjectSpamFilter returns a filter that lets burst events per
// key through at once and then qps events per second, remembering at most
// lruCacheSize keys. A nil spamKeyFunc uses the default key (source, object
// and type).
func NewEventSourceObjectSpamFilter(lruCacheSize, burst int, qps float32, clock clock.PassiveClock, spamKeyFunc EventSpamKeyFunc) *EventSourceObjectSpamFilter {
	if spamKeyFunc == nil {
		spamKeyFunc = spamKey
	}
	return &EventSourceObjectSpamFilter{
		buckets: lru.New(lruCacheSize),
		burst:   burst,
		qps:     qps,
		clock:   clock,
		keyFunc: spamKeyFunc,
	}
}

// Filter spends a token of event's bucket and reports true (drop the event)
// when the bucket is empty. A nil event is always dropped.
func (f *EventSourceObjectSpamFilter) Filter(event *v1.Event) bool {
	if event == nil {
		return true
	}
	key := f.keyFunc(event)
	f.mu.Lock()
	defer f.mu.Unlock()
	var bucket flowcontrol.PassiveRateLimiter
	if cached, ok := f.buckets.Get(key); ok {
		bucket, _ = cached.(flowcontrol.PassiveRateLimiter)
	}
	if bucket == nil {
		bucket = flowcontrol.NewTokenBucketPassiveRateLimiterWithClock(f.qps, f.burst, f.clock)
		f.buckets.Add(key, bucket)
	}
	return !bucket.TryAccept()
}
