package cache

import (
	"container/heap"
	"errors"
	"sync"
)

// LessFunc orders two objects in a Heap: true if the first comes first.
type LessFunc func(interface{}, interface{}) bool

// errHeapClosed is returned by Pop once the heap is closed.
var errHeapClosed = errors.New("heap is closed")

// Heap is a producer/consumer priority queue keyed like a Store: each key
// holds one object, and Pop returns the object that comes first under the
// LessFunc. It is safe for concurrent use.
type Heap struct {
	lock   sync.RWMutex
	cond   sync.Cond
	data   heapData
	closed bool
}

// heapData implements container/heap.Interface over keyed items.
type heapData struct {
	items    map[string]*heapItem
	queue    []*heapItem
	keyFunc  KeyFunc
	lessFunc LessFunc
}

type heapItem struct {
	obj   interface{}
	key   string
	index int
}

func (h *heapData) Len() int           { return len(h.queue) }
func (h *heapData) Less(i, j int) bool { return h.lessFunc(h.queue[i].obj, h.queue[j].obj) }
func (h *heapData) Swap(i, j int) {
	h.queue[i], h.queue[j] = h.queue[j], h.queue[i]
	h.queue[i].index, h.queue[j].index = i, j
}
func (h *heapData) Push(x interface{}) {
	it := x.(*heapItem)
	it.index = len(h.queue)
	h.queue = append(h.queue, it)
	h.items[it.key] = it
}
func (h *heapData) Pop() interface{} {
	n := len(h.queue) - 1
	it := h.queue[n]
	h.queue[n] = nil
	h.queue = h.queue[:n]
	delete(h.items, it.key)
	return it
}

// NewHeap returns an empty Heap keyed by keyFn and ordered by lessFn.
func NewHeap(keyFn KeyFunc, lessFn LessFunc) *Heap {
	h := &Heap{data: heapData{items: map[string]*heapItem{}, keyFunc: keyFn, lessFunc: lessFn}}
	h.cond.L = &h.lock
	return h
}

func (h *Heap) keyOf(obj interface{}) (string, error) {
	key, err := h.data.keyFunc(obj)
	if err != nil {
		return "", KeyError{Obj: obj, Err: err}
	}
	return key, nil
}

// Add stores obj, replacing (and re-ordering) any object with its key.
func (h *Heap) Add(obj interface{}) error {
	key, err := h.keyOf(obj)
	if err != nil {
		return err
	}
	h.lock.Lock()
	defer h.lock.Unlock()
	if h.closed {
		return errHeapClosed
	}
	h.putLocked(key, obj)
	h.cond.Broadcast()
	return nil
}

func (h *Heap) putLocked(key string, obj interface{}) {
	if it, ok := h.data.items[key]; ok {
		it.obj = obj
		heap.Fix(&h.data, it.index)
		return
	}
	heap.Push(&h.data, &heapItem{obj: obj, key: key})
}

// BulkAdd adds all of list before waking consumers, so that they see the
// whole batch in order.
func (h *Heap) BulkAdd(list []interface{}) error {
	h.lock.Lock()
	defer h.lock.Unlock()
	if h.closed {
		return errHeapClosed
	}
	for _, obj := range list {
		key, err := h.keyOf(obj)
		if err != nil {
			return err
		}
		h.putLocked(key, obj)
	}
	h.cond.Broadcast()
	return nil
}

// AddIfNotPresent adds obj unless its key is present. A consumer can use it
// to retry an item without overwriting a newer one a producer added.
func (h *Heap) AddIfNotPresent(obj interface{}) error {
	key, err := h.keyOf(obj)
	if err != nil {
		return err
	}
	h.lock.Lock()
	defer h.lock.Unlock()
	if h.closed {
		return errHeapClosed
	}
	if _, ok := h.data.items[key]; !ok {
		heap.Push(&h.data, &heapItem{obj: obj, key: key})
		h.cond.Broadcast()
	}
	return nil
}

// Update is Add.
func (h *Heap) Update(obj interface{}) error { return h.Add(obj) }

// Delete removes obj's key; an error if it is not present.
func (h *Heap) Delete(obj interface{}) error {
	key, err := h.keyOf(obj)
	if err != nil {
		return err
	}
	h.lock.Lock()
	defer h.lock.Unlock()
	it, ok := h.data.items[key]
	if !ok {
		return errors.New("object not found")
	}
	heap.Remove(&h.data, it.index)
	return nil
}

// Pop blocks until the heap holds an object and returns the first one, or
// returns an error once the heap is closed.
func (h *Heap) Pop() (interface{}, error) {
	h.lock.Lock()
	defer h.lock.Unlock()
	for !h.closed && len(h.data.queue) == 0 {
		h.cond.Wait()
	}
	// Leftover items are still handed out after Close; only an empty,
	// closed heap fails.
	if len(h.data.queue) == 0 {
		return nil, errHeapClosed
	}
	return heap.Pop(&h.data).(*heapItem).obj, nil
}

// List returns all objects in no particular order.
func (h *Heap) List() []interface{} {
	h.lock.RLock()
	defer h.lock.RUnlock()
	list := make([]interface{}, 0, len(h.data.items))
	for _, it := range h.data.items {
		list = append(list, it.obj)
	}
	return list
}

// ListKeys returns all keys in no particular order.
func (h *Heap) ListKeys() []string {
	h.lock.RLock()
	defer h.lock.RUnlock()
	keys := make([]string, 0, len(h.data.items))
	for key := range h.data.items {
		keys = append(keys, key)
	}
	return keys
}

// Get returns the object under obj's key.
func (h *Heap) Get(obj interface{}) (interface{}, bool, error) {
	key, err := h.keyOf(obj)
	if err != nil {
		return nil, false, err
	}
	return h.GetByKey(key)
}

// GetByKey returns the object under key.
func (h *Heap) GetByKey(key string) (interface{}, bool, error) {
	h.lock.RLock()
	defer h.lock.RUnlock()
	it, ok := h.data.items[key]
	if !ok {
		return nil, false, nil
	}
	return it.obj, true, nil
}

// Close wakes blocked Pops, which then fail, and refuses further adds.
func (h *Heap) Close() { shutQueue(&h.lock, &h.closed, &h.cond) }

// IsClosed reports whether Close was called.
func (h *Heap) IsClosed() bool {
	h.lock.RLock()
	defer h.lock.RUnlock()
	return h.closed
}
