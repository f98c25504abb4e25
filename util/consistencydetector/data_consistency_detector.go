// Package consistencydetector cross-checks the data an informer built from a
// watch-list stream against a plain LIST served from etcd at the same
// resourceVersion. It exists to catch apiserver or client bugs in tests and
// CI: it costs an extra LIST and crashes the process on a mismatch, so it is
// off unless KUBE_WATCHLIST_INCONSISTENCY_DETECTOR=true is set when the
// binary starts.
package consistencydetector

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/diff"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/klog/v2"
)

// envVar is read once at startup to enable the detector.
const envVar = "KUBE_WATCHLIST_INCONSISTENCY_DETECTOR"

var enabled atomic.Bool

func init() {
	on, _ := strconv.ParseBool(os.Getenv(envVar))
	enabled.Store(on)
}

// IsDataConsistencyDetectionForWatchListEnabled reports whether
// KUBE_WATCHLIST_INCONSISTENCY_DETECTOR held a true value when the process
// started (or what a test set with
// SetDataConsistencyDetectionForWatchListEnabledForTest).
func IsDataConsistencyDetectionForWatchListEnabled() bool {
	return enabled.Load()
}

// SetDataConsistencyDetectionForWatchListEnabledForTest overrides the
// environment setting and returns a function that restores the previous
// value. Meant for tests; it affects the whole process.
func SetDataConsistencyDetectionForWatchListEnabledForTest(on bool) func() {
	prev := enabled.Swap(on)
	return func() { enabled.Store(prev) }
}

// RetrieveItemsFunc returns the objects the client currently holds, for
// example an informer store's List.
type RetrieveItemsFunc[U any] func() []U

// ListFunc performs a LIST against the server.
type ListFunc[T runtime.Object] func(ctx context.Context, options metav1.ListOptions) (T, error)

// TransformFunc is applied to every listed item before comparing, so items
// go through the same transformation the informer applied to its own copy.
type TransformFunc func(interface{}) (interface{}, error)

// CheckDataConsistency compares what retrieveItemsFn returns with a LIST at
// lastSyncedResourceVersion (ResourceVersionMatch=Exact) made through
// listFn, retrying the LIST every second until it succeeds or ctx ends.
// Objects are matched by UID and compared with reflect.DeepEqual after
// listItemTransformFunc (if not nil).
//
// It runs regardless of the environment variable; callers check
// IsDataConsistencyDetectionForWatchListEnabled first. It does nothing when
// lastSyncedResourceVersion is "0" or listOptions carries a continue token,
// since no exact LIST can be formed then. Problems running the check (the
// LIST never succeeds, items lack object metadata, the transform fails) are
// logged and the check is abandoned. A real mismatch is logged with a diff
// and then panics with "data inconsistency detected for <identity>": the
// detector's purpose is to stop a test run at the first inconsistency.
// identity may be empty if the logger in ctx already says what is watched.
func CheckDataConsistency[T runtime.Object, U any](ctx context.Context, identity string, lastSyncedResourceVersion string, listFn ListFunc[T], listItemTransformFunc TransformFunc, listOptions metav1.ListOptions, retrieveItemsFn RetrieveItemsFunc[U]) {
	logger := klog.FromContext(ctx)
	if identity != "" {
		logger = klog.LoggerWithName(logger, identity)
	}
	if listOptions.Continue != "" || lastSyncedResourceVersion == "0" {
		logger.V(4).Info("Skipping the watch-list data consistency check: no exact LIST can be formed", "resourceVersion", lastSyncedResourceVersion)
		return
	}
	logger.Info("Warning: watch-list data consistency check enabled, making an extra LIST call to the apiserver")

	held, err := metaObjects(retrieveItemsFn())
	if err != nil {
		logger.Error(err, "Skipping the watch-list data consistency check: cannot read the cached items")
		return
	}
	opts := listOptions
	// A limited LIST at "0" may have returned more items than the limit (the
	// watch cache ignores it); an exact LIST honours it, so drop it to fetch
	// everything the client holds.
	if opts.ResourceVersion == "0" && opts.Limit > 0 && int64(len(held)) > opts.Limit {
		opts.Limit = 0
	}
	opts.ResourceVersion = lastSyncedResourceVersion
	opts.ResourceVersionMatch = metav1.ResourceVersionMatchExact

	var list T
	err = wait.PollUntilContextCancel(ctx, time.Second, true, func(context.Context) (bool, error) {
		var lerr error
		if list, lerr = listFn(ctx, opts); lerr != nil {
			logger.Info("LIST for the watch-list data consistency check failed, retrying", "err", lerr)
			return false, nil
		}
		return true, nil
	})
	if err != nil {
		logger.Error(err, "Giving up the watch-list data consistency check: the LIST did not succeed before the context ended")
		return
	}

	items, err := meta.ExtractListWithAlloc(list)
	if err != nil {
		logger.Error(err, "Skipping the watch-list data consistency check: the LIST response is not a list")
		return
	}
	listed := make([]interface{}, len(items))
	for i, item := range items {
		listed[i] = item
		if listItemTransformFunc != nil {
			if listed[i], err = listItemTransformFunc(item); err != nil {
				logger.Error(err, "Skipping the watch-list data consistency check: transforming a listed item failed")
				return
			}
		}
	}
	fromServer, err := metaObjects(listed)
	if err != nil {
		logger.Error(err, "Skipping the watch-list data consistency check: cannot read the listed items")
		return
	}

	byUID := func(a, b metav1.Object) int { return cmp.Compare(a.GetUID(), b.GetUID()) }
	slices.SortFunc(fromServer, byUID)
	slices.SortFunc(held, byUID)
	if !reflect.DeepEqual(fromServer, held) {
		logger.Info("Data received through watch-list differs from a LIST served by etcd", "diff", diff.Diff(fromServer, held))
		panic(fmt.Sprintf("data inconsistency detected for %s, panicking!", identity))
	}
}

// metaObjects returns the object metadata accessor of every item.
func metaObjects[U any](items []U) ([]metav1.Object, error) {
	out := make([]metav1.Object, len(items))
	for i, item := range items {
		m, err := meta.Accessor(item)
		if err != nil {
			return nil, fmt.Errorf("item %d (%T): %w", i, item, err)
		}
		out[i] = m
	}
	return out, nil
}
