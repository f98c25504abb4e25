package cache

import (
	"fmt"
	"reflect"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/sets"
)

// Indexer is a Store that additionally maintains any number of named
// secondary indices. Each accumulator holds just the current object and is
// empty after Delete.
//
// The API deals in three distinct string spaces: storage keys (see Store), index names
// (keys of Indexers), and indexed values (what an IndexFunc computes from an
// object, e.g. its namespace).
//
// All methods are safe for concurrent use. Objects returned are shared cache
// objects: callers must not modify them.
type Indexer interface {
	Store
	// Index returns the stored objects that share at least one indexed
	// value with obj in the named index.
	Index(indexName string, obj interface{}) ([]interface{}, error)
	// IndexKeys lists the keys of every object that indexName maps to
	// indexedValue; an unknown index name is an error.
	IndexKeys(indexName, indexedValue string) ([]string, error)
	// ListIndexFuncValues returns every indexed value that at least one
	// stored object has in the named index.
	ListIndexFuncValues(indexName string) []string
	// ByIndex returns the stored objects whose indexed values in the named
	// index include indexedValue.
	ByIndex(indexName, indexedValue string) ([]interface{}, error)
	// GetIndexers returns the index functions in use. The returned map must
	// not be modified.
	GetIndexers() Indexers
	// AddIndexers installs more index functions. Objects already stored are
	// indexed immediately. Reusing an existing index name is an error.
	AddIndexers(newIndexers Indexers) error
}

// IndexFunc computes the indexed values of an object. It must be
// deterministic and must not modify obj.
type IndexFunc func(obj interface{}) ([]string, error)

// Indexers maps index names to the functions that compute them.
type Indexers map[string]IndexFunc

// index maps an indexed value to the set of storage keys having it.
type index map[string]sets.Set[string]

// Indices maps index names to their contents.
type Indices map[string]index

// NamespaceIndex is the name conventionally used for the MetaNamespaceIndexFunc
// index, which ListAllByNamespace and namespace listers use.
const NamespaceIndex string = "namespace"

// MetaNamespaceIndexFunc indexes objects by namespace. Cluster-scoped objects
// are indexed under the empty string.
func MetaNamespaceIndexFunc(obj interface{}) ([]string, error) {
	if o, ok := obj.(metav1.Object); ok {
		return []string{o.GetNamespace()}, nil
	}
	m, err := meta.Accessor(obj)
	if err != nil {
		return []string{""}, fmt.Errorf("object has no meta: %v", err)
	}
	return []string{m.GetNamespace()}, nil
}

// TypedIndexFunc is an IndexFunc for objects of type T.
type TypedIndexFunc[T any] func(obj T) ([]string, error)

// TypedIndexers maps index names to typed index functions.
type TypedIndexers[T any] map[string]TypedIndexFunc[T]

// TypedIndexerFuncToIndexerFunc adapts a typed index function to an
// IndexFunc. Objects that are not a T produce an error instead of a panic.
func TypedIndexerFuncToIndexerFunc[T any](indexer TypedIndexFunc[T]) IndexFunc {
	return func(obj interface{}) ([]string, error) {
		t, ok := obj.(T)
		if !ok {
			var want T
			return nil, fmt.Errorf("index function expects %T, got %T", want, obj)
		}
		return indexer(t)
	}
}

// TypedIndexersToIndexers adapts a set of typed index functions, see
// TypedIndexerFuncToIndexerFunc.
func TypedIndexersToIndexers[T any](indexers TypedIndexers[T]) Indexers {
	out := make(Indexers, len(indexers))
	for name, fn := range indexers {
		out[name] = TypedIndexerFuncToIndexerFunc(fn)
	}
	return out
}

// TypedIndexer is an Indexer with type-safe accessors for objects of type T.
type TypedIndexer[T any] interface {
	Indexer

	// TypedIndex is Index for a T; stored objects that are not a T are
	// skipped.
	TypedIndex(indexName string, obj T) ([]T, error)
	// ByTypedIndex is ByIndex returning Ts; stored objects that are not a T
	// are skipped.
	ByTypedIndex(indexName, indexedValue string) ([]T, error)
	// AddTypedIndexers is AddIndexers for typed index functions.
	AddTypedIndexers(newIndexers TypedIndexers[T]) error
}

type typedIndexer[T any] struct {
	Indexer
}

func (t typedIndexer[T]) TypedIndex(indexName string, obj T) ([]T, error) {
	objs, err := t.Index(indexName, obj)
	return asTyped[T](objs), err
}

func (t typedIndexer[T]) ByTypedIndex(indexName, indexedValue string) ([]T, error) {
	objs, err := t.ByIndex(indexName, indexedValue)
	return asTyped[T](objs), err
}

func (t typedIndexer[T]) AddTypedIndexers(newIndexers TypedIndexers[T]) error {
	return t.AddIndexers(TypedIndexersToIndexers(newIndexers))
}

func asTyped[T any](objs []interface{}) []T {
	if objs == nil {
		return nil
	}
	out := make([]T, 0, len(objs))
	for _, o := range objs {
		if t, ok := o.(T); ok {
			out = append(out, t)
		}
	}
	return out
}

// indexSet holds the index functions and their contents of one store. It is
// not synchronized; threadSafeMap guards it.
type indexSet struct {
	indexers Indexers
	indices  Indices
	// list is indexers as a slice, for fast iteration on every write.
	list []indexEntry
}

type indexEntry struct {
	name        string
	fn          IndexFunc
	byNamespace bool // fn is MetaNamespaceIndexFunc
}

func (s *indexSet) rebuildList() {
	s.list = s.list[:0]
	for name, fn := range s.indexers {
		s.list = append(s.list, indexEntry{name: name, fn: fn, byNamespace: isNamespaceIndexFunc(fn)})
	}
}

// metaNamespaceIndexFuncPtr identifies MetaNamespaceIndexFunc, whose values
// indexSet computes without allocating.
var metaNamespaceIndexFuncPtr = reflect.ValueOf(MetaNamespaceIndexFunc).Pointer()

func isNamespaceIndexFunc(fn IndexFunc) bool {
	return fn != nil && reflect.ValueOf(fn).Pointer() == metaNamespaceIndexFuncPtr
}

func newIndexSet(indexers Indexers, indices Indices) *indexSet {
	s := &indexSet{indexers: Indexers{}, indices: Indices{}}
	for name, fn := range indexers {
		s.indexers[name] = fn
	}
	for name, idx := range indices {
		s.indices[name] = idx
	}
	s.rebuildList()
	return s
}

// values computes the indexed values of obj, logging instead of failing: a
// broken index function must not take the cache down.
func (s *indexSet) values(name string, fn IndexFunc, key string, obj interface{}) []string {
	if obj == nil {
		return nil
	}
	v, err := fn(obj)
	if err != nil {
		logIndexError(name, key, err)
		return nil
	}
	return v
}

// update moves key from the indexed values of oldObj to those of newObj in
// every index. Either object may be nil.
func (s *indexSet) update(oldObj, newObj interface{}, key string) {
	for _, e := range s.list {
		s.updateOne(e.name, e.fn, e.byNamespace, oldObj, newObj, key)
	}
}

// namespaceOf returns the namespace of obj for the namespace index fast
// path; ok is false if obj is nil or has no metadata.
func namespaceOf(obj interface{}) (ns string, ok bool) {
	if o, isMeta := obj.(metav1.Object); isMeta && !isNilObject(o) {
		return o.GetNamespace(), true
	}
	return "", false
}

func (s *indexSet) updateOne(name string, fn IndexFunc, byNamespace bool, oldObj, newObj interface{}, key string) {
	if byNamespace {
		oldNS, hadOld := namespaceOf(oldObj)
		newNS, hasNew := namespaceOf(newObj)
		if (oldObj == nil || hadOld) && (newObj == nil || hasNew) {
			s.move(name, oldNS, hadOld, newNS, hasNew, key)
			return
		}
	}
	oldVals := s.values(name, fn, key, oldObj)
	newVals := s.values(name, fn, key, newObj)
	if len(oldVals) == 1 && len(newVals) == 1 && oldVals[0] == newVals[0] {
		return // the common case: nothing moved
	}
	idx := s.indices[name]
	if idx == nil {
		idx = index{}
		s.indices[name] = idx
	}
	for _, v := range oldVals {
		if contains(newVals, v) {
			continue
		}
		if set := idx[v]; set != nil {
			delete(set, key)
			if len(set) == 0 {
				delete(idx, v) // do not leak empty sets for values that went away
			}
		}
	}
	for _, v := range newVals {
		set := idx[v]
		if set == nil {
			set = sets.Set[string]{}
			idx[v] = set
		}
		set[key] = struct{}{}
	}
}

// move is updateOne for indices with at most one value per object.
func (s *indexSet) move(name, oldVal string, hadOld bool, newVal string, hasNew bool, key string) {
	if hadOld && hasNew && oldVal == newVal {
		return
	}
	idx := s.indices[name]
	if idx == nil {
		idx = index{}
		s.indices[name] = idx
	}
	if hadOld {
		if set := idx[oldVal]; set != nil {
			delete(set, key)
			if len(set) == 0 {
				delete(idx, oldVal)
			}
		}
	}
	if hasNew {
		set := idx[newVal]
		if set == nil {
			set = sets.Set[string]{}
			idx[newVal] = set
		}
		set[key] = struct{}{}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// add installs new index functions and indexes items with them.
func (s *indexSet) add(newIndexers Indexers, items map[string]interface{}) error {
	for name := range newIndexers {
		if _, ok := s.indexers[name]; ok {
			return fmt.Errorf("indexer conflict: index %q already exists", name)
		}
	}
	for name, fn := range newIndexers {
		s.indexers[name] = fn
		byNamespace := isNamespaceIndexFunc(fn)
		for key, obj := range items {
			s.updateOne(name, fn, byNamespace, nil, obj, key)
		}
	}
	s.rebuildList()
	return nil
}

// reset rebuilds every index for items.
func (s *indexSet) reset(items map[string]interface{}) {
	s.indices = make(Indices, len(s.indexers))
	for _, e := range s.list {
		if e.byNamespace {
			s.indices[e.name] = namespaceIndexFor(items)
			continue
		}
		for key, obj := range items {
			s.updateOne(e.name, e.fn, false, nil, obj, key)
		}
	}
}

// namespaceIndexFor builds a namespace index with presized sets, sparing
// the rehashing that growing them one key at a time costs on large lists.
func namespaceIndexFor(items map[string]interface{}) index {
	counts := map[string]int{}
	for _, obj := range items {
		if ns, ok := namespaceOf(obj); ok {
			counts[ns]++
		}
	}
	idx := make(index, len(counts))
	for ns, n := range counts {
		idx[ns] = make(sets.Set[string], n)
	}
	for key, obj := range items {
		if ns, ok := namespaceOf(obj); ok {
			idx[ns][key] = struct{}{}
		}
	}
	return idx
}

func (s *indexSet) keysFor(name, value string) (sets.Set[string], error) {
	if _, ok := s.indexers[name]; !ok {
		return nil, indexMissing(name)
	}
	return s.indices[name][value], nil
}
