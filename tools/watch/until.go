package watch

import (
	"context"
	"errors"
	"fmt"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/klog/v2"

	"github.com/kclient/kclient/tools/cache"
)

// ErrWatchClosed is returned by UntilWithoutRetry when the watch ends before
// every condition was met.
var ErrWatchClosed = errors.New("watch closed before UntilWithoutRetry timeout")

// ConditionFunc inspects one event: true means the condition is met, an
// error aborts the wait.
type ConditionFunc func(event watch.Event) (bool, error)

// PreconditionFunc inspects the synced cache before UntilWithSync looks at
// events: true ends the wait right away (with a nil event), an error aborts
// it.
type PreconditionFunc func(store cache.Store) (bool, error)

// UntilWithoutRetry feeds the events of watcher to conditions, in order:
// each condition sees events until it returns true, then the next one takes
// over. It returns the last event seen when all are met, or with an error
// when a condition fails, the watch ends (ErrWatchClosed) or ctx is done
// (an error for which wait.Interrupted is true). It always stops watcher.
//
// A plain watch can end at any time; prefer Until or UntilWithSync, which
// survive that.
func UntilWithoutRetry(ctx context.Context, watcher watch.Interface, conditions ...ConditionFunc) (*watch.Event, error) {
	defer watcher.Stop()
	var last *watch.Event
	for _, condition := range conditions {
		if err := waitFor(ctx, watcher, condition, &last); err != nil {
			return last, err
		}
	}
	return last, nil
}

// waitFor consumes events until condition holds; *last tracks the newest
// event.
func waitFor(ctx context.Context, watcher watch.Interface, condition ConditionFunc, last **watch.Event) error {
	for {
		select {
		case event, ok := <-watcher.ResultChan():
			if !ok {
				return ErrWatchClosed
			}
			*last = &event
			met, err := condition(event)
			if err != nil || met {
				return err
			}
		case <-ctx.Done():
			return wait.ErrWaitTimeout //nolint:staticcheck // callers test it with wait.Interrupted
		}
	}
}

// Until is UntilWithoutRetry over a RetryWatcher started at
// initialResourceVersion, so a closed connection does not end the wait.
// initialResourceVersion must be a real version, not "" or "0".
func Until(ctx context.Context, initialResourceVersion string, watcherClient cache.Watcher, conditions ...ConditionFunc) (*watch.Event, error) {
	w, err := NewRetryWatcherWithContext(ctx, initialResourceVersion, cache.ToWatcherWithContext(watcherClient))
	if err != nil {
		return nil, err
	}
	return UntilWithoutRetry(ctx, w, conditions...)
}

// UntilWithSync lists and watches lw through an informer, so that no event
// is lost to reconnects or relists. Once the cache has synced, precondition
// (if not nil) may end the wait early from the cache's contents; otherwise
// conditions are applied to the informer's events as in UntilWithoutRetry.
// The informer is stopped before UntilWithSync returns.
func UntilWithSync(ctx context.Context, lw cache.ListerWatcher, objType runtime.Object, precondition PreconditionFunc, conditions ...ConditionFunc) (*watch.Event, error) {
	indexer, informer, watcher, done := NewIndexerInformerWatcherWithLogger(klog.FromContext(ctx), lw, objType)
	defer func() {
		watcher.Stop()
		<-done
	}()
	if precondition != nil {
		if !cache.WaitForCacheSync(ctx.Done(), informer.HasSynced) {
			return nil, fmt.Errorf("UntilWithSync: cache did not sync: %w", context.Cause(ctx))
		}
		met, err := precondition(indexer)
		if err != nil {
			return nil, fmt.Errorf("UntilWithSync: precondition failed: %w", err)
		}
		if met {
			return nil, nil
		}
	}
	return UntilWithoutRetry(ctx, watcher, conditions...)
}

// ContextWithOptionalTimeout derives a context from parent that ends after
// timeout, or only on cancel when timeout is zero. A negative timeout is
// treated as zero.
func ContextWithOptionalTimeout(parent context.Context, timeout time.Duration) (context.Context, context.CancelFunc) {
	if timeout <= 0 {
		return context.WithCancel(parent)
	}
	return context.WithTimeout(parent, timeout)
}
