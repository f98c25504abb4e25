package cache

import "sync"

// FIFO is a Queue that keeps only the newest object per key and queues each
// key once. Several changes to an object while it waits are processed once,
// with the newest version; a deleted object is dropped from the queue; and
// Resync has nothing to do. Use it when every object must be processed
// (exactly) once in its latest state and deletions do not matter; use
// DeltaFIFO when every change or deletions matter.
//
// FIFO is safe for concurrent use.
type FIFO struct {
	lock sync.Mutex
	cond sync.Cond

	items map[string]interface{}
	queue keyQueue

	populated              bool
	initialPopulationCount int
	synced                 *doneSignal

	keyFunc KeyFunc
	closed  bool
}

var _ Queue = &FIFO{}

// NewFIFO returns an empty FIFO keyed by keyFunc (MetaNamespaceKeyFunc if
// nil).
func NewFIFO(keyFunc KeyFunc) *FIFO {
	if keyFunc == nil {
		keyFunc = MetaNamespaceKeyFunc
	}
	f := &FIFO{keyFunc: keyFunc, synced: newDoneSignal("FIFO"), items: map[string]interface{}{}}
	f.cond.L = &f.lock
	return f
}

// Name returns "FIFO".
func (f *FIFO) Name() string { return f.synced.name }

// Done returns a channel closed once HasSynced is true.
func (f *FIFO) Done() <-chan struct{} { return f.synced.Done() }

// HasSyncedChecker returns a DoneChecker completing when HasSynced becomes
// true.
func (f *FIFO) HasSyncedChecker() DoneChecker { return f.synced }

// HasSynced reports whether an Add, Update or Delete came first, or every
// item of the first Replace has been popped.
func (f *FIFO) HasSynced() bool {
	return underLock(&f.lock, func() bool { return f.populated && f.initialPopulationCount == 0 })
}

func (f *FIFO) markPopulatedLocked() {
	if !f.populated {
		f.populated = true
		if f.initialPopulationCount == 0 {
			f.synced.markDone()
		}
	}
}

func (f *FIFO) keyOf(obj interface{}) (string, error) {
	key, err := f.keyFunc(obj)
	if err != nil {
		return "", KeyError{Obj: obj, Err: err}
	}
	return key, nil
}

// Add stores obj as the newest version of its key, queuing the key unless
// it is queued already.
func (f *FIFO) Add(obj interface{}) error {
	key, err := f.keyOf(obj)
	if err != nil {
		return err
	}
	f.lock.Lock()
	defer f.lock.Unlock()
	f.markPopulatedLocked()
	if _, queued := f.items[key]; !queued {
		f.queue.push(key)
	}
	f.items[key] = obj
	f.cond.Broadcast()
	return nil
}

// Update is Add.
func (f *FIFO) Update(obj interface{}) error { return f.Add(obj) }

// Delete drops obj's key from the queue, if queued.
func (f *FIFO) Delete(obj interface{}) error {
	key, err := f.keyOf(obj)
	if err != nil {
		return err
	}
	f.lock.Lock()
	defer f.lock.Unlock()
	f.markPopulatedLocked()
	delete(f.items, key) // the key stays in f.queue; Pop skips it
	return nil
}

// Pop blocks until an object is queued (or the queue is closed and empty:
// ErrFIFOClosed), removes it and calls process with it under the queue's
// lock. Objects come out in the order their keys were queued.
func (f *FIFO) Pop(process PopProcessFunc) (interface{}, error) {
	f.lock.Lock()
	defer f.lock.Unlock()
	for {
		for f.queue.len() == 0 {
			if f.closed {
				return nil, ErrFIFOClosed
			}
			f.cond.Wait()
		}
		isInInitialList := !(f.populated && f.initialPopulationCount == 0)
		key := f.queue.pop()
		countDone := func() {
			if f.initialPopulationCount > 0 {
				f.initialPopulationCount--
				if f.initialPopulationCount == 0 {
					f.synced.markDone()
				}
			}
		}
		item, ok := f.items[key]
		if !ok {
			countDone()
			continue // deleted while queued
		}
		delete(f.items, key)
		err := process(item, isInInitialList)
		countDone()
		return item, err
	}
}

// Replace makes list the whole content of the queue, in list order.
func (f *FIFO) Replace(list []interface{}, resourceVersion string) error {
	items := make(map[string]interface{}, len(list))
	var queue keyQueue
	for _, obj := range list {
		key, err := f.keyOf(obj)
		if err != nil {
			return err
		}
		if _, dup := items[key]; !dup {
			queue.push(key)
		}
		items[key] = obj
	}
	f.lock.Lock()
	defer f.lock.Unlock()
	f.items, f.queue = items, queue
	if !f.populated {
		// The first Replace defines the initial population.
		f.initialPopulationCount = queue.len()
		f.markPopulatedLocked()
	}
	f.cond.Broadcast()
	return nil
}

// Resync queues every stored key that is not queued. FIFO keeps that true
// on every write, so this normally does nothing.
func (f *FIFO) Resync() error {
	f.lock.Lock()
	defer f.lock.Unlock()
	queued := make(map[string]struct{}, f.queue.len())
	for i := 0; i < f.queue.len(); i++ {
		queued[f.queue.peek(i)] = struct{}{}
	}
	for key := range f.items {
		if _, ok := queued[key]; !ok {
			f.queue.push(key)
		}
	}
	if f.queue.len() > 0 {
		f.cond.Broadcast()
	}
	return nil
}

// Close marks the queue closed: a Pop that finds it empty returns
// ErrFIFOClosed.
func (f *FIFO) Close() { shutQueue(&f.lock, &f.closed, &f.cond) }

// IsClosed reports whether Close was called.
func (f *FIFO) IsClosed() bool {
	return underLock(&f.lock, func() bool { return f.closed })
}
