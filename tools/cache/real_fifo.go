package cache

import (
	"fmt"
	"sync"
	"time"

	"k8s.io/klog/v2"

	"github.com/kclient/kclient/internal/protodec"
)

// maxBatchSize bounds how many deltas PopBatch hands out at once.
const maxBatchSize = 1000

// RealFIFO is a Queue that passes on every change, in order: nothing is
// merged, so a consumer sees each notification the Reflector produced,
// including several per object and deletions of objects it never saw.
//
// With RealFIFOOptions.AtomicEvents, a Replace becomes one ReplacedAll delta
// carrying the whole list (and a Resync one SyncAll delta): the consumer then
// computes additions, updates and deletions against its own store. This
// avoids one delta per listed object, which matters for large lists.
//
// RealFIFO is safe for concurrent use, with one consumer calling Pop or
// PopBatch.
type RealFIFO struct {
	lock sync.Mutex
	cond sync.Cond

	items ring[Delta]

	populated              bool
	initialPopulationCount int
	synced                 *doneSignal

	keyFunc               KeyFunc
	knownObjects          KeyListerGetter
	transformer           TransformFunc
	atomicEvents          bool
	unlockWhileProcessing bool
	emitBookmark          bool
	closed                bool
	name                  string
	logger                klog.Logger

	id      InformerNameAndResource
	queued  GaugeMetric
	latency HistogramMetric

	// shareSession, set for informers that share cached data without a
	// user transform, is passed to the informer's watches in their
	// context so that protobuf objects are decoded already shared (see
	// sharingTransform).
	shareSession *protodec.Session
}

var _ QueueWithBatch = &RealFIFO{}

// RealFIFOOptions configures NewRealFIFOWithOptions.
type RealFIFOOptions struct {
	// Logger receives log output instead of klog.Background(); the queue's
	// name is added.
	Logger *klog.Logger

	// Name overrides the default name "RealFIFO". It is used only if
	// Identifier has no name.
	Name string

	// KeyFunction computes keys; the default is MetaNamespaceKeyFunc.
	KeyFunction KeyFunc

	// KnownObjects lists what the consumer knows; Replace uses it to find
	// deletions and Resync to find what to resync. Required unless
	// AtomicEvents is set, and must be nil if it is.
	KnownObjects KeyListerGetter

	// Transformer, if set, is applied to every object before it is queued.
	Transformer TransformFunc

	// AtomicEvents turns Replace into a single ReplacedAll delta and Resync
	// into a single SyncAll delta.
	AtomicEvents bool

	// UnlockWhileProcessing releases the queue's lock while Pop runs the
	// process function, so producers are not held up. Requires AtomicEvents.
	UnlockWhileProcessing bool

	// Identifier names the queue for metrics and logs. Metrics are published
	// only if it is reserved.
	Identifier InformerNameAndResource

	// MetricsProvider creates the queue's metrics; the process-wide one
	// (SetInformerMetricsProvider) if nil.
	MetricsProvider InformerMetricsProvider

	// EmitDeltaTypeBookmark makes Bookmark queue Bookmark deltas. Requires
	// AtomicEvents.
	EmitDeltaTypeBookmark bool
}

// NewRealFIFO returns a RealFIFO with the given key function, known objects
// and transform.
//
// Deprecated: pass a RealFIFOOptions to NewRealFIFOWithOptions.
func NewRealFIFO(keyFunc KeyFunc, knownObjects KeyListerGetter, transformer TransformFunc) *RealFIFO {
	return NewRealFIFOWithOptions(RealFIFOOptions{KeyFunction: keyFunc, KnownObjects: knownObjects, Transformer: transformer})
}

// NewRealFIFOWithOptions returns an empty RealFIFO configured by opts.
// Contradictory options (see RealFIFOOptions) are corrected and logged
// rather than rejected: UnlockWhileProcessing and EmitDeltaTypeBookmark are
// ignored without AtomicEvents, and KnownObjects is ignored with it.
func NewRealFIFOWithOptions(opts RealFIFOOptions) *RealFIFO {
	if opts.KeyFunction == nil {
		opts.KeyFunction = MetaNamespaceKeyFunc
	}
	name := opts.Identifier.Name()
	if name == "" {
		name = opts.Name
	}
	if name == "" {
		name = "RealFIFO"
	}
	logger := klog.Background()
	if opts.Logger != nil {
		logger = *opts.Logger
	}
	logger = klog.LoggerWithName(logger, name)
	if !opts.AtomicEvents {
		if opts.UnlockWhileProcessing || opts.EmitDeltaTypeBookmark {
			logger.Info("Ignoring RealFIFO options that require AtomicEvents")
		}
		opts.UnlockWhileProcessing, opts.EmitDeltaTypeBookmark = false, false
	} else if opts.KnownObjects != nil {
		logger.Info("Ignoring KnownObjects of a RealFIFO with AtomicEvents")
		opts.KnownObjects = nil
	}
	f := &RealFIFO{
		keyFunc:               opts.KeyFunction,
		knownObjects:          opts.KnownObjects,
		transformer:           opts.Transformer,
		atomicEvents:          opts.AtomicEvents,
		unlockWhileProcessing: opts.UnlockWhileProcessing,
		emitBookmark:          opts.EmitDeltaTypeBookmark,
		name:                  name,
		logger:                logger,
		synced:                newDoneSignal(name),
		id:                    opts.Identifier,
	}
	if opts.Identifier.Reserved() {
		p := informerMetricsProvider(opts.MetricsProvider)
		f.queued = p.NewQueuedItemMetric(opts.Identifier)
		f.latency = p.NewProcessingLatencyMetric(opts.Identifier)
	}
	f.cond.L = &f.lock
	return f
}

// Name is the identifier's name if one was given, else RealFIFOOptions.Name,
// else "RealFIFO".
func (f *RealFIFO) Name() string { return f.name }

// Done returns a channel closed once HasSynced is true.
func (f *RealFIFO) Done() <-chan struct{} { return f.synced.Done() }

// HasSyncedChecker returns a DoneChecker completing when HasSynced becomes
// true.
func (f *RealFIFO) HasSyncedChecker() DoneChecker { return f.synced }

// HasSynced reports whether an Add, Update or Delete came first, or every
// delta of the first Replace has been popped and processed.
func (f *RealFIFO) HasSynced() bool { return underLock(&f.lock, f.hasSyncedLocked) }

func (f *RealFIFO) hasSyncedLocked() bool { return f.populated && f.initialPopulationCount == 0 }

func (f *RealFIFO) markPopulatedLocked() {
	if !f.populated {
		f.populated = true
		if f.initialPopulationCount == 0 {
			f.synced.markDone()
		}
	}
}

// Transformer returns the configured transform, or nil.
func (f *RealFIFO) Transformer() TransformFunc { return f.transformer }

func (f *RealFIFO) keyOf(obj interface{}) (string, error) { return keyOfQueued(f.keyFunc, obj) }

func (f *RealFIFO) transform(obj interface{}) (interface{}, error) {
	if f.transformer == nil {
		return obj, nil
	}
	if _, tomb := obj.(DeletedFinalStateUnknown); tomb {
		return obj, nil
	}
	return f.transformer(obj)
}

func (f *RealFIFO) pushLocked(d Delta) {
	f.items.push(d)
	f.cond.Broadcast()
	f.reportLocked()
}

func (f *RealFIFO) reportLocked() {
	if f.queued != nil && f.id.Reserved() {
		f.queued.Set(float64(f.items.len()))
	}
}

func (f *RealFIFO) addLocked(t DeltaType, obj interface{}) error {
	if _, err := f.keyOf(obj); err != nil {
		return err
	}
	obj, err := f.transform(obj)
	if err != nil {
		return err
	}
	f.pushLocked(Delta{Type: t, Object: obj})
	return nil
}

// Add queues an Added delta.
func (f *RealFIFO) Add(obj interface{}) error {
	f.lock.Lock()
	defer f.lock.Unlock()
	f.markPopulatedLocked()
	return f.addLocked(Added, obj)
}

// Update queues an Updated delta.
func (f *RealFIFO) Update(obj interface{}) error {
	f.lock.Lock()
	defer f.lock.Unlock()
	f.markPopulatedLocked()
	return f.addLocked(Updated, obj)
}

// Delete queues a Deleted delta.
func (f *RealFIFO) Delete(obj interface{}) error {
	f.lock.Lock()
	defer f.lock.Unlock()
	f.markPopulatedLocked()
	return f.addLocked(Deleted, obj)
}

// Bookmark queues a Bookmark delta if the queue emits them, and otherwise
// does nothing.
func (f *RealFIFO) Bookmark(resourceVersion string) error {
	if !f.emitBookmark {
		return nil
	}
	f.lock.Lock()
	defer f.lock.Unlock()
	f.pushLocked(Delta{Type: Bookmark, Object: BookmarkInfo{ResourceVersion: resourceVersion}})
	return nil
}

// Replace queues a relist. With AtomicEvents it is a single ReplacedAll
// delta. Otherwise it queues a tombstone deletion for every object that is
// known (pending in the queue, or in KnownObjects) but not in newItems, and
// then a Replaced delta for every item of newItems.
func (f *RealFIFO) Replace(newItems []interface{}, resourceVersion string) error {
	return f.replace(newItems, resourceVersion, true)
}

// replaceTransformed is Replace for items the Reflector already passed
// through Transformer (the initial state of a streaming list), so that the
// transform runs once per object rather than twice.
func (f *RealFIFO) replaceTransformed(newItems []interface{}, resourceVersion string) error {
	return f.replace(newItems, resourceVersion, false)
}

func (f *RealFIFO) replace(newItems []interface{}, resourceVersion string, transform bool) error {
	for i, obj := range newItems {
		if _, err := f.keyOf(obj); err != nil {
			return err
		}
		if !transform {
			continue
		}
		t, err := f.transform(obj)
		if err != nil {
			return err
		}
		newItems[i] = t
	}
	f.lock.Lock()
	defer f.lock.Unlock()
	before := f.items.len()
	if f.atomicEvents {
		f.pushLocked(Delta{Type: ReplacedAll, Object: ReplacedAllInfo{ResourceVersion: resourceVersion, Objects: newItems}})
	} else if err := f.replaceLocked(newItems); err != nil {
		return err
	}
	if !f.populated {
		f.populated = true
		f.initialPopulationCount = f.items.len() - before
		if f.initialPopulationCount == 0 {
			f.synced.markDone()
		}
	}
	return nil
}

func (f *RealFIFO) replaceLocked(newItems []interface{}) error {
	listed := make(map[string]struct{}, len(newItems))
	for _, obj := range newItems {
		key, _ := f.keyOf(obj) // checked by Replace
		listed[key] = struct{}{}
	}
	// The newest pending state of each queued key.
	pending := map[string]Delta{}
	var order []string
	for i := 0; i < f.items.len(); i++ {
		d := f.items.peek(i)
		key, err := f.keyOf(d.Object)
		if err != nil {
			continue
		}
		if _, seen := pending[key]; !seen {
			order = append(order, key)
		}
		pending[key] = d
	}
	for _, key := range order {
		d := pending[key]
		if _, ok := listed[key]; ok || d.Type == Deleted {
			continue
		}
		obj := d.Object
		if t, ok := obj.(DeletedFinalStateUnknown); ok {
			obj = t.Obj
		}
		f.pushLocked(Delta{Type: Deleted, Object: DeletedFinalStateUnknown{Key: key, Obj: obj}})
	}
	if f.knownObjects != nil {
		for _, key := range f.knownObjects.ListKeys() {
			if _, ok := listed[key]; ok {
				continue
			}
			if _, ok := pending[key]; ok {
				continue // handled above
			}
			obj, exists, err := f.knownObjects.GetByKey(key)
			if err != nil {
				f.logger.Error(err, "Unexpected error looking up a known object; its tombstone carries no object", "key", key)
				obj, exists = nil, true
			}
			if exists {
				f.pushLocked(Delta{Type: Deleted, Object: DeletedFinalStateUnknown{Key: key, Obj: obj}})
			}
		}
	}
	for _, obj := range newItems {
		f.pushLocked(Delta{Type: Replaced, Object: obj})
	}
	return nil
}

// Resync asks for every known object to be processed again: one SyncAll
// delta with AtomicEvents, otherwise a Sync delta for every object in
// KnownObjects that has no pending delta.
func (f *RealFIFO) Resync() error {
	f.lock.Lock()
	defer f.lock.Unlock()
	if f.atomicEvents {
		f.pushLocked(Delta{Type: SyncAll, Object: SyncAllInfo{}})
		return nil
	}
	if f.knownObjects == nil {
		return nil
	}
	pending := make(map[string]struct{}, f.items.len())
	for i := 0; i < f.items.len(); i++ {
		if key, err := f.keyOf(f.items.peek(i).Object); err == nil {
			pending[key] = struct{}{}
		}
	}
	for _, key := range f.knownObjects.ListKeys() {
		if _, ok := pending[key]; ok {
			continue
		}
		obj, exists, err := f.knownObjects.GetByKey(key)
		if err != nil {
			f.logger.Error(err, "Unexpected error looking up a known object during resync", "key", key)
			continue
		}
		if exists {
			f.pushLocked(Delta{Type: Sync, Object: obj})
		}
	}
	return nil
}

// waitLocked blocks until a delta is queued; false if the queue is closed
// and empty.
func (f *RealFIFO) waitLocked() bool {
	for f.items.len() == 0 {
		if f.closed {
			return false
		}
		f.cond.Wait()
	}
	return true
}

// finishLocked accounts for n processed deltas.
func (f *RealFIFO) finishLocked(n int, start time.Time) {
	if f.initialPopulationCount > 0 {
		f.initialPopulationCount -= min(n, f.initialPopulationCount)
		if f.initialPopulationCount == 0 {
			f.synced.markDone()
		}
	}
	if f.latency != nil && f.id.Reserved() {
		f.latency.Observe(time.Since(start).Seconds())
	}
}

// Pop blocks until a delta is queued (or the queue is closed and empty:
// ErrFIFOClosed), removes it and calls process with it as a one-element
// Deltas. The lock is held during process unless UnlockWhileProcessing.
func (f *RealFIFO) Pop(process PopProcessFunc) (interface{}, error) {
	f.lock.Lock()
	defer f.lock.Unlock()
	if !f.waitLocked() {
		return nil, ErrFIFOClosed
	}
	isInInitialList := !f.hasSyncedLocked()
	var item interface{} = Deltas{f.items.pop()} // box once
	f.reportLocked()
	start := time.Now()
	err := f.processLocked(func() error { return process(item, isInInitialList) })
	f.finishLocked(1, start)
	return item, err
}

func (f *RealFIFO) processLocked(fn func() error) error {
	if !f.unlockWhileProcessing {
		return fn()
	}
	f.lock.Unlock()
	defer f.lock.Lock()
	return fn()
}

// batchable reports whether a delta can be part of a batch.
func batchable(t DeltaType) bool {
	switch t {
	case Added, Updated, Deleted, Replaced, Sync:
		return true
	}
	return false
}

// PopBatch pops the longest run (up to an internal limit) of plain
// object deltas with distinct keys, all in or all after the initial list,
// and hands them to processBatch; a run of one, or a delta that cannot be
// batched (ReplacedAll, SyncAll, Bookmark), goes to processSingle.
func (f *RealFIFO) PopBatch(processBatch ProcessBatchFunc, processSingle PopProcessFunc) error {
	f.lock.Lock()
	defer f.lock.Unlock()
	if !f.waitLocked() {
		return ErrFIFOClosed
	}
	isInInitialList := !f.hasSyncedLocked()
	limit := min(f.items.len(), maxBatchSize)
	if isInInitialList && f.initialPopulationCount > 0 {
		limit = min(limit, f.initialPopulationCount)
	}
	keys := map[string]struct{}{}
	n := 0
	for n < limit {
		d := f.items.peek(n)
		if !batchable(d.Type) {
			break
		}
		key, err := f.keyOf(d.Object)
		if err != nil {
			break
		}
		if _, dup := keys[key]; dup {
			break
		}
		keys[key] = struct{}{}
		n++
	}
	start := time.Now()
	if n <= 1 {
		d := Deltas{f.items.pop()}
		f.reportLocked()
		err := f.processLocked(func() error { return processSingle(d, isInInitialList) })
		f.finishLocked(1, start)
		return err
	}
	batch := make([]Delta, n)
	for i := range batch {
		batch[i] = f.items.pop()
	}
	f.reportLocked()
	err := f.processLocked(func() error { return processBatch(batch, isInInitialList) })
	f.finishLocked(n, start)
	if err != nil {
		return fmt.Errorf("processing a batch of %d deltas: %w", n, err)
	}
	return nil
}

// Close marks the queue closed: a Pop that finds it empty returns
// ErrFIFOClosed.
func (f *RealFIFO) Close() { shutQueue(&f.lock, &f.closed, &f.cond) }

// IsClosed reports whether Close was called.
func (f *RealFIFO) IsClosed() bool {
	return underLock(&f.lock, func() bool { return f.closed })
}
