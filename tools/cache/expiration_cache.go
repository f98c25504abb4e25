package cache

import (
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/utils/clock"
)

// ExpirationCache is a Store whose entries expire. Every entry is stamped
// with the time it was written; reads (Get, GetByKey, List) drop entries
// that the ExpirationPolicy considers expired and never return them.
//
// It is safe for concurrent use. Because expiring an entry is a write, reads
// take an exclusive lock, so it is slower than a plain Store.
type ExpirationCache struct {
	storage          ThreadSafeStore
	keyFunc          KeyFunc
	clock            clock.Clock
	expirationPolicy ExpirationPolicy
	// expirationLock makes "check and expire" atomic with respect to writes.
	expirationLock sync.Mutex
}

var _ Store = &ExpirationCache{}

// ExpirationPolicy decides when an entry has expired.
type ExpirationPolicy interface {
	IsExpired(obj *TimestampedEntry) bool
}

// TimestampedEntry is what an ExpirationCache stores: the object and the
// time it was written (by this process's clock; timestamps from other
// machines must not be used).
type TimestampedEntry struct {
	Obj       interface{}
	Timestamp time.Time
	key       string
}

// TTLPolicy expires entries older than TTL.
type TTLPolicy struct {
	// TTL is the lifetime of an entry: once an entry is older than a
	// positive TTL it is treated as absent; a zero or negative TTL keeps
	// entries forever.
	TTL time.Duration

	// Clock supplies the times that entry ages are measured with.
	Clock clock.Clock
}

// IsExpired reports whether obj is older than the TTL.
func (p *TTLPolicy) IsExpired(obj *TimestampedEntry) bool {
	return p.TTL > 0 && p.Clock.Since(obj.Timestamp) > p.TTL
}

// FakeExpirationPolicy expires every entry whose key (computed by
// RetrieveKeyFunc from the entry's object) is not in NeverExpire. For tests.
type FakeExpirationPolicy struct {
	NeverExpire     sets.Set[string]
	RetrieveKeyFunc KeyFunc
}

// IsExpired reports whether the entry's key is outside NeverExpire.
func (p *FakeExpirationPolicy) IsExpired(obj *TimestampedEntry) bool {
	key, err := p.RetrieveKeyFunc(obj)
	if err != nil {
		return true
	}
	return !p.NeverExpire.Has(key)
}

// NewTTLStore returns an ExpirationCache whose entries expire ttl after they
// were written (never, if ttl <= 0).
func NewTTLStore(keyFunc KeyFunc, ttl time.Duration) Store {
	return NewExpirationStore(keyFunc, &TTLPolicy{TTL: ttl, Clock: clock.RealClock{}})
}

// NewExpirationStore returns an ExpirationCache with the given policy.
func NewExpirationStore(keyFunc KeyFunc, expirationPolicy ExpirationPolicy) Store {
	return newExpirationCache(NewThreadSafeStore(Indexers{}, Indices{}), keyFunc, expirationPolicy, clock.RealClock{})
}

// NewFakeExpirationStore returns an ExpirationCache on cacheClock that sends
// the key of every entry it deletes (explicitly or by expiry) to deletedKeys,
// if not nil. For tests; sends block until received.
func NewFakeExpirationStore(keyFunc KeyFunc, deletedKeys chan<- string, expirationPolicy ExpirationPolicy, cacheClock clock.Clock) Store {
	reporting := &reportingStore{ThreadSafeStore: NewThreadSafeStore(Indexers{}, Indices{}), deleted: deletedKeys}
	return newExpirationCache(reporting, keyFunc, expirationPolicy, cacheClock)
}

func newExpirationCache(storage ThreadSafeStore, keyFunc KeyFunc, policy ExpirationPolicy, c clock.Clock) *ExpirationCache {
	return &ExpirationCache{storage: storage, keyFunc: keyFunc, clock: c, expirationPolicy: policy}
}

type reportingStore struct {
	ThreadSafeStore
	deleted chan<- string
}

func (r *reportingStore) Delete(key string) {
	r.ThreadSafeStore.Delete(key)
	if r.deleted != nil {
		r.deleted <- key
	}
}

func (r *reportingStore) DeleteWithObject(key string, obj interface{}) {
	r.ThreadSafeStore.DeleteWithObject(key, obj)
	if r.deleted != nil {
		r.deleted <- key
	}
}

// getOrExpire returns the object under key unless it has expired, in which
// case it is deleted.
func (c *ExpirationCache) getOrExpire(key string) (interface{}, bool) {
	c.expirationLock.Lock()
	defer c.expirationLock.Unlock()
	item, exists := c.storage.Get(key)
	if !exists {
		return nil, false
	}
	entry, ok := item.(*TimestampedEntry)
	if !ok {
		return nil, false
	}
	if c.expirationPolicy.IsExpired(entry) {
		c.storage.Delete(key)
		return nil, false
	}
	return entry.Obj, true
}

// GetByKey returns the unexpired object under key.
func (c *ExpirationCache) GetByKey(key string) (interface{}, bool, error) {
	obj, exists := c.getOrExpire(key)
	return obj, exists, nil
}

// Get returns the unexpired object under obj's key.
func (c *ExpirationCache) Get(obj interface{}) (interface{}, bool, error) {
	key, err := c.keyFunc(obj)
	if err != nil {
		return nil, false, KeyError{Obj: obj, Err: err}
	}
	item, exists := c.getOrExpire(key)
	return item, exists, nil
}

// List returns the unexpired objects, deleting expired ones.
func (c *ExpirationCache) List() []interface{} {
	c.expirationLock.Lock()
	defer c.expirationLock.Unlock()
	items := c.storage.List()
	list := make([]interface{}, 0, len(items))
	for _, item := range items {
		entry, ok := item.(*TimestampedEntry)
		if !ok {
			continue
		}
		if c.expirationPolicy.IsExpired(entry) {
			c.storage.Delete(entry.key)
			continue
		}
		list = append(list, entry.Obj)
	}
	return list
}

// ListKeys returns all keys, expired or not.
func (c *ExpirationCache) ListKeys() []string { return c.storage.ListKeys() }

// Add stores obj stamped with the current time, replacing any entry.
func (c *ExpirationCache) Add(obj interface{}) error {
	return c.mutate(obj, func(key string) {
		c.storage.Add(key, &TimestampedEntry{Obj: obj, Timestamp: c.clock.Now(), key: key})
	})
}

// Update is Add: it refreshes the timestamp.
func (c *ExpirationCache) Update(obj interface{}) error { return c.Add(obj) }

// Delete removes obj's entry.
func (c *ExpirationCache) Delete(obj interface{}) error {
	return c.mutate(obj, func(key string) { c.storage.Delete(key) })
}

// mutate computes obj's key and runs change with expirationLock held. A key
// function failure is returned as a KeyError and nothing changes.
func (c *ExpirationCache) mutate(obj interface{}, change func(key string)) error {
	key, err := c.keyFunc(obj)
	if err != nil {
		return KeyError{Obj: obj, Err: err}
	}
	c.expirationLock.Lock()
	defer c.expirationLock.Unlock()
	change(key)
	return nil
}

// Replace swaps the content for list, all stamped with the current time.
func (c *ExpirationCache) Replace(list []interface{}, resourceVersion string) error {
	items := make(map[string]interface{}, len(list))
	now := c.clock.Now()
	for _, obj := range list {
		key, err := c.keyFunc(obj)
		if err != nil {
			return KeyError{Obj: obj, Err: err}
		}
		items[key] = &TimestampedEntry{Obj: obj, Timestamp: now, key: key}
	}
	c.expirationLock.Lock()
	defer c.expirationLock.Unlock()
	c.storage.Replace(items, resourceVersion)
	return nil
}

// Resync does nothing.
func (c *ExpirationCache) Resync() error { return nil }

// Bookmark records rv as the latest resource version seen.
func (c *ExpirationCache) Bookmark(rv string) { c.storage.Bookmark(rv) }

// LastStoreSyncResourceVersion passes through to the underlying
// thread-safe store.
func (c *ExpirationCache) LastStoreSyncResourceVersion() string {
	return c.storage.LastStoreSyncResourceVersion()
}
