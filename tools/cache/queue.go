package cache

import (
	"errors"
	"fmt"
	"k8s.io/apimachinery/pkg/runtime"
)

// ErrFIFOClosed is returned by Pop once the queue is closed.
var ErrFIFOClosed = errors.New("DeltaFIFO: manipulating with closed queue")

// ErrZeroLengthDeltasObject is wrapped in a KeyError when asked for the key
// of an empty Deltas.
var ErrZeroLengthDeltasObject = errors.New("0 length Deltas object; can't get key")

// ReflectorStore is what a Reflector writes to: the writing half of Store.
type ReflectorStore interface {
	// Add adds obj to the accumulator of its key.
	Add(obj interface{}) error
	// Update updates the accumulator of obj's key.
	Update(obj interface{}) error
	// Delete deletes obj from the accumulator of its key.
	Delete(obj interface{}) error
	// Replace swaps the content for the list, taking ownership of it.
	Replace([]interface{}, string) error
	// Resync has meaning only for some implementations (e.g. DeltaFIFO).
	Resync() error
}

// ReflectorBookmarkStore is optionally implemented by a ReflectorStore that
// wants to hear about bookmark events.
type ReflectorBookmarkStore interface {
	// Bookmark is called with the resource version of each bookmark.
	Bookmark(resourceVersion string) error
}

// ResourceVersionUpdater is optionally implemented by a ReflectorStore that
// wants to track the reflector's current resource version.
type ResourceVersionUpdater interface {
	// UpdateResourceVersion is called each time the reflector's resource
	// version changes.
	UpdateResourceVersion(resourceVersion string)
}

// TransformFunc rewrites an object before it is stored or queued, for
// example to drop fields the program never reads and save memory.
//
// It sees each object before anyone else, so it may modify it in place. It
// runs on the hot path of every event, so it must be fast, and it should be
// idempotent: it must be if objects already in the cache can be passed to
// Replace again.
type TransformFunc func(interface{}) (interface{}, error)

// TransformingStore is optionally implemented by a ReflectorStore that
// transforms objects; the Reflector then applies the same transform to the
// objects it keeps on its own.
type TransformingStore interface {
	ReflectorStore
	// Transformer returns the transform in use, or nil.
	Transformer() TransformFunc
}

// PopProcessFunc processes an item popped from a Queue. isInInitialList is
// true while the queue has not yet delivered all items of its first list.
type PopProcessFunc func(obj interface{}, isInInitialList bool) error

// ProcessFunc processes one popped item; see PopProcessFunc.
type ProcessFunc func(obj interface{}, isInInitialList bool) error

// ProcessBatchFunc processes several popped deltas at once. Each object
// appears at most once among the deltas. It returns a *TransactionError if
// only some were processed.
type ProcessBatchFunc func(deltas []Delta, isInInitialList bool) error

// Queue is a ReflectorStore whose writes are also queued for processing.
// A Queue is safe for concurrent use; it is meant for one consumer calling
// Pop. Once closed, Pop returns ErrFIFOClosed.
type Queue interface {
	ReflectorStore

	// Pop blocks until an item is available or the queue is closed, removes
	// the item and calls process with it, then returns it together with
	// process's error.
	Pop(PopProcessFunc) (interface{}, error)

	// HasSynced reports whether everything of the first Replace has been
	// popped, or whether an Add, Update or Delete came before any Replace.
	HasSynced() bool

	// HasSyncedChecker is HasSynced as a DoneChecker.
	HasSyncedChecker() DoneChecker

	// Close wakes and fails any Pop; the queue cannot be reopened.
	Close()
}

// QueueWithBatch is a Queue that can hand out several items at once.
type QueueWithBatch interface {
	Queue

	// PopBatch pops a batch of items with distinct keys and calls
	// processBatch with them, or pops a single item and calls
	// processSingle. Both must process the same way.
	PopBatch(processBatch ProcessBatchFunc, processSingle PopProcessFunc) error
}

// A KeyLister can list its keys.
type KeyLister interface {
	ListKeys() []string
}

// A KeyGetter can look up the value stored under a key.
type KeyGetter interface {
	// GetByKey looks key up; exists reports whether anything is stored
	// under it.
	GetByKey(key string) (value interface{}, exists bool, err error)
}

// KeyListerGetter combines KeyLister and KeyGetter.
type KeyListerGetter interface {
	KeyLister
	KeyGetter
}

// keyOfQueued computes the key of anything a queue holds: Deltas (the key of
// their newest object), tombstones (their key) and plain objects.
func keyOfQueued(keyFunc KeyFunc, obj interface{}) (string, error) {
	if d, ok := obj.(Deltas); ok {
		if len(d) == 0 {
			return "", KeyError{Obj: obj, Err: ErrZeroLengthDeltasObject}
		}
		obj = d.Newest().Object
	}
	if d, ok := obj.(DeletedFinalStateUnknown); ok {
		return d.Key, nil
	}
	key, err := keyFunc(obj)
	if err != nil {
		return "", KeyError{Obj: obj, Err: err}
	}
	return key, nil
}

// ring is a FIFO of values that reuses its backing array.
type ring[T any] struct {
	items []T
	head  int
}

func (q *ring[T]) len() int { return len(q.items) - q.head }

func (q *ring[T]) push(v T) { q.items = append(q.items, v) }

func (q *ring[T]) peek(i int) T { return q.items[q.head+i] }

func (q *ring[T]) pop() T {
	var zero T
	v := q.items[q.head]
	q.items[q.head] = zero
	q.head++
	if q.head == len(q.items) {
		q.items, q.head = q.items[:0], 0
	} else if q.head > shrinkThreshold && q.head*2 > len(q.items) {
		n := copy(q.items, q.items[q.head:])
		clear(q.items[n:])
		q.items, q.head = q.items[:n], 0
	}
	return v
}

func (q *ring[T]) reset() { q.items, q.head = nil, 0 }

type keyQueue = ring[string]

func errNotRuntimeObject(obj interface{}) error {
	return fmt.Errorf("stored object of type %T is not a runtime.Object", obj)
}

// shrinkThreshold is the queue size above which a drained queue drops its
// storage so that memory taken by a large list is returned.
const shrinkThreshold = 1024

// runtimeObject is runtime.Object, named locally to keep imports short.
type runtimeObject = runtime.Object
