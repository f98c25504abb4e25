package cache

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"

	"k8s.io/klog/v2"
)

// DoneChecker names an activity (such as a cache sync) and lets callers wait
// for it without polling. Use IsDone to check without blocking and WaitFor
// to wait for several.
type DoneChecker interface {
	// Name describes what is being waited for. It may be computed, so
	// call it outside hot paths.
	Name() string

	// Done returns a channel that is closed when the activity completes.
	Done() <-chan struct{}
}

// IsDone reports, without blocking, whether checker's activity completed.
func IsDone(checker DoneChecker) bool {
	done := false
	select {
	case <-checker.Done():
		done = true
	default:
	}
	return done
}

// WaitFor blocks until every checker is done (true) or ctx ends first
// (false). If what is not empty, progress is logged at the context logger's
// level 0 under that description.
func WaitFor(ctx context.Context, what string, checkers ...DoneChecker) bool {
	logger := klog.FromContext(ctx)
	if what != "" {
		logger.Info("Waiting", "for", what)
	}
	for _, c := range checkers {
		select {
		case <-c.Done():
		case <-ctx.Done():
			if what != "" {
				logger.Info("Stopped waiting", "for", what, "notDone", c.Name(), "cause", context.Cause(ctx))
			}
			return false
		}
	}
	if what != "" {
		logger.Info("Done", "for", what)
	}
	return true
}

// doneSignal is a DoneChecker that completes once, when markDone is called.
// Its zero value is not usable; use newDoneSignal.
type doneSignal struct {
	name string
	once sync.Once
	ch   chan struct{}
}

func newDoneSignal(name string) *doneSignal {
	return &doneSignal{name: name, ch: make(chan struct{})}
}

func (d *doneSignal) Name() string          { return d.name }
func (d *doneSignal) Done() <-chan struct{} { return d.ch }
func (d *doneSignal) markDone()             { d.once.Do(func() { close(d.ch) }) }

// InformerSynced reports whether an informer (or a handler registration) has
// synced.
type InformerSynced func() bool

// syncPollPeriod is how often WaitForCacheSync re-checks InformerSynced
// functions, which offer no way to be notified.
const syncPollPeriod = 100 * time.Millisecond

// WaitForCacheSync polls cacheSyncs until all return true (true) or stopCh
// is closed (false). Prefer WaitForNamedCacheSync, which logs.
func WaitForCacheSync(stopCh <-chan struct{}, cacheSyncs ...InformerSynced) bool {
	allSynced := func() bool {
		for _, synced := range cacheSyncs {
			if !synced() {
				return false
			}
		}
		return true
	}
	if allSynced() {
		return true
	}
	ticker := time.NewTicker(syncPollPeriod)
	defer ticker.Stop()
	for {
		select {
		case <-stopCh:
			return false
		case <-ticker.C:
			if allSynced() {
				return true
			}
		}
	}
}

// WaitForNamedCacheSync is WaitForCacheSync that logs, under controllerName,
// when waiting starts and how it ended.
//
// Contextual logging: use WaitForNamedCacheSyncWithContext in code that
// supports it.
func WaitForNamedCacheSync(controllerName string, stopCh <-chan struct{}, cacheSyncs ...InformerSynced) bool {
	logger := klog.Background().WithValues("controller", controllerName)
	return waitLogged(logger, stopCh, cacheSyncs)
}

// WaitForNamedCacheSyncWithContext is WaitForCacheSync until ctx ends, logging
// start and outcome through the context's logger at level 0.
func WaitForNamedCacheSyncWithContext(ctx context.Context, cacheSyncs ...InformerSynced) bool {
	return waitLogged(klog.FromContext(ctx), ctx.Done(), cacheSyncs)
}

func waitLogged(logger klog.Logger, stopCh <-chan struct{}, cacheSyncs []InformerSynced) bool {
	logger.Info("Waiting for caches to sync")
	if !WaitForCacheSync(stopCh, cacheSyncs...) {
		logger.Error(nil, "Unable to sync caches")
		return false
	}
	logger.Info("Caches are synced")
	return true
}

// SyncResult summarises a shared informer factory's wait for its informers:
// Err is nil if all synced, otherwise why waiting stopped
// (context.Cause of the context), and Synced records each informer's state,
// by the type of object it informs about.
type SyncResult struct {
	Err    error
	Synced map[reflect.Type]bool
}

// AsError returns nil if every informer synced, otherwise an error that
// wraps Err and names the informers that did not sync.
func (c SyncResult) AsError() error {
	var notSynced []string
	for t, synced := range c.Synced {
		if !synced {
			notSynced = append(notSynced, t.String())
		}
	}
	if c.Err == nil && len(notSynced) == 0 {
		return nil
	}
	sort.Strings(notSynced)
	err := c.Err
	if err == nil {
		err = context.Canceled
	}
	return fmt.Errorf("failed to sync all caches: %s: %w", strings.Join(notSynced, ", "), err)
}

func (d *doneSignal) isDone() bool { return IsDone(d) }
