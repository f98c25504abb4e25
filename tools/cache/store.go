package cache

import (
	"fmt"
	"strings"
)

// Store maps string keys to accumulators and knows how to compute the key of
// an object, so most operations take just the object. In the simplest
// implementations (NewStore, NewIndexer) an accumulator is the last object
// written, and nothing after Delete; queues such as DeltaFIFO accumulate
// more.
//
// Implementations in this package are safe for concurrent use. Objects
// returned by Get, GetByKey and List are shared: callers must not modify
// them.
type Store interface {
	// Add adds obj to the accumulator of its key.
	Add(obj interface{}) error
	// Update updates the accumulator of obj's key with obj.
	Update(obj interface{}) error
	// Delete removes obj from the accumulator of its key.
	Delete(obj interface{}) error
	// List returns the content of every non-empty accumulator.
	List() []interface{}
	// ListKeys returns the keys of every non-empty accumulator.
	ListKeys() []string
	// LastStoreSyncResourceVersion reports the newest resource version that
	// reached the store, whether through a written object, Replace or
	// Bookmark.
	LastStoreSyncResourceVersion() string
	// Bookmark records rv as the latest resource version seen.
	Bookmark(rv string)
	// Get returns the accumulator of obj's key.
	Get(obj interface{}) (item interface{}, exists bool, err error)
	// GetByKey returns the accumulator of key.
	GetByKey(key string) (item interface{}, exists bool, err error)
	// Replace swaps the whole content for list, recording resourceVersion.
	// The store takes ownership of list; callers must not use it afterwards.
	Replace([]interface{}, string) error
	// Resync has meaning only for implementations with extra behaviour
	// (e.g. DeltaFIFO); plain stores do nothing.
	Resync() error
}

// TransactionType says what a Transaction does.
type TransactionType string

// The transaction types.
const (
	TransactionTypeAdd    TransactionType = "Add"
	TransactionTypeUpdate TransactionType = "Update"
	TransactionTypeDelete TransactionType = "Delete"
)

// Transaction is one write in a batch: add, update or delete Object.
type Transaction struct {
	Object interface{}
	Type   TransactionType
}

// TransactionStore applies several writes under one lock acquisition, so
// that a writer makes progress even when readers contend for the lock.
type TransactionStore interface {
	// Transaction applies txns in order. It returns nil if all succeeded,
	// otherwise a TransactionError listing which did.
	Transaction(txns ...Transaction) *TransactionError
}

// TransactionError reports a partially applied batch: the indices (into the
// batch) of the writes that succeeded, the batch size, and the errors of the
// writes that failed.
type TransactionError struct {
	SuccessfulIndices []int
	TotalTransactions int
	Errors            []error
}

// Error summarises the failed writes.
func (t *TransactionError) Error() string {
	msgs := make([]string, 0, len(t.Errors))
	for _, err := range t.Errors {
		msgs = append(msgs, err.Error())
	}
	return fmt.Sprintf("%d of %d transactions failed: %s",
		t.TotalTransactions-len(t.SuccessfulIndices), t.TotalTransactions, strings.Join(msgs, "; "))
}

// StoreOption configures NewStore and NewIndexer.
type StoreOption = func(*cache)

// WithTransformer makes the store pass every object written through
// transformer before storing it. An object the transformer fails on is
// not stored and the write returns the error.
func WithTransformer(transformer TransformFunc) StoreOption {
	return func(c *cache) { c.transformer = transformer }
}

// WithStoreMetrics publishes the store's resource version through metrics
// under identifier, if identifier is reserved.
func WithStoreMetrics(identifier InformerNameAndResource, metrics InformerMetricsProvider) StoreOption {
	return func(c *cache) { c.storeOpts = append(c.storeOpts, WithThreadSafeStoreMetrics(identifier, metrics)) }
}

// cache is the Store and Indexer of this package: a ThreadSafeStore plus a
// KeyFunc.
type cache struct {
	storage     *threadSafeMap
	keyFunc     KeyFunc
	transformer TransformFunc
	storeOpts   []ThreadSafeStoreOption
}

var (
	_ Indexer          = &cache{}
	_ TransactionStore = &cache{}
)

// NewStore returns an empty Store backed by a map and a lock. It is safe for
// concurrent use.
func NewStore(keyFunc KeyFunc, opts ...StoreOption) Store {
	return newCache(keyFunc, Indexers{}, opts)
}

// NewIndexer returns an empty Indexer backed by a map and a lock, maintaining
// the given indices. It is safe for concurrent use.
func NewIndexer(keyFunc KeyFunc, indexers Indexers, opts ...StoreOption) Indexer {
	return newCache(keyFunc, indexers, opts)
}

func newCache(keyFunc KeyFunc, indexers Indexers, opts []StoreOption) *cache {
	if keyFunc == nil {
		keyFunc = MetaNamespaceKeyFunc
	}
	c := &cache{keyFunc: keyFunc}
	for _, opt := range opts {
		opt(c)
	}
	c.storage = NewThreadSafeStore(indexers, Indices{}, c.storeOpts...).(*threadSafeMap)
	return c
}

func (c *cache) keyOf(obj interface{}) (string, error) {
	key, err := c.keyFunc(obj)
	if err != nil {
		return "", KeyError{Obj: obj, Err: err}
	}
	return key, nil
}

func (c *cache) transform(obj interface{}) (interface{}, error) {
	if c.transformer == nil {
		return obj, nil
	}
	return c.transformer(obj)
}

// Add stores obj under its key.
func (c *cache) Add(obj interface{}) error {
	obj, err := c.transform(obj)
	if err != nil {
		return err
	}
	key, err := c.keyOf(obj)
	if err != nil {
		return err
	}
	c.storage.Update(key, obj)
	return nil
}

// Update stores obj under its key.
func (c *cache) Update(obj interface{}) error { return c.Add(obj) }

// Delete removes obj's key.
func (c *cache) Delete(obj interface{}) error {
	key, err := c.keyOf(obj)
	if err != nil {
		return err
	}
	c.storage.DeleteWithObject(key, obj)
	return nil
}

// Transaction applies txns under one lock acquisition.
func (c *cache) Transaction(txns ...Transaction) *TransactionError {
	batch := make([]ThreadSafeStoreTransaction, 0, len(txns))
	var successful []int
	var errs []error
	for i, txn := range txns {
		obj := txn.Object
		if txn.Type != TransactionTypeDelete {
			var err error
			if obj, err = c.transform(obj); err != nil {
				errs = append(errs, err)
				continue
			}
		}
		key, err := c.keyOf(obj)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		switch txn.Type {
		case TransactionTypeAdd, TransactionTypeUpdate, TransactionTypeDelete:
		default:
			errs = append(errs, fmt.Errorf("unknown transaction type %q", txn.Type))
			continue
		}
		batch = append(batch, ThreadSafeStoreTransaction{Transaction: Transaction{Object: obj, Type: txn.Type}, Key: key})
		successful = append(successful, i)
	}
	c.storage.Transaction(batch...)
	if len(errs) == 0 {
		return nil
	}
	return &TransactionError{SuccessfulIndices: successful, TotalTransactions: len(txns), Errors: errs}
}

// List returns every stored object.
func (c *cache) List() []interface{} { return c.storage.List() }

// ListKeys returns every storage key.
func (c *cache) ListKeys() []string { return c.storage.ListKeys() }

// GetIndexers returns the index functions.
func (c *cache) GetIndexers() Indexers { return c.storage.GetIndexers() }

// Index returns the objects sharing an indexed value with obj.
func (c *cache) Index(indexName string, obj interface{}) ([]interface{}, error) {
	return c.storage.Index(indexName, obj)
}

// IndexKeys returns the keys of objects having indexedValue.
func (c *cache) IndexKeys(indexName, indexedValue string) ([]string, error) {
	return c.storage.IndexKeys(indexName, indexedValue)
}

// ListIndexFuncValues returns the values present in an index.
func (c *cache) ListIndexFuncValues(indexName string) []string {
	return c.storage.ListIndexFuncValues(indexName)
}

// ByIndex returns the objects having indexedValue.
func (c *cache) ByIndex(indexName, indexedValue string) ([]interface{}, error) {
	return c.storage.ByIndex(indexName, indexedValue)
}

// AddIndexers installs more index functions.
func (c *cache) AddIndexers(newIndexers Indexers) error { return c.storage.AddIndexers(newIndexers) }

// Get returns the object stored under obj's key.
func (c *cache) Get(obj interface{}) (interface{}, bool, error) {
	key, err := c.keyOf(obj)
	if err != nil {
		return nil, false, err
	}
	return c.GetByKey(key)
}

// GetByKey returns the object stored under key.
func (c *cache) GetByKey(key string) (interface{}, bool, error) {
	item, exists := c.storage.Get(key)
	return item, exists, nil
}

// Replace swaps the content for list. If any object cannot be keyed or
// transformed, the store is left unchanged and the error returned.
func (c *cache) Replace(list []interface{}, resourceVersion string) error {
	items := make(map[string]interface{}, len(list))
	for _, obj := range list {
		obj, err := c.transform(obj)
		if err != nil {
			return err
		}
		key, err := c.keyOf(obj)
		if err != nil {
			return err
		}
		items[key] = obj
	}
	c.storage.Replace(items, resourceVersion)
	return nil
}

// Resync does nothing.
func (c *cache) Resync() error { return nil }

// Bookmark records rv.
func (c *cache) Bookmark(rv string) { c.storage.Bookmark(rv) }

// LastStoreSyncResourceVersion passes through to the underlying
// thread-safe store.
func (c *cache) LastStoreSyncResourceVersion() string {
	return c.storage.LastStoreSyncResourceVersion()
}
