package cache

import (
	"sync"

	"k8s.io/klog/v2"
)

// DeltaFIFO is a producer/consumer queue of per-object change histories.
// A Reflector produces; whatever calls Pop consumes.
//
// For every key it accumulates the Deltas that happened to the object since
// it was last popped, and queues the key once, in order of first change.
// Consecutive deletions collapse into one (a tombstone is replaced by a
// real deletion, never the other way round). Pop hands out the complete
// history, so a consumer sees every change of an object at most once and in
// order, and learns about deletions.
//
// Besides Add, Update and Delete, two operations synthesise deltas:
// Replace (a relist) queues every listed object as Replaced (or Sync for
// compatibility, see DeltaFIFOOptions.EmitDeltaTypeReplaced) and a
// DeletedFinalStateUnknown tombstone for every previously known object that
// is missing; Resync queues a Sync for every known object not already
// queued. "Known" objects are those queued plus those in
// DeltaFIFOOptions.KnownObjects, normally the consumer's Indexer.
//
// DeltaFIFO is safe for concurrent use. Pop calls its process function with
// the queue locked, so the consumer can update KnownObjects consistently;
// popping from several goroutines may let them process different versions of
// one object at the same time.
type DeltaFIFO struct {
	lock sync.Mutex
	cond sync.Cond

	items map[string]Deltas
	queue keyQueue

	// populated is set by the first write of any kind; initialPopulationCount
	// counts the keys of the first Replace not yet popped.
	populated              bool
	initialPopulationCount int
	synced                 *doneSignal
	peak                   int // most keys queued at once since the last shrink

	keyFunc               KeyFunc
	knownObjects          KeyListerGetter
	emitDeltaTypeReplaced bool
	transformer           TransformFunc
	closed                bool
	name                  string
	logger                klog.Logger
}

var _ Queue = &DeltaFIFO{}

// DeltaFIFOOptions configures NewDeltaFIFOWithOptions. Every field is
// optional.
type DeltaFIFOOptions struct {
	// Logger receives log output instead of klog.Background(); the queue's
	// name is added.
	Logger *klog.Logger

	// Name overrides the default name "DeltaFIFO".
	Name string

	// KeyFunction computes keys; the default is MetaNamespaceKeyFunc.
	KeyFunction KeyFunc

	// KnownObjects lists the keys (and objects) the consumer knows about.
	// Replace uses it to find deleted objects and Resync to find what to
	// resync; without it Replace only sees queued objects and Resync does
	// nothing.
	KnownObjects KeyListerGetter

	// EmitDeltaTypeReplaced makes Replace queue Replaced deltas. Without it
	// Replace queues Sync deltas, as it did before Replaced existed.
	EmitDeltaTypeReplaced bool

	// Transformer, if set, is applied to every object before it is queued.
	Transformer TransformFunc
}

// NewDeltaFIFO returns a DeltaFIFO that emits Sync for relisted objects.
//
// Deprecated: call NewDeltaFIFOWithOptions, setting KeyFunction and
// KnownObjects from these two arguments, for the same result.
func NewDeltaFIFO(keyFunc KeyFunc, knownObjects KeyListerGetter) *DeltaFIFO {
	return NewDeltaFIFOWithOptions(DeltaFIFOOptions{KeyFunction: keyFunc, KnownObjects: knownObjects})
}

// NewDeltaFIFOWithOptions returns an empty DeltaFIFO configured by opts.
func NewDeltaFIFOWithOptions(opts DeltaFIFOOptions) *DeltaFIFO {
	if opts.KeyFunction == nil {
		opts.KeyFunction = MetaNamespaceKeyFunc
	}
	if opts.Name == "" {
		opts.Name = "DeltaFIFO"
	}
	logger := klog.Background()
	if opts.Logger != nil {
		logger = *opts.Logger
	}
	f := &DeltaFIFO{
		name:                  opts.Name,
		synced:                newDoneSignal(opts.Name),
		logger:                klog.LoggerWithName(logger, opts.Name),
		keyFunc:               opts.KeyFunction,
		transformer:           opts.Transformer,
		knownObjects:          opts.KnownObjects,
		items:                 map[string]Deltas{},
		emitDeltaTypeReplaced: opts.EmitDeltaTypeReplaced,
	}
	f.cond.L = &f.lock
	return f
}

// Name is DeltaFIFOOptions.Name, or "DeltaFIFO" when that was empty. It
// labels the queue's log output.
func (f *DeltaFIFO) Name() string { return f.name }

// Done returns a channel closed once HasSynced is true.
func (f *DeltaFIFO) Done() <-chan struct{} { return f.synced.Done() }

// HasSyncedChecker returns a DoneChecker completing when HasSynced becomes
// true.
func (f *DeltaFIFO) HasSyncedChecker() DoneChecker { return f.synced }

// HasSynced reports whether an Add, Update or Delete came first, or every
// item of the first Replace has been popped.
func (f *DeltaFIFO) HasSynced() bool { return underLock(&f.lock, f.hasSyncedLocked) }

func (f *DeltaFIFO) hasSyncedLocked() bool {
	return f.populated && f.initialPopulationCount == 0
}

func (f *DeltaFIFO) markPopulatedLocked() {
	if !f.populated {
		f.populated = true
		if f.initialPopulationCount == 0 {
			f.synced.markDone()
		}
	}
}

// Transformer returns the configured transform, or nil.
func (f *DeltaFIFO) Transformer() TransformFunc { return f.transformer }

// KeyOf returns the key of obj, which may also be a Deltas (the key of its
// newest object) or a DeletedFinalStateUnknown (its key).
func (f *DeltaFIFO) KeyOf(obj interface{}) (string, error) {
	return keyOfQueued(f.keyFunc, obj)
}

// Add queues an Added delta for obj.
func (f *DeltaFIFO) Add(obj interface{}) error {
	f.lock.Lock()
	defer f.lock.Unlock()
	f.markPopulatedLocked()
	return f.queueActionLocked(Added, obj)
}

// Update queues an Updated delta for obj.
func (f *DeltaFIFO) Update(obj interface{}) error {
	f.lock.Lock()
	defer f.lock.Unlock()
	f.markPopulatedLocked()
	return f.queueActionLocked(Updated, obj)
}

// Delete queues a Deleted delta for obj, unless the object is unknown:
// neither queued nor (if configured) in KnownObjects. It may, for example,
// already have been deleted by a Replace.
func (f *DeltaFIFO) Delete(obj interface{}) error {
	key, err := f.KeyOf(obj)
	if err != nil {
		return err
	}
	f.lock.Lock()
	defer f.lock.Unlock()
	f.markPopulatedLocked()
	if _, queued := f.items[key]; !queued {
		if f.knownObjects == nil {
			return nil
		}
		_, known, err := f.knownObjects.GetByKey(key)
		if err != nil {
			return err
		}
		if !known {
			return nil
		}
	}
	return f.queueActionLocked(Deleted, obj)
}

// queueActionLocked appends a delta to the history of obj's key, queuing
// the key if it was not queued.
func (f *DeltaFIFO) queueActionLocked(t DeltaType, obj interface{}) error {
	key, err := f.KeyOf(obj)
	if err != nil {
		return err
	}
	// Every object passes here once. Sync deltas and tombstones carry
	// objects that were transformed already.
	if _, tomb := obj.(DeletedFinalStateUnknown); f.transformer != nil && t != Sync && !tomb {
		if obj, err = f.transformer(obj); err != nil {
			return err
		}
	}
	old, queued := f.items[key]
	deltas := append(old, Delta{Type: t, Object: obj})
	f.items[key] = dedupDeltas(deltas)
	if !queued {
		f.queue.push(key)
		if len(f.items) > f.peak {
			f.peak = len(f.items)
		}
	}
	f.cond.Broadcast()
	return nil
}

// dedupDeltas collapses two trailing deletions into one, keeping the one
// that carries the real final state rather than a tombstone.
func dedupDeltas(d Deltas) Deltas {
	n := len(d)
	if n < 2 || d[n-1].Type != Deleted || d[n-2].Type != Deleted {
		return d
	}
	if _, tomb := d[n-2].Object.(DeletedFinalStateUnknown); tomb {
		d[n-2] = d[n-1]
	}
	d[n-1] = Delta{}
	return d[:n-1]
}

// Replace queues every object of list as Replaced (or Sync), then a
// tombstone deletion for every known key not in list. Known keys are the
// queued ones and those of KnownObjects; a tombstone carries the newest
// queued object of its key, or else the KnownObjects one.
func (f *DeltaFIFO) Replace(list []interface{}, _ string) error {
	f.lock.Lock()
	defer f.lock.Unlock()
	action := Sync
	if f.emitDeltaTypeReplaced {
		action = Replaced
	}
	listed := make(map[string]struct{}, len(list))
	for _, obj := range list {
		key, err := f.KeyOf(obj)
		if err != nil {
			return err
		}
		listed[key] = struct{}{}
		if err := f.queueActionLocked(action, obj); err != nil {
			return err
		}
	}
	tombstone := func(key string, last interface{}) error {
		if d, ok := last.(DeletedFinalStateUnknown); ok {
			last = d.Obj
		}
		return f.queueActionLocked(Deleted, DeletedFinalStateUnknown{Key: key, Obj: last})
	}
	for key, deltas := range f.items {
		if _, ok := listed[key]; ok {
			continue
		}
		if err := tombstone(key, deltas.Newest().Object); err != nil {
			return err
		}
	}
	if f.knownObjects != nil {
		for _, key := range f.knownObjects.ListKeys() {
			if _, ok := listed[key]; ok {
				continue
			}
			if _, queued := f.items[key]; queued {
				continue // handled above
			}
			obj, exists, err := f.knownObjects.GetByKey(key)
			if err != nil {
				f.logger.Error(err, "Unexpected error looking up a known object; its tombstone carries no object", "key", key)
				obj, exists = nil, true
			}
			if !exists {
				continue
			}
			if err := tombstone(key, obj); err != nil {
				return err
			}
		}
	}
	if !f.populated {
		f.populated = true
		f.initialPopulationCount = f.queue.len()
		if f.initialPopulationCount == 0 {
			f.synced.markDone()
		}
	}
	return nil
}

// Resync queues a Sync delta for every object in KnownObjects whose key is
// not queued already. It does nothing without KnownObjects.
func (f *DeltaFIFO) Resync() error {
	f.lock.Lock()
	defer f.lock.Unlock()
	if f.knownObjects == nil {
		return nil
	}
	for _, key := range f.knownObjects.ListKeys() {
		if _, queued := f.items[key]; queued {
			continue
		}
		obj, exists, err := f.knownObjects.GetByKey(key)
		if err != nil {
			f.logger.Error(err, "Unexpected error looking up a known object during resync", "key", key)
			continue
		}
		if !exists {
			continue
		}
		if err := f.queueActionLocked(Sync, obj); err != nil {
			return err
		}
	}
	return nil
}

// Pop blocks until a key is queued (or the queue is closed: ErrFIFOClosed),
// removes it and calls process with its Deltas under the queue's lock, then
// returns the Deltas and process's error. Keys come out in the order they
// were first queued. process should be quick: writers wait meanwhile.
func (f *DeltaFIFO) Pop(process PopProcessFunc) (interface{}, error) {
	f.lock.Lock()
	defer f.lock.Unlock()
	for f.queue.len() == 0 {
		if f.closed {
			return nil, ErrFIFOClosed
		}
		f.cond.Wait()
	}
	isInInitialList := !f.hasSyncedLocked()
	key := f.queue.pop()
	deltas := f.items[key]
	delete(f.items, key)
	if len(f.items) == 0 && f.peak > shrinkThreshold {
		// Let memory go after a large list drained.
		f.items = map[string]Deltas{}
		f.queue.reset()
		f.peak = 0
	}
	var item interface{} = deltas // box once
	err := process(item, isInInitialList)
	// Count the item only once it is processed, so that whoever waits for
	// HasSynced sees its effects.
	if f.initialPopulationCount > 0 {
		f.initialPopulationCount--
		if f.initialPopulationCount == 0 {
			f.synced.markDone()
		}
	}
	return item, err
}

// Close marks the queue closed: a Pop that finds the queue empty, now or
// later, returns ErrFIFOClosed instead of blocking.
func (f *DeltaFIFO) Close() { shutQueue(&f.lock, &f.closed, &f.cond) }

// IsClosed reports whether Close was called.
func (f *DeltaFIFO) IsClosed() bool {
	return underLock(&f.lock, func() bool { return f.closed })
}
