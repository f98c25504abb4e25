package cache

import (
	"strconv"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/klog/v2"
)

// ThreadSafeStore is a concurrent, indexed map from storage keys to objects.
// Unlike Indexer it does not compute keys itself: callers pass them in.
//
// Every method is safe for concurrent use and every query answers from one
// consistent snapshot. Objects are stored and returned as is (no copies):
// callers must not modify anything they got from Get, List or an index query,
// both because other readers share it and because changing indexed fields in
// place would silently corrupt the indices.
type ThreadSafeStore interface {
	// Add stores obj under key, replacing any previous object.
	Add(key string, obj interface{})
	// Update is Add.
	Update(key string, obj interface{})
	// Delete removes key. Prefer DeleteWithObject, which also records the
	// deleted object's resource version.
	Delete(key string)
	// DeleteWithObject removes key; obj, if not nil, is the deleted object
	// and its resource version becomes the store's latest.
	DeleteWithObject(key string, obj interface{})
	// Get returns the object stored under key.
	Get(key string) (item interface{}, exists bool)
	// List returns all stored objects in unspecified order.
	List() []interface{}
	// ListKeys returns all storage keys in unspecified order.
	ListKeys() []string
	// Replace swaps the whole content for items (which the store takes
	// ownership of) and records resourceVersion.
	Replace(map[string]interface{}, string)
	// Index returns the objects sharing an indexed value with obj.
	Index(indexName string, obj interface{}) ([]interface{}, error)
	// IndexKeys returns the keys whose objects have indexedValue.
	IndexKeys(indexName, indexedValue string) ([]string, error)
	// Bookmark records rv as the latest resource version seen.
	Bookmark(rv string)
	// LastStoreSyncResourceVersion returns the latest resource version seen
	// through writes, Replace or Bookmark.
	LastStoreSyncResourceVersion() string
	// ListIndexFuncValues returns the indexed values present in an index.
	ListIndexFuncValues(name string) []string
	// ByIndex returns the objects whose indexed values include indexedValue.
	ByIndex(indexName, indexedValue string) ([]interface{}, error)
	// GetIndexers returns the index functions; do not modify the map.
	GetIndexers() Indexers

	// AddIndexers installs more index functions, indexing stored objects
	// immediately.
	AddIndexers(newIndexers Indexers) error
	// Resync does nothing.
	//
	// Deprecated: it has no effect.
	Resync() error
}

// ThreadSafeStoreWithTransaction is a ThreadSafeStore that can apply several
// writes under one lock acquisition.
type ThreadSafeStoreWithTransaction interface {
	ThreadSafeStore
	// Transaction applies fns in order, atomically with respect to readers.
	Transaction(fns ...ThreadSafeStoreTransaction)
}

// ThreadSafeStoreTransaction is one write of a ThreadSafeStore transaction:
// Transaction says what to do with which object and Key where.
type ThreadSafeStoreTransaction struct {
	Transaction
	Key string
}

// ThreadSafeStoreOption configures NewThreadSafeStore.
type ThreadSafeStoreOption = func(*threadSafeMap)

// WithThreadSafeStoreMetrics publishes the store's resource version through
// metricsProvider under identifier, if identifier is reserved.
func WithThreadSafeStoreMetrics(identifier InformerNameAndResource, metricsProvider InformerMetricsProvider) ThreadSafeStoreOption {
	return func(m *threadSafeMap) {
		if metricsProvider == nil || !identifier.Reserved() {
			return
		}
		m.rvMetric = metricsProvider.NewStoreResourceVersionMetric(identifier)
		m.rvMetricID = identifier
	}
}

// NewThreadSafeStore returns an empty ThreadSafeStore with the given index
// functions. indices may pre-populate index contents and is normally nil.
func NewThreadSafeStore(indexers Indexers, indices Indices, opts ...ThreadSafeStoreOption) ThreadSafeStore {
	m := &threadSafeMap{
		items:   map[string]interface{}{},
		indexes: newIndexSet(indexers, indices),
	}
	for _, opt := range opts {
		opt(m)
	}
	return m
}

// threadSafeMap implements ThreadSafeStoreWithTransaction with a map, an
// index set and a read/write lock.
type threadSafeMap struct {
	lock    sync.RWMutex
	items   map[string]interface{}
	indexes *indexSet
	rv      string

	rvMetric   GaugeMetric
	rvMetricID InformerNameAndResource
}

var _ ThreadSafeStoreWithTransaction = &threadSafeMap{}

func (m *threadSafeMap) Add(key string, obj interface{}) { m.Update(key, obj) }

func (m *threadSafeMap) Update(key string, obj interface{}) {
	m.lock.Lock()
	m.put(key, obj)
	m.lock.Unlock()
}

func (m *threadSafeMap) put(key string, obj interface{}) {
	old := m.items[key]
	m.items[key] = obj
	m.indexes.update(old, obj, key)
	m.observe(obj)
}

func (m *threadSafeMap) Delete(key string) { m.DeleteWithObject(key, nil) }

func (m *threadSafeMap) DeleteWithObject(key string, obj interface{}) {
	m.lock.Lock()
	m.remove(key, obj)
	m.lock.Unlock()
}

func (m *threadSafeMap) remove(key string, obj interface{}) {
	if old, ok := m.items[key]; ok {
		m.indexes.update(old, nil, key)
		delete(m.items, key)
	}
	if obj != nil {
		m.observe(obj)
	}
}

// observe records the resource version of an object just written.
func (m *threadSafeMap) observe(obj interface{}) {
	if o, ok := obj.(metav1.Object); ok {
		if rv := o.GetResourceVersion(); rv != "" {
			m.setRV(rv)
		}
	}
}

func (m *threadSafeMap) setRV(rv string) {
	m.rv = rv
	if m.rvMetric != nil && m.rvMetricID.Reserved() {
		if f, err := strconv.ParseFloat(rv, 64); err == nil {
			m.rvMetric.Set(f)
		}
	}
}

func (m *threadSafeMap) Transaction(fns ...ThreadSafeStoreTransaction) {
	m.lock.Lock()
	defer m.lock.Unlock()
	for _, fn := range fns {
		switch fn.Type {
		case TransactionTypeAdd, TransactionTypeUpdate:
			m.put(fn.Key, fn.Object)
		case TransactionTypeDelete:
			m.remove(fn.Key, fn.Object)
		}
	}
}

func (m *threadSafeMap) Get(key string) (interface{}, bool) {
	m.lock.RLock()
	obj, ok := m.items[key]
	m.lock.RUnlock()
	return obj, ok
}

func (m *threadSafeMap) List() []interface{} {
	m.lock.RLock()
	defer m.lock.RUnlock()
	list := make([]interface{}, 0, len(m.items))
	for _, obj := range m.items {
		list = append(list, obj)
	}
	return list
}

func (m *threadSafeMap) ListKeys() []string {
	m.lock.RLock()
	defer m.lock.RUnlock()
	keys := make([]string, 0, len(m.items))
	for key := range m.items {
		keys = append(keys, key)
	}
	return keys
}

func (m *threadSafeMap) Replace(items map[string]interface{}, resourceVersion string) {
	if items == nil {
		items = map[string]interface{}{}
	}
	m.lock.Lock()
	defer m.lock.Unlock()
	m.items = items
	m.indexes.reset(items)
	m.setRV(resourceVersion)
}

// swap is Replace returning the previous content.
func (m *threadSafeMap) swap(items map[string]interface{}, resourceVersion string) map[string]interface{} {
	m.lock.Lock()
	defer m.lock.Unlock()
	old := m.items
	m.items = items
	m.indexes.reset(items)
	m.setRV(resourceVersion)
	return old
}

func (m *threadSafeMap) Bookmark(rv string) {
	m.lock.Lock()
	m.setRV(rv)
	m.lock.Unlock()
}

func (m *threadSafeMap) LastStoreSyncResourceVersion() string {
	m.lock.RLock()
	defer m.lock.RUnlock()
	return m.rv
}

func (m *threadSafeMap) Index(indexName string, obj interface{}) ([]interface{}, error) {
	m.lock.RLock()
	defer m.lock.RUnlock()
	fn, ok := m.indexes.indexers[indexName]
	if !ok {
		return nil, indexMissing(indexName)
	}
	values, err := fn(obj)
	if err != nil {
		return nil, err
	}
	idx := m.indexes.indices[indexName]
	if len(values) == 1 {
		return m.objectsOf(idx[values[0]]), nil
	}
	keys := sets.Set[string]{}
	for _, v := range values {
		for key := range idx[v] {
			keys[key] = struct{}{}
		}
	}
	return m.objectsOf(keys), nil
}

func (m *threadSafeMap) objectsOf(keys sets.Set[string]) []interface{} {
	list := make([]interface{}, 0, len(keys))
	for key := range keys {
		list = append(list, m.items[key])
	}
	return list
}

func (m *threadSafeMap) ByIndex(indexName, indexedValue string) ([]interface{}, error) {
	m.lock.RLock()
	defer m.lock.RUnlock()
	keys, err := m.indexes.keysFor(indexName, indexedValue)
	if err != nil {
		return nil, err
	}
	return m.objectsOf(keys), nil
}

func (m *threadSafeMap) IndexKeys(indexName, indexedValue string) ([]string, error) {
	m.lock.RLock()
	defer m.lock.RUnlock()
	keys, err := m.indexes.keysFor(indexName, indexedValue)
	if err != nil {
		return nil, err
	}
	return sets.List(keys), nil
}

func (m *threadSafeMap) ListIndexFuncValues(indexName string) []string {
	m.lock.RLock()
	defer m.lock.RUnlock()
	idx := m.indexes.indices[indexName]
	values := make([]string, 0, len(idx))
	for v, keys := range idx {
		if len(keys) > 0 {
			values = append(values, v)
		}
	}
	return values
}

func (m *threadSafeMap) GetIndexers() Indexers {
	m.lock.RLock()
	defer m.lock.RUnlock()
	return m.indexes.indexers
}

func (m *threadSafeMap) AddIndexers(newIndexers Indexers) error {
	m.lock.Lock()
	defer m.lock.Unlock()
	// Copy on write: GetIndexers callers may be iterating the old map.
	indexers := make(Indexers, len(m.indexes.indexers)+len(newIndexers))
	for k, v := range m.indexes.indexers {
		indexers[k] = v
	}
	old := m.indexes.indexers
	m.indexes.indexers = indexers
	if err := m.indexes.add(newIndexers, m.items); err != nil {
		m.indexes.indexers = old
		m.indexes.rebuildList()
		return err
	}
	return nil
}

func (m *threadSafeMap) Resync() error { return nil }

func indexMissing(name string) error {
	return &indexError{name: name}
}

type indexError struct{ name string }

func (e *indexError) Error() string { return "index with name " + e.name + " does not exist" }

func logIndexError(name, key string, err error) {
	klog.Background().Error(err, "Index function failed; the object is left out of that index", "index", name, "key", key)
}
