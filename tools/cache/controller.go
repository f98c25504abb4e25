package cache

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/klog/v2"

	"github.com/kclient/kclient/features"
)

// Config configures a low-level Controller (see New).
type Config struct {
	// Queue receives what the reflector lists and watches, and Process
	// consumes it. Process must understand what Queue.Pop returns
	// (Deltas for DeltaFIFO and RealFIFO).
	Queue

	// ListerWatcher is the source of the objects.
	ListerWatcher

	// Process handles one popped item.
	Process ProcessFunc

	// ProcessBatch handles several popped deltas at once. It is used only
	// if it is set, Queue implements QueueWithBatch and the
	// InOrderInformersBatchProcess feature gate is on; it returns a
	// *TransactionError if only some deltas were processed.
	ProcessBatch ProcessBatchFunc

	// ObjectType is an example of the objects to expect.
	ObjectType runtime.Object

	// ObjectDescription describes the objects in logs.
	ObjectDescription string

	// FullResyncPeriod is how often ShouldResync is consulted.
	FullResyncPeriod time.Duration

	// MinWatchTimeout is the shortest watch timeout requested from the
	// server; values below (and the default of) 5m mean 5m.
	MinWatchTimeout time.Duration

	// ShouldResync decides, every FullResyncPeriod, whether to Resync the
	// queue; nil means always.
	ShouldResync ShouldResyncFunc

	// WatchErrorHandler is called whenever the list or watch fails.
	//
	// Callers that carry their logger in a context set
	// WatchErrorHandlerWithContext rather than this field.
	WatchErrorHandler WatchErrorHandler

	// WatchErrorHandlerWithContext is called whenever the list or watch
	// fails, if WatchErrorHandler is not set.
	WatchErrorHandlerWithContext WatchErrorHandlerWithContext

	// WatchListPageSize is the page size of lists (see
	// Reflector.WatchListPageSize).
	WatchListPageSize int64
}

// ShouldResyncFunc tells a reflector whether to resync now. Shared
// informers use it to implement per-handler resync periods.
type ShouldResyncFunc func() bool

// Controller runs a Reflector feeding a Queue and a loop popping the queue
// into the Config's Process function.
type Controller interface {
	// RunWithContext runs the reflector and the processing loop until ctx
	// is canceled, then returns after both have stopped. Call it once,
	// typically in a goroutine.
	RunWithContext(ctx context.Context)

	// Run is RunWithContext until stopCh is closed.
	//
	// Callers that carry their logger in a context call RunWithContext
	// rather than this method.
	Run(stopCh <-chan struct{})

	// HasSynced reports whether the queue has delivered its first list.
	HasSynced() bool

	// HasSyncedChecker is HasSynced as a DoneChecker.
	HasSyncedChecker() DoneChecker

	// LastSyncResourceVersion returns the reflector's, or "" before Run.
	LastSyncResourceVersion() string
}

type controller struct {
	config  Config
	name    string // of the reflector: where the controller was created
	started atomic.Bool

	lock      sync.RWMutex
	reflector *Reflector
}

// New returns a Controller for c. Nothing happens until it runs.
func New(c *Config) Controller {
	return newController(c, callerOutsidePackage())
}

func newController(c *Config, name string) *controller {
	return &controller{config: *c, name: name}
}

func (c *controller) Run(stopCh <-chan struct{}) {
	c.RunWithContext(wait.ContextForChannel(stopCh))
}

func (c *controller) RunWithContext(ctx context.Context) {
	logger := klog.FromContext(ctx)
	if !c.started.CompareAndSwap(false, true) {
		logger.Error(nil, "Controller is already running; ignoring the second Run")
		return
	}
	stop := context.AfterFunc(ctx, c.config.Queue.Close)
	defer stop()

	r := NewReflectorWithOptions(c.config.ListerWatcher, c.config.ObjectType, c.config.Queue, ReflectorOptions{
		Name:            c.name,
		ResyncPeriod:    c.config.FullResyncPeriod,
		MinWatchTimeout: c.config.MinWatchTimeout,
		TypeDescription: c.config.ObjectDescription,
	})
	r.ShouldResync = c.config.ShouldResync
	r.WatchListPageSize = c.config.WatchListPageSize
	switch {
	case c.config.WatchErrorHandler != nil:
		h := c.config.WatchErrorHandler
		r.watchErrorHandler = func(_ context.Context, r *Reflector, err error) { h(r, err) }
	case c.config.WatchErrorHandlerWithContext != nil:
		r.watchErrorHandler = c.config.WatchErrorHandlerWithContext
	}
	c.lock.Lock()
	c.reflector = r
	c.lock.Unlock()

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.RunWithContext(ctx)
	}()
	c.processLoop(ctx)
	wg.Wait()
}

func (c *controller) processLoop(ctx context.Context) {
	logger := klog.FromContext(ctx)
	batchQueue, batch := c.config.Queue.(QueueWithBatch)
	batch = batch && c.config.ProcessBatch != nil && features.FeatureGates().Enabled(features.InOrderInformersBatchProcess)
	single := PopProcessFunc(c.config.Process)
	for ctx.Err() == nil {
		var err error
		if batch {
			err = batchQueue.PopBatch(c.config.ProcessBatch, single)
		} else {
			_, err = c.config.Queue.Pop(single)
		}
		if errors.Is(err, ErrFIFOClosed) {
			return
		}
		if err != nil {
			utilruntime.HandleErrorWithContext(ctx, err, "Failed to process an item popped from the queue")
			logger.V(5).Info("Continuing after processing failure")
		}
	}
}

func (c *controller) HasSynced() bool { return c.config.Queue.HasSynced() }

func (c *controller) HasSyncedChecker() DoneChecker { return c.config.Queue.HasSyncedChecker() }

func (c *controller) LastSyncResourceVersion() string {
	c.lock.RLock()
	defer c.lock.RUnlock()
	if c.reflector == nil {
		return ""
	}
	return c.reflector.LastSyncResourceVersion()
}

// deltaSink receives what processDeltas decides: the cache has already been
// updated when it is called.
type deltaSink interface {
	added(obj interface{}, isInInitialList bool)
	updated(oldObj, newObj interface{}, isSync bool)
	deleted(obj interface{})
	// resyncAll is called for a SyncAll delta.
	resyncAll()
}

// handlerSink feeds a single ResourceEventHandler.
type handlerSink struct {
	handler ResourceEventHandler
	store   Store
}

func (h handlerSink) added(obj interface{}, initial bool)        { h.handler.OnAdd(obj, initial) }
func (h handlerSink) updated(oldObj, newObj interface{}, _ bool) { h.handler.OnUpdate(oldObj, newObj) }
func (h handlerSink) deleted(obj interface{})                    { h.handler.OnDelete(obj) }
func (h handlerSink) resyncAll() {
	for _, obj := range h.store.List() {
		h.handler.OnUpdate(obj, obj)
	}
}

// processDeltas applies deltas to clientState and tells sink, for every
// delta, what happened to the cache.
func processDeltas(sink deltaSink, clientState Store, deltas Deltas, isInInitialList bool) error {
	for _, d := range deltas {
		if err := processDelta(sink, clientState, d, isInInitialList); err != nil {
			return err
		}
	}
	return nil
}

func processDelta(sink deltaSink, clientState Store, d Delta, isInInitialList bool) error {
	obj := d.Object
	switch d.Type {
	case Sync, Replaced, Added, Updated:
		old, exists, err := clientState.Get(obj)
		if err != nil {
			return err
		}
		if exists {
			if err := clientState.Update(obj); err != nil {
				return err
			}
			sink.updated(old, obj, isResync(d.Type, old, obj))
			return nil
		}
		if err := clientState.Add(obj); err != nil {
			return err
		}
		sink.added(obj, isInInitialList)
	case Deleted:
		if err := clientState.Delete(obj); err != nil {
			return err
		}
		sink.deleted(obj)
	case ReplacedAll:
		info, ok := obj.(ReplacedAllInfo)
		if !ok {
			return fmt.Errorf("ReplacedAll delta carries %T, not ReplacedAllInfo", obj)
		}
		return replaceAll(sink, clientState, info, isInInitialList)
	case SyncAll:
		sink.resyncAll()
	case Bookmark:
		if info, ok := obj.(BookmarkInfo); ok {
			clientState.Bookmark(info.ResourceVersion)
		}
	default:
		return fmt.Errorf("unknown delta type %q", d.Type)
	}
	return nil
}

// isResync reports whether an update is only a resync: a Sync delta, or a
// relisted object whose resource version did not change. Shared informers
// deliver those only to handlers that asked for resyncs.
func isResync(t DeltaType, oldObj, newObj interface{}) bool {
	switch t {
	case Sync:
		return true
	case Replaced:
		o, ok1 := oldObj.(metav1.Object)
		n, ok2 := newObj.(metav1.Object)
		return ok1 && ok2 && o.GetResourceVersion() == n.GetResourceVersion()
	}
	return false
}

// replaceAll applies a whole relist: known objects missing from it are
// deleted (as tombstones), the listed ones added or updated.
func replaceAll(sink deltaSink, clientState Store, info ReplacedAllInfo, isInInitialList bool) error {
	if c, ok := clientState.(*cache); ok {
		return c.replaceAll(sink, info, isInInitialList)
	}
	existing := clientState.ListKeys()
	if len(existing) > 0 {
		listed := make(map[string]struct{}, len(info.Objects))
		for _, obj := range info.Objects {
			key, err := DeletionHandlingMetaNamespaceKeyFunc(obj)
			if err != nil {
				return err
			}
			listed[key] = struct{}{}
		}
		for _, key := range existing {
			if _, ok := listed[key]; ok {
				continue
			}
			old, exists, err := clientState.GetByKey(key)
			if err != nil || !exists {
				continue
			}
			tomb := DeletedFinalStateUnknown{Key: key, Obj: old}
			if err := clientState.Delete(tomb); err != nil {
				return err
			}
			sink.deleted(tomb)
		}
	}
	for _, obj := range info.Objects {
		if err := processDelta(sink, clientState, Delta{Type: Replaced, Object: obj}, isInInitialList); err != nil {
			return err
		}
	}
	clientState.Bookmark(info.ResourceVersion)
	return nil
}

// replaceAll is the bulk version of replaceAll for this package's store:
// the new content is built (presized) and swapped in under one lock, then
// the sink hears about deletions (as tombstones), updates and additions.
// Every notification comes after the cache changed, as informers promise.
func (c *cache) replaceAll(sink deltaSink, info ReplacedAllInfo, isInInitialList bool) error {
	items := make(map[string]interface{}, len(info.Objects))
	keys := make([]string, len(info.Objects))
	dups := false
	for i, obj := range info.Objects {
		key, err := c.keyOf(obj)
		if err != nil {
			return err
		}
		if _, seen := items[key]; seen {
			dups = true
		}
		items[key] = obj
		keys[i] = key
	}
	// A list should not name an object twice; if one does, the last copy
	// wins, in the cache and in the notifications.
	var last map[string]int
	if dups {
		last = make(map[string]int, len(keys))
		for i, key := range keys {
			last[key] = i
		}
	}
	old := c.storage.swap(items, info.ResourceVersion)
	for key, obj := range old {
		if _, ok := items[key]; !ok {
			sink.deleted(DeletedFinalStateUnknown{Key: key, Obj: obj})
		}
	}
	for i, obj := range info.Objects {
		if dups && last[keys[i]] != i {
			continue
		}
		if prev, ok := old[keys[i]]; ok {
			sink.updated(prev, obj, isResync(Replaced, prev, obj))
		} else {
			sink.added(obj, isInInitialList)
		}
	}
	return nil
}

// processDeltaBatch applies a batch of single deltas (distinct objects).
func processDeltaBatch(sink deltaSink, clientState Store, deltas []Delta, isInInitialList bool) error {
	var failed *TransactionError
	for i, d := range deltas {
		if err := processDelta(sink, clientState, d, isInInitialList); err != nil {
			if failed == nil {
				failed = &TransactionError{TotalTransactions: len(deltas)}
				for j := 0; j < i; j++ {
					failed.SuccessfulIndices = append(failed.SuccessfulIndices, j)
				}
			}
			failed.Errors = append(failed.Errors, err)
			continue
		}
		if failed != nil {
			failed.SuccessfulIndices = append(failed.SuccessfulIndices, i)
		}
	}
	if failed != nil {
		return failed
	}
	return nil
}

// newInformerQueue returns the queue informers use: a RealFIFO delivering
// every change in order, with atomic relists (one delta per list rather
// than per object) when the AtomicFIFO feature gate is on. It applies
// transform and then shares repeated data between objects (see
// sharingTransform).
func newInformerQueue(logger klog.Logger, clientState Indexer, transform TransformFunc, id InformerNameAndResource, metrics InformerMetricsProvider) Queue {
	gates := features.FeatureGates()
	transformer, session := sharingTransform(transform)
	opts := RealFIFOOptions{
		Logger:          &logger,
		KeyFunction:     MetaNamespaceKeyFunc,
		Transformer:     transformer,
		Identifier:      id,
		MetricsProvider: metrics,
	}
	if gates.Enabled(features.AtomicFIFO) {
		opts.AtomicEvents = true
		opts.UnlockWhileProcessing = gates.Enabled(features.UnlockWhileProcessingFIFO)
	} else {
		opts.KnownObjects = clientState
	}
	f := NewRealFIFOWithOptions(opts)
	f.shareSession = session
	return f
}

// InformerOptions configures NewInformerWithOptions.
type InformerOptions struct {
	// Logger receives the informer's log output; nil means klog.Background().
	Logger *klog.Logger

	// ListerWatcher is the source of the objects. Required.
	ListerWatcher ListerWatcher

	// ObjectType is an example of the objects to expect. Required.
	ObjectType runtime.Object

	// Handler receives the notifications. Required.
	Handler ResourceEventHandler

	// ResyncPeriod, if not zero, makes the informer call OnUpdate for every
	// cached object this often, even if nothing changed. Useful for
	// reconciling external state.
	ResyncPeriod time.Duration

	// MinWatchTimeout is the shortest watch timeout requested from the
	// server; values below (and the default of) 5m mean 5m.
	MinWatchTimeout time.Duration

	// Indexers are the indices the returned store maintains.
	Indexers Indexers

	// Transform, if set, is applied to every object before it is stored
	// and passed to the handler.
	Transform TransformFunc

	// Identifier names the informer for metrics; without it no metrics are
	// published.
	Identifier InformerNameAndResource

	// InformerMetricsProvider creates the informer's metrics; the
	// process-wide one if nil.
	InformerMetricsProvider InformerMetricsProvider
}

// NewInformerWithOptions returns a Store kept up to date with the
// collection of options.ListerWatcher and a Controller that keeps it so and
// calls options.Handler after every change. The Store (an Indexer if
// options.Indexers is set) is for reading only: writing to it corrupts the
// notifications.
func NewInformerWithOptions(options InformerOptions) (Store, Controller) {
	logger := klog.Background()
	if options.Logger != nil {
		logger = *options.Logger
	}
	clientState := NewIndexer(DeletionHandlingMetaNamespaceKeyFunc, options.Indexers)
	queue := newInformerQueue(logger, clientState, options.Transform, options.Identifier, options.InformerMetricsProvider)
	handler := options.Handler
	if handler == nil {
		handler = ResourceEventHandlerFuncs{}
	}
	sink := handlerSink{handler: handler, store: clientState}
	cfg := &Config{
		ObjectType:       options.ObjectType,
		ListerWatcher:    options.ListerWatcher,
		MinWatchTimeout:  options.MinWatchTimeout,
		Queue:            queue,
		FullResyncPeriod: options.ResyncPeriod,
		Process: func(obj interface{}, isInInitialList bool) error {
			deltas, ok := obj.(Deltas)
			if !ok {
				return fmt.Errorf("queue delivered %T, not Deltas", obj)
			}
			return processDeltas(sink, clientState, deltas, isInInitialList)
		},
		ProcessBatch: func(deltas []Delta, isInInitialList bool) error {
			return processDeltaBatch(sink, clientState, deltas, isInInitialList)
		},
	}
	return clientState, New(cfg)
}

// NewInformer returns a Store and a Controller; see NewInformerWithOptions.
//
// Deprecated: build an InformerOptions and call NewInformerWithOptions.
func NewInformer(lw ListerWatcher, objType runtime.Object, resyncPeriod time.Duration, h ResourceEventHandler) (Store, Controller) {
	return NewInformerWithOptions(InformerOptions{ListerWatcher: lw, ObjectType: objType, Handler: h, ResyncPeriod: resyncPeriod})
}

// NewIndexerInformer returns an Indexer and a Controller; see
// NewInformerWithOptions.
//
// Deprecated: build an InformerOptions and call NewInformerWithOptions.
func NewIndexerInformer(lw ListerWatcher, objType runtime.Object, resyncPeriod time.Duration, h ResourceEventHandler, indexers Indexers) (Indexer, Controller) {
	s, c := NewInformerWithOptions(InformerOptions{ListerWatcher: lw, ObjectType: objType, Handler: h, ResyncPeriod: resyncPeriod, Indexers: indexers})
	return s.(Indexer), c
}

// NewTransformingInformer is NewInformer with a transform; see
// NewInformerWithOptions.
//
// Deprecated: build an InformerOptions and call NewInformerWithOptions.
func NewTransformingInformer(lw ListerWatcher, objType runtime.Object, resyncPeriod time.Duration, h ResourceEventHandler, transformer TransformFunc) (Store, Controller) {
	return NewInformerWithOptions(InformerOptions{ListerWatcher: lw, ObjectType: objType, Handler: h, ResyncPeriod: resyncPeriod, Transform: transformer})
}

// NewTransformingIndexerInformer is NewIndexerInformer with a transform; see
// NewInformerWithOptions.
//
// Deprecated: build an InformerOptions and call NewInformerWithOptions.
func NewTransformingIndexerInformer(lw ListerWatcher, objType runtime.Object, resyncPeriod time.Duration, h ResourceEventHandler, indexers Indexers, transformer TransformFunc) (Indexer, Controller) {
	s, c := NewInformerWithOptions(InformerOptions{ListerWatcher: lw, ObjectType: objType, Handler: h, ResyncPeriod: resyncPeriod, Indexers: indexers, Transform: transformer})
	return s.(Indexer), c
}
