package watch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/klog/v2"

	"github.com/kclient/kclient/tools/cache"
)

// restartDelay is the least time between two watch requests of a
// RetryWatcher, so that a failing server is not hammered.
const restartDelay = time.Second

// RetryWatcher is a watch.Interface that survives the end of individual
// watch requests: whenever a watch closes or fails to start it opens a new
// one from the resourceVersion of the last event it delivered (bookmarks
// included), so consumers see each change once. When the server answers
// that this version is too old (410 Gone or Expired) a history gap is
// unavoidable: the watcher then delivers that Error event and stops. It
// also stops, with an Error event, on an object without a resourceVersion.
//
// Create it with NewRetryWatcherWithContext; stop it with Stop or by
// cancelling its context. Done is closed once its goroutine has ended.
type RetryWatcher struct {
	lastResourceVersion string
	client              cache.WatcherWithContext
	result              chan watch.Event
	cancel              context.CancelFunc
	done                chan struct{}
}

// NewRetryWatcher is NewRetryWatcherWithContext with a background context.
//
// Deprecated: use NewRetryWatcherWithContext.
func NewRetryWatcher(initialResourceVersion string, watcherClient cache.Watcher) (*RetryWatcher, error) {
	return NewRetryWatcherWithContext(context.Background(), initialResourceVersion, cache.ToWatcherWithContext(watcherClient))
}

// NewRetryWatcherWithContext starts watching through watcherClient from
// initialResourceVersion, which must be a concrete version: "" and "0" are
// rejected because a watch from them starts with a synthetic list whose
// replay cannot be resumed exactly. The watcher runs until ctx is done or
// Stop is called.
func NewRetryWatcherWithContext(ctx context.Context, initialResourceVersion string, watcherClient cache.WatcherWithContext) (*RetryWatcher, error) {
	switch initialResourceVersion {
	case "", "0":
		return nil, fmt.Errorf("RetryWatcher needs a concrete initial resourceVersion, not %q: a watch from it cannot be resumed exactly", initialResourceVersion)
	}
	ctx, cancel := context.WithCancel(ctx)
	rw := &RetryWatcher{
		lastResourceVersion: initialResourceVersion,
		client:              watcherClient,
		result:              make(chan watch.Event),
		cancel:              cancel,
		done:                make(chan struct{}),
	}
	go rw.run(ctx)
	return rw, nil
}

// ResultChan delivers the events; it is closed when the watcher stops.
func (rw *RetryWatcher) ResultChan() <-chan watch.Event { return rw.result }

// Stop ends the watcher. It may be called more than once.
func (rw *RetryWatcher) Stop() { rw.cancel() }

// Done is closed when the watcher has stopped and closed ResultChan.
func (rw *RetryWatcher) Done() <-chan struct{} { return rw.done }

func (rw *RetryWatcher) run(ctx context.Context) {
	defer close(rw.done)
	defer close(rw.result)
	logger := klog.FromContext(ctx)
	for {
		started := time.Now()
		if stop := rw.watchOnce(ctx, logger); stop {
			return
		}
		wait := restartDelay - time.Since(started)
		if wait < 0 {
			wait = 0
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// watchOnce runs one watch request to its end and reports whether the
// watcher must stop for good.
func (rw *RetryWatcher) watchOnce(ctx context.Context, logger klog.Logger) bool {
	w, err := rw.client.WatchWithContext(ctx, metav1.ListOptions{
		ResourceVersion:     rw.lastResourceVersion,
		AllowWatchBookmarks: true,
	})
	if err != nil {
		if ctx.Err() != nil {
			return true
		}
		var status apierrors.APIStatus
		if errors.As(err, &status) && isGone(status.Status().Code) {
			return rw.giveUp(ctx, &watch.Event{Type: watch.Error, Object: ptr(status.Status())})
		}
		logger.V(2).Info("RetryWatcher: starting the watch failed, will retry", "resourceVersion", rw.lastResourceVersion, "err", err)
		return false
	}
	defer w.Stop()
	for {
		select {
		case <-ctx.Done():
			return true
		case event, ok := <-w.ResultChan():
			if !ok {
				logger.V(4).Info("RetryWatcher: watch closed, restarting", "resourceVersion", rw.lastResourceVersion)
				return false
			}
			switch event.Type {
			case watch.Added, watch.Modified, watch.Deleted, watch.Bookmark:
				obj, ok := event.Object.(interface{ GetResourceVersion() string })
				if !ok || obj.GetResourceVersion() == "" {
					err := apierrors.NewInternalError(fmt.Errorf("RetryWatcher: %s event carries %T without a resourceVersion; cannot resume after it", event.Type, event.Object))
					return rw.giveUp(ctx, &watch.Event{Type: watch.Error, Object: ptr(err.Status())})
				}
				if event.Type != watch.Bookmark {
					select {
					case rw.result <- event:
					case <-ctx.Done():
						return true
					}
				}
				rw.lastResourceVersion = obj.GetResourceVersion()
			case watch.Error:
				status, ok := event.Object.(*metav1.Status)
				switch {
				case ok && isGone(status.Code):
					return rw.giveUp(ctx, &event)
				case ok && (status.Code == http.StatusGatewayTimeout || status.Code == http.StatusInternalServerError):
					logger.V(4).Info("RetryWatcher: transient watch error, restarting", "code", status.Code, "message", status.Message)
					return false
				default:
					select {
					case rw.result <- event:
					case <-ctx.Done():
						return true
					}
					return false
				}
			default:
				logger.Info("RetryWatcher: ignoring event of unknown type", "type", event.Type)
			}
		}
	}
}

// giveUp delivers a final error event and reports that the watcher stops.
func (rw *RetryWatcher) giveUp(ctx context.Context, event *watch.Event) bool {
	select {
	case rw.result <- *event:
	case <-ctx.Done():
	}
	return true
}

func isGone(code int32) bool { return code == http.StatusGone }

func ptr[T any](v T) *T { return &v }
