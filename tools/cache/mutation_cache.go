package cache

import (
	"container/list"
	"fmt"
	"strconv"
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/klog/v2"
	"k8s.io/utils/clock"
)

// MutationCache overlays the results of a client's own writes on an
// informer's store, so that the client sees its updates before the informer
// does. It compares resource versions to decide which copy is newer.
// Implementations are safe for concurrent use. Call OnAddOrUpdate and
// OnDelete from the informer's handlers to keep the overlay accurate.
type MutationCache interface {
	// GetByKey returns the newer of the store's and the overlay's object.
	GetByKey(key string) (interface{}, bool, error)
	// ByIndex is the Indexer query with overlay objects substituted.
	ByIndex(indexName, indexKey string) ([]interface{}, error)
	// Mutation records the result of a write (e.g. the object an Update
	// returned).
	Mutation(interface{})
	// OnAddOrUpdate tells the cache the store now has obj, so overlay
	// entries that are not newer can go.
	OnAddOrUpdate(obj runtime.Object)
	// OnDelete tells the cache obj was deleted, dropping its overlay entry.
	OnDelete(obj runtime.Object)

	isMutationCache()
}

// ResourceVersionComparator orders objects by resource version: negative,
// zero or positive as lhs is older than, as old as, or newer than rhs.
type ResourceVersionComparator interface {
	CompareResourceVersion(lhs, rhs runtime.Object) int
}

// MutationCacheOptions configures
// NewIntegerResourceVersionMutationCacheWithOptions.
type MutationCacheOptions struct {
	// Indexer serves ByIndex; nil makes ByIndex fail.
	Indexer Indexer

	// TTL is how long an overlay entry lives; zero means 5 minutes.
	TTL time.Duration

	// IncludeAdds makes the cache return overlay objects the store does not
	// have (yet). Only safe if stale entries (up to TTL after a quick
	// delete) are acceptable.
	IncludeAdds bool

	// MaxCacheSize caps how many entries the overlay keeps; when it is full,
	// adding one drops whichever was used longest ago. Zero means 100.
	MaxCacheSize int
}

const (
	defaultMutationTTL  = 5 * time.Minute
	defaultMutationSize = 100
)

// NewIntegerResourceVersionMutationCache is
// NewIntegerResourceVersionMutationCacheWithOptions with at most 100
// overlay entries.
func NewIntegerResourceVersionMutationCache(logger klog.Logger, backingCache Store, indexer Indexer, ttl time.Duration, includeAdds bool) MutationCache {
	return NewIntegerResourceVersionMutationCacheWithOptions(logger, backingCache, MutationCacheOptions{Indexer: indexer, TTL: ttl, IncludeAdds: includeAdds})
}

// NewIntegerResourceVersionMutationCacheWithOptions returns a MutationCache
// for objects whose resource versions are integers that grow with every
// change and are comparable within a resource, as with every standard
// apiserver.
//
// The overlay may hold an object the store has already dropped because it
// was deleted after the client's write; calling OnAddOrUpdate and OnDelete
// from the informer's handlers avoids serving such stale updates. A stale
// added object (added, then deleted before the informer saw it) cannot be
// detected that way: with IncludeAdds, callers must check after the TTL.
func NewIntegerResourceVersionMutationCacheWithOptions(logger klog.Logger, backingCache Store, options MutationCacheOptions) MutationCache {
	if options.TTL <= 0 {
		options.TTL = defaultMutationTTL
	}
	if options.MaxCacheSize <= 0 {
		options.MaxCacheSize = defaultMutationSize
	}
	return &mutationCache{
		logger:      logger,
		backing:     backingCache,
		indexer:     options.Indexer,
		ttl:         options.TTL,
		includeAdds: options.IncludeAdds,
		maxSize:     options.MaxCacheSize,
		clock:       clock.RealClock{},
		entries:     map[string]*list.Element{},
		lru:         list.New(),
		comparator:  etcdComparator{},
	}
}

type mutationEntry struct {
	key     string
	obj     runtime.Object
	expires time.Time
}

type mutationCache struct {
	logger      klog.Logger
	backing     Store
	indexer     Indexer
	ttl         time.Duration
	includeAdds bool
	maxSize     int
	clock       clock.PassiveClock
	comparator  ResourceVersionComparator

	lock    sync.Mutex
	entries map[string]*list.Element // front of lru = most recently used
	lru     *list.List
}

func (c *mutationCache) isMutationCache() {}

// overlayLocked returns the unexpired overlay object under key.
func (c *mutationCache) overlayLocked(key string) (runtime.Object, bool) {
	el, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*mutationEntry)
	if c.clock.Now().After(e.expires) {
		c.removeLocked(el)
		return nil, false
	}
	c.lru.MoveToFront(el)
	return e.obj, true
}

func (c *mutationCache) removeLocked(el *list.Element) {
	c.lru.Remove(el)
	delete(c.entries, el.Value.(*mutationEntry).key)
}

// newer returns whichever of stored and overlay is newer.
func (c *mutationCache) newer(key string, stored interface{}) interface{} {
	overlay, ok := c.overlayLocked(key)
	if !ok {
		return stored
	}
	s, isObj := stored.(runtime.Object)
	if !isObj || c.comparator.CompareResourceVersion(s, overlay) < 0 {
		return overlay
	}
	return stored
}

func (c *mutationCache) GetByKey(key string) (interface{}, bool, error) {
	stored, exists, err := c.backing.GetByKey(key)
	if err != nil {
		return nil, false, err
	}
	c.lock.Lock()
	defer c.lock.Unlock()
	if !exists {
		if !c.includeAdds {
			return nil, false, nil
		}
		overlay, ok := c.overlayLocked(key)
		if !ok {
			return nil, false, nil
		}
		return overlay, true, nil
	}
	return c.newer(key, stored), true, nil
}

func (c *mutationCache) ByIndex(indexName, indexKey string) ([]interface{}, error) {
	if c.indexer == nil {
		return nil, fmt.Errorf("no indexer has been provided to the mutation cache")
	}
	keys, err := c.indexer.IndexKeys(indexName, indexKey)
	if err != nil {
		return nil, err
	}
	c.lock.Lock()
	defer c.lock.Unlock()
	var out []interface{}
	seen := make(map[string]struct{}, len(keys))
	for _, key := range keys {
		seen[key] = struct{}{}
		stored, exists, err := c.indexer.GetByKey(key)
		if err != nil {
			return nil, err
		}
		if exists {
			out = append(out, c.newer(key, stored))
		}
	}
	if c.includeAdds {
		fn := c.indexer.GetIndexers()[indexName]
		for key := range c.entries {
			if _, ok := seen[key]; ok || fn == nil {
				continue
			}
			overlay, ok := c.overlayLocked(key)
			if !ok {
				continue
			}
			values, err := fn(overlay)
			if err != nil {
				continue
			}
			if contains(values, indexKey) {
				out = append(out, overlay)
			}
		}
	}
	return out, nil
}

func (c *mutationCache) Mutation(obj interface{}) {
	o, ok := obj.(runtime.Object)
	if !ok {
		c.logger.Info("Mutation cache ignores an object that is not a runtime.Object", "type", fmt.Sprintf("%T", obj))
		return
	}
	key, err := DeletionHandlingMetaNamespaceKeyFunc(obj)
	if err != nil {
		c.logger.Error(err, "Mutation cache cannot key an object")
		return
	}
	c.lock.Lock()
	defer c.lock.Unlock()
	e := &mutationEntry{key: key, obj: o, expires: c.clock.Now().Add(c.ttl)}
	if el, ok := c.entries[key]; ok {
		el.Value = e
		c.lru.MoveToFront(el)
		return
	}
	c.entries[key] = c.lru.PushFront(e)
	for c.lru.Len() > c.maxSize {
		c.removeLocked(c.lru.Back())
	}
}

func (c *mutationCache) OnAddOrUpdate(obj runtime.Object) {
	key, err := DeletionHandlingMetaNamespaceKeyFunc(obj)
	if err != nil {
		return
	}
	c.lock.Lock()
	defer c.lock.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return
	}
	if c.comparator.CompareResourceVersion(el.Value.(*mutationEntry).obj, obj) <= 0 {
		c.removeLocked(el) // the store caught up
	}
}

func (c *mutationCache) OnDelete(obj runtime.Object) {
	key, err := DeletionHandlingMetaNamespaceKeyFunc(obj)
	if err != nil {
		return
	}
	c.lock.Lock()
	defer c.lock.Unlock()
	if el, ok := c.entries[key]; ok {
		c.removeLocked(el)
	}
}

// etcdComparator compares integer resource versions. An unparsable version
// counts as older than any other.
type etcdComparator struct{}

func (etcdComparator) CompareResourceVersion(lhs, rhs runtime.Object) int {
	l, lok := intResourceVersion(lhs)
	r, rok := intResourceVersion(rhs)
	switch {
	case !lok && !rok:
		return 0
	case !lok:
		return -1
	case !rok:
		return 1
	case l < r:
		return -1
	case l > r:
		return 1
	}
	return 0
}

func intResourceVersion(obj runtime.Object) (int64, bool) {
	m, err := meta.Accessor(obj)
	if err != nil {
		return 0, false
	}
	v, err := strconv.ParseInt(m.GetResourceVersion(), 10, 64)
	return v, err == nil
}
