package cache

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/klog/v2"
	"k8s.io/utils/clock"
)

// SharedInformer keeps a local cache of one collection of objects (one
// resource, optionally restricted to a namespace and by label or field
// selectors) eventually consistent with the apiserver, and notifies any
// number of handlers about changes. Objects are identified by namespace and
// name; UIDs play no role, so a delete and re-create may be reported as an
// update (compare UIDs in OnUpdate if that matters).
//
// The contract:
//
//   - Eventual consistency: unless communication keeps failing, when the
//     server holds state S for an object, the cache eventually holds S or a
//     later state, or the informer has stopped. An object removed on the
//     server is eventually removed from the cache.
//   - Order: the states the cache goes through for one object are a
//     subsequence of the server's states, in order. There is no ordering
//     across objects.
//   - Snapshots: every query against the cache answers from one
//     consistent snapshot, so a List never holds two entries for one
//     object.
//   - Notifications: for every change to the cache each handler is
//     eventually notified, after the cache (and its indices) changed, unless
//     the informer stops first. Notifications to one handler are
//     sequential, and per object in order. A handler added to a running
//     informer first gets an add for every object already cached.
//   - Isolation: each handler has its own unbounded buffer; a slow handler
//     delays only itself. Handlers should still be quick and hand work off
//     (e.g. to a workqueue), since a growing backlog costs memory.
//   - Ownership: the objects handed out are shared cache objects. Nobody
//     may modify them.
//   - Deletions: a delete notification carries the last known state, or a
//     DeletedFinalStateUnknown when the deletion was inferred from a
//     relist.
//
// Keys in the cache are "namespace/name" (just "name" for cluster-scoped
// objects); see MetaNamespaceKeyFunc and SplitMetaNamespaceKey.
//
// All methods are safe for concurrent use.
type SharedInformer interface {
	// AddEventHandler registers handler with the informer's default resync
	// period. The returned registration removes it again and tells whether
	// it has seen the initial list.
	//
	// To give the handler its own logger, call AddEventHandlerWithOptions
	// and set HandlerOptions.Logger.
	AddEventHandler(handler ResourceEventHandler) (ResourceEventHandlerRegistration, error)
	// AddEventHandlerWithResyncPeriod registers handler, asking for an
	// OnUpdate for every cached object every resyncPeriod (zero: never).
	// The period actually used is at least the informer's resync check
	// period, and informers created without resync never resync.
	//
	// AddEventHandlerWithOptions takes the same period in
	// HandlerOptions.ResyncPeriod, next to a per-handler Logger.
	AddEventHandlerWithResyncPeriod(handler ResourceEventHandler, resyncPeriod time.Duration) (ResourceEventHandlerRegistration, error)
	// AddEventHandlerWithOptions registers handler with options.
	AddEventHandlerWithOptions(handler ResourceEventHandler, options HandlerOptions) (ResourceEventHandlerRegistration, error)
	// RemoveEventHandler unregisters a handler. It is idempotent. It does
	// not wait for a notification being handled right now; use
	// ShutDownEventHandler for that.
	RemoveEventHandler(handle ResourceEventHandlerRegistration) error
	// GetStore returns the cache. Do not write to it.
	GetStore() Store
	// GetController returns a Controller view of the informer; it is of no
	// real use.
	GetController() Controller
	// Run is RunWithContext until stopCh is closed.
	//
	// Callers that carry their logger in a context call RunWithContext
	// rather than this method.
	Run(stopCh <-chan struct{})
	// RunWithContext runs the informer until ctx ends, then returns after
	// every goroutine it started has stopped. An informer runs once.
	RunWithContext(ctx context.Context)
	// HasSynced reports whether the cache has received one complete list.
	// It does not say whether a handler has seen it: ask the registration.
	HasSynced() bool
	// HasSyncedChecker is HasSynced as a DoneChecker.
	HasSyncedChecker() DoneChecker
	// LastSyncResourceVersion is the resource version of the last sync with
	// the server; informational only.
	LastSyncResourceVersion() string

	// SetWatchErrorHandler sets the function called whenever the list or
	// watch fails (after which the informer backs off and retries). The
	// last call wins. Once Run has begun the handler is frozen and this
	// returns an error.
	// The handler must return quickly.
	//
	// Callers that carry their logger in a context use
	// SetWatchErrorHandlerWithContext rather than this method.
	SetWatchErrorHandler(handler WatchErrorHandler) error

	// SetWatchErrorHandlerWithContext is SetWatchErrorHandler with a
	// context parameter.
	SetWatchErrorHandlerWithContext(handler WatchErrorHandlerWithContext) error

	// SetTransform sets the TransformFunc applied to every object before
	// it is cached and handed to handlers, e.g. to drop fields and save
	// memory. It must be called before the informer starts.
	SetTransform(handler TransformFunc) error

	// IsStopped becomes true when Run finishes. A stopped informer never starts again and accepts no
	// handlers.
	IsStopped() bool
}

// SharedIndexInformer is a SharedInformer whose cache is an Indexer.
type SharedIndexInformer interface {
	SharedInformer
	// AddIndexers adds indices to the cache, before or after the informer
	// started; existing objects are indexed immediately.
	AddIndexers(indexers Indexers) error
	// GetIndexer returns the cache. Do not write to it.
	GetIndexer() Indexer
}

// ResourceEventHandlerRegistration is the handle of a handler registered
// with a SharedInformer: pass it to RemoveEventHandler of the same
// informer, or ask it whether the handler has seen the initial list.
type ResourceEventHandlerRegistration interface {
	// HasSynced reports whether the informer has synced and the handler
	// has been given every object of the initial list.
	HasSynced() bool

	// HasSyncedChecker is HasSynced as a DoneChecker.
	HasSyncedChecker() DoneChecker
}

// HandlerOptions are the optional settings of
// SharedInformer.AddEventHandlerWithOptions.
type HandlerOptions struct {
	// Logger receives this handler's log output; nil means the informer's
	// default, klog.Background().
	Logger *klog.Logger

	// ResyncPeriod requests resyncs, see
	// SharedInformer.AddEventHandlerWithResyncPeriod. Nil means the
	// informer's default.
	ResyncPeriod *time.Duration
}

// SharedIndexInformerOptions configures NewSharedIndexInformerWithOptions.
type SharedIndexInformerOptions struct {
	// ResyncPeriod serves twice: handlers registered without a period of
	// their own get it, and the resync check starts at it. Zero disables
	// resyncs.
	ResyncPeriod time.Duration

	// Indexers are the cache's initial indices.
	Indexers Indexers

	// ObjectDescription describes the objects in logs.
	ObjectDescription string

	// Identifier names the informer for metrics; without it no metrics are
	// published.
	Identifier InformerNameAndResource

	// InformerMetricsProvider creates the informer's metrics; the
	// process-wide one if nil.
	InformerMetricsProvider InformerMetricsProvider
}

// minimumResyncPeriod is the shortest resync period honoured.
const minimumResyncPeriod = time.Second

// NewSharedInformer returns a SharedInformer; see
// NewSharedIndexInformerWithOptions.
func NewSharedInformer(lw ListerWatcher, exampleObject runtime.Object, defaultEventHandlerResyncPeriod time.Duration) SharedInformer {
	return NewSharedIndexInformer(lw, exampleObject, defaultEventHandlerResyncPeriod, Indexers{})
}

// NewSharedIndexInformer returns a SharedIndexInformer; see
// NewSharedIndexInformerWithOptions.
func NewSharedIndexInformer(lw ListerWatcher, exampleObject runtime.Object, defaultEventHandlerResyncPeriod time.Duration, indexers Indexers) SharedIndexInformer {
	return NewSharedIndexInformerWithOptions(lw, exampleObject, SharedIndexInformerOptions{ResyncPeriod: defaultEventHandlerResyncPeriod, Indexers: indexers})
}

// NewSharedIndexInformerWithOptions returns a SharedIndexInformer for the
// collection of lw, whose objects are like exampleObject.
//
// Resyncs: with options.ResyncPeriod zero there are none. Otherwise each
// handler asking for a non-zero period gets one rounded up to the resync
// check period, which is the smaller of options.ResyncPeriod and the periods
// requested before the informer started, but at least one second.
func NewSharedIndexInformerWithOptions(lw ListerWatcher, exampleObject runtime.Object, options SharedIndexInformerOptions) SharedIndexInformer {
	c := clock.RealClock{}
	s := &sharedIndexInformer{
		clock:                           c,
		identifier:                      options.Identifier,
		listerWatcher:                   lw,
		objectType:                      exampleObject,
		metricsProvider:                 options.InformerMetricsProvider,
		objectDescription:               options.ObjectDescription,
		indexer:                         NewIndexer(DeletionHandlingMetaNamespaceKeyFunc, options.Indexers, WithStoreMetrics(options.Identifier, informerMetricsProvider(options.InformerMetricsProvider))),
		processor:                       newSharedProcessor(c),
		resyncCheckPeriod:               options.ResyncPeriod,
		synced:                          newDoneSignal(informerName(exampleObject, options)),
		defaultEventHandlerResyncPeriod: options.ResyncPeriod,
	}
	s.mutationDetector = NewCacheMutationDetector(s.synced.name)
	s.name = callerOutsidePackage()
	return s
}

func informerName(example runtime.Object, options SharedIndexInformerOptions) string {
	switch {
	case options.ObjectDescription != "":
		return options.ObjectDescription
	case options.Identifier.Name() != "":
		return options.Identifier.Name()
	case example != nil:
		return fmt.Sprintf("%T", example)
	}
	return "SharedIndexInformer"
}

type sharedIndexInformer struct {
	indexer           Indexer
	processor         *sharedProcessor
	listerWatcher     ListerWatcher
	objectType        runtime.Object
	objectDescription string
	clock             clock.Clock
	identifier        InformerNameAndResource
	metricsProvider   InformerMetricsProvider
	synced            *doneSignal
	mutationDetector  MutationDetector
	name              string // where the informer was created, for logs

	// startedLock guards the fields below and the start/stop transitions.
	startedLock                     sync.Mutex
	started, stopped                bool
	controller                      Controller
	resyncCheckPeriod               time.Duration
	defaultEventHandlerResyncPeriod time.Duration
	watchErrorHandler               WatchErrorHandlerWithContext
	transform                       TransformFunc

	// blockDeltas keeps notifications from being distributed while a
	// handler is being added to a running informer, so the newcomer gets
	// each object exactly once: either in its initial adds or as a
	// notification.
	blockDeltas sync.Mutex
}

var _ SharedIndexInformer = &sharedIndexInformer{}

func (s *sharedIndexInformer) SetWatchErrorHandler(handler WatchErrorHandler) error {
	if handler == nil {
		return s.SetWatchErrorHandlerWithContext(nil)
	}
	return s.SetWatchErrorHandlerWithContext(func(_ context.Context, r *Reflector, err error) { handler(r, err) })
}

func (s *sharedIndexInformer) SetWatchErrorHandlerWithContext(handler WatchErrorHandlerWithContext) error {
	return s.configure(func() { s.watchErrorHandler = handler })
}

func (s *sharedIndexInformer) SetTransform(handler TransformFunc) error {
	return s.configure(func() { s.transform = handler })
}

// withStartedLock runs fn while holding startedLock.
func (s *sharedIndexInformer) withStartedLock(fn func()) {
	s.startedLock.Lock()
	defer s.startedLock.Unlock()
	fn()
}

// configure applies a setting that only makes sense before Run. Once the
// informer has started it leaves everything unchanged and reports an error.
func (s *sharedIndexInformer) configure(apply func()) (err error) {
	s.withStartedLock(func() {
		if !s.started {
			apply()
			return
		}
		err = errors.New("informer has already started")
	})
	return err
}

func (s *sharedIndexInformer) Run(stopCh <-chan struct{}) {
	s.RunWithContext(wait.ContextForChannel(stopCh))
}

func (s *sharedIndexInformer) RunWithContext(ctx context.Context) {
	logger := klog.FromContext(ctx)
	s.startedLock.Lock()
	if s.started || s.stopped {
		s.startedLock.Unlock()
		logger.Info("Warning: the shared informer has already been started or stopped; it runs only once")
		return
	}
	queue := newInformerQueue(logger, s.indexer, s.transform, s.identifier, s.metricsProvider)
	cfg := &Config{
		ListerWatcher:                s.listerWatcher,
		Queue:                        queue,
		ObjectDescription:            s.objectDescription,
		ObjectType:                   s.objectType,
		Process:                      s.handleDeltas,
		ProcessBatch:                 s.handleBatch,
		FullResyncPeriod:             s.resyncCheckPeriod,
		ShouldResync:                 s.processor.shouldResync,
		WatchErrorHandlerWithContext: s.watchErrorHandler,
	}
	s.controller = newController(cfg, s.name)
	s.started = true
	s.startedLock.Unlock()

	defer func() {
		s.startedLock.Lock()
		s.stopped = true
		s.startedLock.Unlock()
	}()

	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Add(3)
	go func() {
		defer wg.Done()
		s.mutationDetector.Run(ctx.Done())
	}()
	go func() {
		defer wg.Done()
		s.processor.run(ctx)
	}()
	go func() {
		defer wg.Done()
		select {
		case <-queue.HasSyncedChecker().Done():
			s.synced.markDone()
			s.processor.upstreamSynced()
		case <-ctx.Done():
		}
	}()
	s.controller.RunWithContext(ctx)
}

func (s *sharedIndexInformer) IsStopped() (stopped bool) {
	s.withStartedLock(func() { stopped = s.stopped })
	return stopped
}

func (s *sharedIndexInformer) HasSynced() bool {
	var c Controller
	s.withStartedLock(func() { c = s.controller })
	return c != nil && c.HasSynced()
}

func (s *sharedIndexInformer) HasSyncedChecker() DoneChecker { return s.synced }

func (s *sharedIndexInformer) LastSyncResourceVersion() string {
	s.startedLock.Lock()
	c := s.controller
	s.startedLock.Unlock()
	if c == nil {
		return ""
	}
	return c.LastSyncResourceVersion()
}

func (s *sharedIndexInformer) GetStore() Store { return s.indexer }

func (s *sharedIndexInformer) GetIndexer() Indexer { return s.indexer }

func (s *sharedIndexInformer) AddIndexers(indexers Indexers) (err error) {
	s.withStartedLock(func() {
		if s.stopped {
			err = errors.New("indexer was not added because the informer has stopped already")
			return
		}
		err = s.indexer.AddIndexers(indexers)
	})
	return err
}

func (s *sharedIndexInformer) GetController() Controller { return informerController{s} }

func (s *sharedIndexInformer) AddEventHandler(handler ResourceEventHandler) (ResourceEventHandlerRegistration, error) {
	return s.AddEventHandlerWithOptions(handler, HandlerOptions{})
}

func (s *sharedIndexInformer) AddEventHandlerWithResyncPeriod(handler ResourceEventHandler, resyncPeriod time.Duration) (ResourceEventHandlerRegistration, error) {
	return s.AddEventHandlerWithOptions(handler, HandlerOptions{ResyncPeriod: &resyncPeriod})
}

func (s *sharedIndexInformer) AddEventHandlerWithOptions(handler ResourceEventHandler, options HandlerOptions) (ResourceEventHandlerRegistration, error) {
	if handler == nil {
		return nil, errors.New("event handler must not be nil")
	}
	logger := klog.Background()
	if options.Logger != nil {
		logger = *options.Logger
	}
	// defaultEventHandlerResyncPeriod never changes after construction, so
	// it can be read before taking the lock.
	requested := s.defaultEventHandlerResyncPeriod
	if options.ResyncPeriod != nil {
		requested = *options.ResyncPeriod
	}
	s.startedLock.Lock()
	defer s.startedLock.Unlock()
	return s.registerLocked(logger, handler, requested)
}

// registerLocked does the work of AddEventHandlerWithOptions; the caller
// holds startedLock.
func (s *sharedIndexInformer) registerLocked(logger klog.Logger, handler ResourceEventHandler, requested time.Duration) (ResourceEventHandlerRegistration, error) {
	if s.stopped {
		return nil, fmt.Errorf("handler %v was not added to shared informer because it has stopped already", handler)
	}
	if requested > 0 {
		if requested < minimumResyncPeriod {
			logger.Info("Warning: resync period too small, raised to the minimum", "requested", requested, "minimum", minimumResyncPeriod)
			requested = minimumResyncPeriod
		}
		if requested < s.resyncCheckPeriod {
			if s.started {
				logger.Info("Warning: resync period smaller than the running informer's check period; using the check period", "requested", requested, "checkPeriod", s.resyncCheckPeriod)
				requested = s.resyncCheckPeriod
			} else {
				s.resyncCheckPeriod = requested
				s.processor.resyncCheckPeriodChanged(logger, requested)
			}
		}
	}
	l := newProcessListener(logger, handler, requested, effectiveResyncPeriod(logger, requested, s.resyncCheckPeriod),
		s.clock.Now(), s.HasSyncedChecker().(*doneSignal).isDone, s.synced.name+" handler")
	if !s.started {
		return s.processor.addListener(l), nil
	}
	// Running: hand the newcomer the current content as initial adds
	// while no notification can slip in between.
	s.blockDeltas.Lock()
	defer s.blockDeltas.Unlock()
	// Queue the initial adds before the listener starts, all at once, so
	// that it cannot report itself synced halfway through them.
	l.addInitial(s.indexer.List())
	handle := s.processor.addListener(l)
	l.checkSynced()
	return handle, nil
}

func (s *sharedIndexInformer) RemoveEventHandler(handle ResourceEventHandlerRegistration) error {
	_, err := s.removeEventHandler(handle)
	return err
}

func (s *sharedIndexInformer) removeEventHandler(handle ResourceEventHandlerRegistration) (*processorListener, error) {
	l, ok := handle.(*processorListener)
	if !ok {
		return nil, fmt.Errorf("invalid registration handle %T", handle)
	}
	s.startedLock.Lock()
	defer s.startedLock.Unlock()
	s.processor.removeListener(l)
	return l, nil
}

// ShutDownEventHandler removes a handler like RemoveEventHandler and then
// waits until it has finished the notification it may be handling. It is
// idempotent and safe for concurrent use, but must not be called from the
// handler itself (that would deadlock).
func ShutDownEventHandler(informer SharedInformer, handle ResourceEventHandlerRegistration) error {
	s, ok := informer.(*sharedIndexInformer)
	if !ok {
		if t, ok := informer.(interface{ untyped() SharedIndexInformer }); ok {
			return ShutDownEventHandler(t.untyped(), handle)
		}
		return informer.RemoveEventHandler(handle)
	}
	l, err := s.removeEventHandler(handle)
	if err != nil {
		return err
	}
	s.processor.lock.RLock()
	running := l.running
	s.processor.lock.RUnlock()
	if running {
		<-l.done
	}
	return nil
}

func (s *sharedIndexInformer) handleDeltas(obj interface{}, isInInitialList bool) error {
	deltas, ok := obj.(Deltas)
	if !ok {
		return fmt.Errorf("queue delivered %T, not Deltas", obj)
	}
	s.blockDeltas.Lock()
	defer s.blockDeltas.Unlock()
	return processDeltas(s, s.indexer, deltas, isInInitialList)
}

func (s *sharedIndexInformer) handleBatch(deltas []Delta, isInInitialList bool) error {
	s.blockDeltas.Lock()
	defer s.blockDeltas.Unlock()
	return processDeltaBatch(s, s.indexer, deltas, isInInitialList)
}

// The deltaSink methods turn cache changes into notifications.

func (s *sharedIndexInformer) added(obj interface{}, isInInitialList bool) {
	s.mutationDetector.AddObject(obj)
	s.processor.distribute(addNotification{newObj: obj, isInInitialList: isInInitialList}, false)
}

func (s *sharedIndexInformer) updated(oldObj, newObj interface{}, isSync bool) {
	s.mutationDetector.AddObject(newObj)
	s.processor.distribute(updateNotification{oldObj: oldObj, newObj: newObj}, isSync)
}

func (s *sharedIndexInformer) deleted(obj interface{}) {
	s.processor.distribute(deleteNotification{oldObj: obj}, false)
}

func (s *sharedIndexInformer) resyncAll() {
	for _, obj := range s.indexer.List() {
		s.processor.distribute(updateNotification{oldObj: obj, newObj: obj}, true)
	}
}

// informerController is what GetController returns.
type informerController struct{ s *sharedIndexInformer }

func (c informerController) Run(<-chan struct{})             {}
func (c informerController) RunWithContext(context.Context)  {}
func (c informerController) HasSynced() bool                 { return c.s.HasSynced() }
func (c informerController) HasSyncedChecker() DoneChecker   { return c.s.HasSyncedChecker() }
func (c informerController) LastSyncResourceVersion() string { return c.s.LastSyncResourceVersion() }
