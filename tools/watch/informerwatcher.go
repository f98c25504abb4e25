package watch

import (
	"context"
	"sync"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/klog/v2"

	"github.com/kclient/kclient/tools/cache"
)

// NewIndexerInformerWatcher runs an informer over lw and exposes its
// notifications as a watch.Interface: adds, updates and deletes arrive as
// Added, Modified and Deleted events, in order, and reconnects and relists
// are handled by the informer. It also returns the informer's cache and
// controller, and a channel closed once the informer has stopped after the
// watcher's Stop. The result channel is unbuffered: the informer waits for
// the reader.
func NewIndexerInformerWatcher(lw cache.ListerWatcher, objType runtime.Object) (cache.Indexer, cache.Controller, watch.Interface, <-chan struct{}) {
	return NewIndexerInformerWatcherWithLogger(klog.Background(), lw, objType)
}

// NewIndexerInformerWatcherWithLogger is NewIndexerInformerWatcher with the
// informer logging to logger.
func NewIndexerInformerWatcherWithLogger(logger klog.Logger, lw cache.ListerWatcher, objType runtime.Object) (cache.Indexer, cache.Controller, watch.Interface, <-chan struct{}) {
	ctx, cancel := context.WithCancel(klog.NewContext(context.Background(), logger))
	w := &informerWatcher{result: make(chan watch.Event), ctx: ctx, cancel: cancel, wake: make(chan struct{}, 1)}
	send := func(t watch.EventType, obj interface{}) {
		if tomb, ok := obj.(cache.DeletedFinalStateUnknown); ok {
			obj = tomb.Obj
		}
		if o, ok := obj.(runtime.Object); ok {
			w.push(watch.Event{Type: t, Object: o})
		}
	}
	indexer, controller := cache.NewIndexerInformer(lw, objType, 0, cache.ResourceEventHandlerFuncs{
		AddFunc:    func(obj interface{}) { send(watch.Added, obj) },
		UpdateFunc: func(_, obj interface{}) { send(watch.Modified, obj) },
		DeleteFunc: func(obj interface{}) { send(watch.Deleted, obj) },
	}, cache.Indexers{})
	done := make(chan struct{})
	informerDone := make(chan struct{})
	go func() {
		defer close(informerDone)
		controller.RunWithContext(ctx)
	}()
	go func() {
		defer close(done)
		defer close(w.result)
		w.deliver()
		<-informerDone
	}()
	return indexer, controller, w, done
}

// informerWatcher is the watch.Interface face of an informer. Handlers
// append to an unbounded queue so that the informer never waits for the
// reader (it could not finish its initial sync otherwise); deliver moves the
// queue to the result channel in order.
type informerWatcher struct {
	result chan watch.Event
	ctx    context.Context
	cancel context.CancelFunc
	once   sync.Once

	mu    sync.Mutex
	queue []watch.Event
	wake  chan struct{}
}

func (w *informerWatcher) push(e watch.Event) {
	w.mu.Lock()
	w.queue = append(w.queue, e)
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// deliver forwards queued events until the watcher is stopped.
func (w *informerWatcher) deliver() {
	for {
		w.mu.Lock()
		batch := w.queue
		w.queue = nil
		w.mu.Unlock()
		for _, e := range batch {
			select {
			case w.result <- e:
			case <-w.ctx.Done():
				return
			}
		}
		select {
		case <-w.wake:
		case <-w.ctx.Done():
			return
		}
	}
}

func (w *informerWatcher) ResultChan() <-chan watch.Event { return w.result }

func (w *informerWatcher) Stop() { w.once.Do(w.cancel) }
