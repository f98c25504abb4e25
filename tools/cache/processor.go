package cache

import (
	"context"
	"sync"
	"time"

	"k8s.io/klog/v2"
	"k8s.io/utils/clock"
)

// The notifications a shared informer delivers to its handlers.
type (
	addNotification struct {
		newObj          interface{}
		isInInitialList bool
	}
	updateNotification struct {
		oldObj, newObj interface{}
	}
	deleteNotification struct {
		oldObj interface{}
	}
)

// sharedProcessor fans notifications out to the listeners (one per
// registered handler) of a shared informer. It is safe for concurrent use.
type sharedProcessor struct {
	clock clock.Clock

	lock      sync.RWMutex
	listeners map[*processorListener]bool // value: currently syncing
	running   bool
	ctx       context.Context
	wg        sync.WaitGroup
}

func newSharedProcessor(c clock.Clock) *sharedProcessor {
	return &sharedProcessor{clock: c, listeners: map[*processorListener]bool{}}
}

// addListener registers l and, if the processor runs, starts it.
func (p *sharedProcessor) addListener(l *processorListener) ResourceEventHandlerRegistration {
	p.lock.Lock()
	defer p.lock.Unlock()
	p.listeners[l] = false
	if p.running {
		p.start(l)
	}
	return l
}

func (p *sharedProcessor) start(l *processorListener) {
	l.running = true
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		l.run()
	}()
}

// removeListener unregisters l and stops it; notifications still buffered
// for it are dropped.
func (p *sharedProcessor) removeListener(l *processorListener) bool {
	p.lock.Lock()
	defer p.lock.Unlock()
	if _, ok := p.listeners[l]; !ok {
		return false
	}
	delete(p.listeners, l)
	l.stop()
	return true
}

// distribute hands obj to every listener, or with sync only to those
// currently due for a resync.
func (p *sharedProcessor) distribute(obj interface{}, sync bool) {
	p.lock.RLock()
	defer p.lock.RUnlock()
	for l, syncing := range p.listeners {
		if !sync || syncing {
			l.add(obj)
		}
	}
}

// run starts all listeners and stops them when ctx ends, returning once
// every listener goroutine has finished.
func (p *sharedProcessor) run(ctx context.Context) {
	p.lock.Lock()
	p.running = true
	p.ctx = ctx
	for l := range p.listeners {
		p.start(l)
	}
	p.lock.Unlock()

	<-ctx.Done()

	p.lock.Lock()
	p.running = false
	for l := range p.listeners {
		l.stop()
	}
	p.lock.Unlock()
	p.wg.Wait()
}

// upstreamSynced tells listeners that the informer has synced.
func (p *sharedProcessor) upstreamSynced() {
	p.lock.RLock()
	defer p.lock.RUnlock()
	for l := range p.listeners {
		l.checkSynced()
	}
}

// shouldResync marks the listeners due for a resync and reports whether
// there are any. It is the reflector's ShouldResync.
func (p *sharedProcessor) shouldResync() bool {
	p.lock.Lock()
	defer p.lock.Unlock()
	now := p.clock.Now()
	any := false
	for l := range p.listeners {
		due := l.dueForResync(now)
		p.listeners[l] = due
		if due {
			any = true
			l.scheduleResync(now)
		}
	}
	return any
}

// resyncCheckPeriodChanged adapts listeners to a new check period.
func (p *sharedProcessor) resyncCheckPeriodChanged(logger klog.Logger, period time.Duration) {
	p.lock.Lock()
	defer p.lock.Unlock()
	for l := range p.listeners {
		l.setResyncPeriod(effectiveResyncPeriod(logger, l.requestedResyncPeriod, period))
	}
}

// effectiveResyncPeriod is requested rounded up to the check period.
func effectiveResyncPeriod(logger klog.Logger, requested, check time.Duration) time.Duration {
	if requested == 0 {
		return 0
	}
	if check == 0 {
		logger.Info("Warning: resync requested but the informer does not resync; no resyncs will happen", "requested", requested)
		return 0
	}
	return max(requested, check)
}

// processorListener delivers notifications to one handler, in order, from
// an unbounded buffer, so that a slow handler never blocks the informer or
// the other handlers. It is the handler's registration handle.
type processorListener struct {
	handler ResourceEventHandler
	logger  klog.Logger

	mu      sync.Mutex
	cond    sync.Cond
	buffer  ring[interface{}]
	stopped bool
	done    chan struct{} // closed when run returns
	running bool          // run was started; guarded by the processor's lock

	// pendingInitial counts initial-list adds not yet handled.
	pendingInitial int
	upstream       func() bool
	synced         *doneSignal

	requestedResyncPeriod time.Duration
	resyncPeriod          time.Duration
	nextResync            time.Time
}

var _ ResourceEventHandlerRegistration = &processorListener{}

func newProcessListener(logger klog.Logger, handler ResourceEventHandler, requested, effective time.Duration, now time.Time, upstream func() bool, name string) *processorListener {
	l := &processorListener{
		handler:               handler,
		logger:                logger,
		done:                  make(chan struct{}),
		upstream:              upstream,
		synced:                newDoneSignal(name),
		requestedResyncPeriod: requested,
		resyncPeriod:          effective,
	}
	l.cond.L = &l.mu
	l.scheduleResync(now)
	return l
}

// add buffers a notification; it never blocks on the handler.
func (l *processorListener) add(n interface{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stopped {
		return
	}
	if a, ok := n.(addNotification); ok && a.isInInitialList {
		l.pendingInitial++
	}
	l.buffer.push(n)
	l.cond.Signal()
}

// addInitial buffers an add notification, part of the initial list, for
// each of objs, atomically.
func (l *processorListener) addInitial(objs []interface{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stopped {
		return
	}
	for _, obj := range objs {
		l.buffer.push(addNotification{newObj: obj, isInInitialList: true})
	}
	l.pendingInitial += len(objs)
	l.cond.Signal()
}

func (l *processorListener) stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stopped = true
	l.buffer.reset()
	l.cond.Signal()
}

// run delivers buffered notifications until stopped.
func (l *processorListener) run() {
	defer close(l.done)
	for {
		l.mu.Lock()
		for l.buffer.len() == 0 && !l.stopped {
			l.cond.Wait()
		}
		if l.stopped {
			l.mu.Unlock()
			return
		}
		n := l.buffer.pop()
		if l.buffer.len() == 0 && cap(l.buffer.items) > shrinkThreshold {
			l.buffer.reset() // give back the memory of a large backlog
		}
		l.mu.Unlock()
		initial := l.deliver(n)
		if initial {
			l.mu.Lock()
			l.pendingInitial--
			l.mu.Unlock()
			l.checkSynced()
		}
	}
}

func (l *processorListener) deliver(n interface{}) (initial bool) {
	switch n := n.(type) {
	case addNotification:
		l.handler.OnAdd(n.newObj, n.isInInitialList)
		return n.isInInitialList
	case updateNotification:
		l.handler.OnUpdate(n.oldObj, n.newObj)
	case deleteNotification:
		l.handler.OnDelete(n.oldObj)
	default:
		l.logger.Error(nil, "Unknown notification type", "notification", n)
	}
	return false
}

// checkSynced completes the registration's sync once the informer has
// synced and every initial add was handled.
func (l *processorListener) checkSynced() {
	l.mu.Lock()
	pending := l.pendingInitial
	l.mu.Unlock()
	if pending == 0 && l.upstream() {
		l.synced.markDone()
	}
}

// HasSynced reports whether the informer has synced and this handler has
// handled every object of the initial list.
func (l *processorListener) HasSynced() bool {
	if IsDone(l.synced) {
		return true
	}
	l.checkSynced()
	return IsDone(l.synced)
}

// HasSyncedChecker is HasSynced as a DoneChecker.
func (l *processorListener) HasSyncedChecker() DoneChecker { return l.synced }

// The resync bookkeeping is guarded by the processor's lock.

func (l *processorListener) dueForResync(now time.Time) bool {
	return l.resyncPeriod != 0 && !now.Before(l.nextResync)
}

func (l *processorListener) scheduleResync(now time.Time) {
	l.nextResync = now.Add(l.resyncPeriod)
}

func (l *processorListener) setResyncPeriod(d time.Duration) { l.resyncPeriod = d }
