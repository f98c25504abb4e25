package cache

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/klog/v2"
	"k8s.io/utils/clock"

	"github.com/kclient/kclient/features"
	"github.com/kclient/kclient/internal/protodec"
	"github.com/kclient/kclient/util/consistencydetector"
)

const (
	// defaultPageSize is the page size of paginated lists.
	defaultPageSize = 500
	// defaultMinWatchTimeout is the shortest server-side watch timeout a
	// reflector asks for; the actual one is randomised up to twice this, so
	// that many reflectors do not reconnect at once.
	defaultMinWatchTimeout = 5 * time.Minute
	// veryShortWatch is how soon a watch may end without events before it
	// counts as a failure.
	veryShortWatch = time.Second
	// backoffReset is how long a reflector must run without failing for
	// its backoff to start again from the beginning.
	backoffReset = 2 * time.Minute
)

// defaultBackoff paces relists and reconnects after failures.
var defaultBackoff = wait.Backoff{Duration: 800 * time.Millisecond, Cap: 30 * time.Second, Factor: 2.0, Jitter: 1.0, Steps: int(^uint(0) >> 1)}

// Reflector keeps a ReflectorStore equal to the state of one collection on
// the server.
//
// It lists the collection and Replaces the store's content with the result,
// then watches from the list's resource version and applies every event.
// When a watch ends normally it starts a new one where the last one stopped,
// so no change is lost or applied twice. When the server says that resource
// version is gone (410 Gone / Expired), or the watch fails otherwise, it
// relists, pacing retries with exponential backoff.
//
// Lists are paginated. The first list asks for resource version "0" (any
// recent state, typically served from the apiserver's watch cache); after
// an Expired error the reflector asks for the latest state ("").
//
// When the WatchListClient feature gate is on, the reflector first tries to
// get the initial state as a stream: a watch with sendInitialEvents=true,
// whose end is marked by a bookmark with the "k8s.io/initial-events-end"
// annotation; it then continues on the same watch. If the server or the
// ListerWatcher does not support this, it falls back to LIST and WATCH.
//
// The exported fields may be set before the reflector runs, not after.
type Reflector struct {
	name            string
	typeDescription string
	expectedType    reflect.Type
	expectedGVK     *schema.GroupVersionKind
	store           ReflectorStore
	listerWatcher   ListerWatcherWithContext
	rawLW           ListerWatcher
	resyncPeriod    time.Duration
	minWatchTimeout time.Duration
	clock           clock.Clock
	delay           wait.DelayFunc
	logger          *klog.Logger
	metrics         *reflectorMetricsSet

	watchErrorHandler WatchErrorHandlerWithContext

	rvLock                               sync.RWMutex
	lastSyncResourceVersion              string
	isLastSyncResourceVersionUnavailable bool
	// paginatedResult records that a list with resource version "0" came
	// back in pages: the server honours paging there (no watch cache), so
	// later lists keep paging.
	paginatedResult bool

	// WatchListPageSize is the page size of lists. Zero means: pages of
	// 500 when listing at resource version "" or "0" (or once the server
	// has paged such a list), no paging otherwise, so that lists from a
	// specific version can be served from the watch cache. Paging forces
	// the apiserver to read from etcd; set it with care.
	WatchListPageSize int64
	// ShouldResync is consulted every resync period; when it returns true
	// (or is nil) the store's Resync is called.
	ShouldResync func() bool
	// MaxInternalErrorRetryDuration is how long watches failing with
	// internal server errors are retried before the reflector relists.
	MaxInternalErrorRetryDuration time.Duration
}

// ReflectorOptions configures NewReflectorWithOptions. Every field is
// optional.
type ReflectorOptions struct {
	// Logger receives the reflector's log output, tagged with the reflector's
	// name; nil means klog.Background().
	Logger *klog.Logger

	// Name names the reflector in logs and metrics. The default is the
	// file:line of the closest caller outside this package.
	Name string

	// TypeDescription describes the watched type in logs. The default is
	// "<unspecified>" for a nil expected type, the apiVersion and kind of an
	// *unstructured.Unstructured that has them, and the Go type otherwise.
	TypeDescription string

	// ResyncPeriod is how often the store is resynced (see
	// Reflector.ShouldResync); zero means never.
	ResyncPeriod time.Duration

	// MinWatchTimeout is the shortest watch timeout requested from the
	// server; values below 5m are raised to 5m to protect the control
	// plane.
	MinWatchTimeout time.Duration

	// Clock lets tests control time; the default is the real clock.
	Clock clock.Clock

	// Backoff replaces the default exponential backoff between failed
	// attempts. The reflector calls DelayWithReset(clock, resetDuration) on
	// it.
	Backoff *wait.Backoff
}

// WatchErrorHandler is called whenever a reflector's list or watch fails;
// the reflector then backs off and retries. It is meant for visibility and
// must return quickly.
type WatchErrorHandler func(r *Reflector, err error)

// WatchErrorHandlerWithContext is WatchErrorHandler with the reflector's
// context.
type WatchErrorHandlerWithContext func(ctx context.Context, r *Reflector, err error)

// DefaultWatchErrorHandler logs err at a level matching how alarming it is:
// expired resource versions and closed connections are routine.
func DefaultWatchErrorHandler(ctx context.Context, r *Reflector, err error) {
	logger := klog.FromContext(ctx)
	switch {
	case isExpiredError(err):
		logger.V(4).Info("Watch closed", "reflector", r.name, "type", r.typeDescription, "err", err)
	case errors.Is(err, io.EOF):
		logger.V(4).Info("Watch closed", "reflector", r.name, "type", r.typeDescription)
	case errors.Is(err, io.ErrUnexpectedEOF):
		logger.V(1).Info("Watch closed with unexpected EOF", "reflector", r.name, "type", r.typeDescription, "err", err)
	default:
		utilruntime.HandleErrorWithContext(ctx, err, "Failed to watch", "reflector", r.name, "type", r.typeDescription)
	}
}

// VeryShortWatchError is returned when a watch ended within a second of
// starting without delivering any event, which usually means something is
// wrong with the server or the connection.
type VeryShortWatchError struct {
	// Name of the Reflector
	Name string
}

// Error implements error.
func (e *VeryShortWatchError) Error() string {
	return fmt.Sprintf("very short watch: %s: Unexpected watch close - watch lasted less than a second and no items received", e.Name)
}

// NewReflector returns a Reflector named after its caller; see
// NewReflectorWithOptions.
func NewReflector(lw ListerWatcher, expectedType interface{}, store ReflectorStore, resyncPeriod time.Duration) *Reflector {
	return NewReflectorWithOptions(lw, expectedType, store, ReflectorOptions{ResyncPeriod: resyncPeriod})
}

// NewNamedReflector is NewReflector with an explicit name (used in logs
// and metrics); see
// NewReflectorWithOptions.
func NewNamedReflector(name string, lw ListerWatcher, expectedType interface{}, store ReflectorStore, resyncPeriod time.Duration) *Reflector {
	return NewReflectorWithOptions(lw, expectedType, store, ReflectorOptions{Name: name, ResyncPeriod: resyncPeriod})
}

// NewReflectorWithOptions returns a Reflector that keeps store up to date
// with the collection lw lists and watches. Unless expectedType is nil, only
// objects of its Go type (and, for an *unstructured.Unstructured with
// apiVersion and kind, of that kind) are put into the store; others are
// logged and skipped. Nothing happens until Run or RunWithContext.
func NewReflectorWithOptions(lw ListerWatcher, expectedType interface{}, store ReflectorStore, options ReflectorOptions) *Reflector {
	c := options.Clock
	if c == nil {
		c = clock.RealClock{}
	}
	minWatchTimeout := max(options.MinWatchTimeout, defaultMinWatchTimeout)
	if lw == nil {
		lw = &ListWatch{} // fails every call instead of panicking
	}
	backoff := defaultBackoff
	if options.Backoff != nil {
		backoff = *options.Backoff
	}
	r := &Reflector{
		name:            options.Name,
		typeDescription: options.TypeDescription,
		store:           store,
		listerWatcher:   ToListerWatcherWithContext(lw),
		rawLW:           lw,
		resyncPeriod:    options.ResyncPeriod,
		minWatchTimeout: minWatchTimeout,
		clock:           c,
		delay:           backoff.DelayWithReset(c, backoffReset),
		logger:          options.Logger,
		watchErrorHandler: func(ctx context.Context, r *Reflector, err error) {
			DefaultWatchErrorHandler(ctx, r, err)
		},
	}
	if r.name == "" {
		r.name = callerOutsidePackage()
	}
	if expectedType != nil {
		r.expectedType = reflect.TypeOf(expectedType)
		if u, ok := expectedType.(*unstructured.Unstructured); ok {
			if gvk := u.GroupVersionKind(); !gvk.Empty() {
				r.expectedGVK = &gvk
			}
		}
	}
	if r.typeDescription == "" {
		switch {
		case expectedType == nil:
			r.typeDescription = "<unspecified>"
		case r.expectedGVK != nil:
			r.typeDescription = r.expectedGVK.String()
		default:
			r.typeDescription = r.expectedType.String()
		}
	}
	r.metrics = newReflectorMetrics(r.name)
	return r
}

// NewNamespaceKeyedIndexerAndReflector returns an Indexer keyed by
// MetaNamespaceKeyFunc with a namespace index, and a Reflector filling it.
func NewNamespaceKeyedIndexerAndReflector(lw ListerWatcher, expectedType interface{}, resyncPeriod time.Duration) (indexer Indexer, reflector *Reflector) {
	indexer = NewIndexer(MetaNamespaceKeyFunc, Indexers{NamespaceIndex: MetaNamespaceIndexFunc})
	reflector = NewReflector(lw, expectedType, indexer, resyncPeriod)
	return indexer, reflector
}

// callerOutsidePackage returns "dir/file.go:line" of the closest caller
// outside this package (tests of this package count as inside).
func callerOutsidePackage() string {
	const self = "github.com/kclient/kclient/tools/cache."
	pcs := make([]uintptr, 32)
	n := runtime.Callers(2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, self) && !strings.HasPrefix(f.Function, "runtime.") && f.File != "" {
			dir, file := splitLast(f.File)
			_, dir = splitLast(dir)
			return dir + "/" + file + ":" + strconv.Itoa(f.Line)
		}
		if !more {
			return "reflector"
		}
	}
}

func splitLast(path string) (string, string) {
	i := strings.LastIndex(path, "/")
	if i < 0 {
		return "", path
	}
	return path[:i], path[i+1:]
}

// Name is ReflectorOptions.Name, or, when that was empty, the location of
// the code that created the reflector.
func (r *Reflector) Name() string { return r.name }

// TypeDescription describes the type of objects the reflector handles.
func (r *Reflector) TypeDescription() string { return r.typeDescription }

func (r *Reflector) loggerFrom(ctx context.Context) klog.Logger {
	logger := klog.FromContext(ctx)
	if r.logger != nil {
		logger = *r.logger
	}
	return klog.LoggerWithValues(logger, "reflector", r.name, "type", r.typeDescription)
}

// Run is RunWithContext until stopCh is closed.
//
// Callers that carry their logger in a context call RunWithContext rather
// than this method.
func (r *Reflector) Run(stopCh <-chan struct{}) {
	r.RunWithContext(wait.ContextForChannel(stopCh))
}

// RunWithContext lists and watches until ctx is canceled, relisting with
// backoff after failures. It blocks; run it in a goroutine. Every goroutine
// it starts has ended when it returns.
func (r *Reflector) RunWithContext(ctx context.Context) {
	logger := r.loggerFrom(ctx)
	ctx = klog.NewContext(ctx, logger)
	logger.V(3).Info("Starting reflector", "resyncPeriod", r.resyncPeriod)
	defer logger.V(3).Info("Stopping reflector")
	for ctx.Err() == nil {
		if err := r.ListAndWatchWithContext(ctx); err != nil && ctx.Err() == nil {
			r.watchErrorHandler(ctx, r, err)
		}
		if !r.sleep(ctx, r.delay()) {
			return
		}
	}
}

// sleep waits for d or ctx, reporting whether d elapsed.
func (r *Reflector) sleep(ctx context.Context, d time.Duration) bool {
	t := r.clock.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C():
		return true
	}
}

// ListAndWatch is ListAndWatchWithContext until stopCh is closed.
//
// Callers that carry their logger in a context call ListAndWatchWithContext
// rather than this method.
func (r *Reflector) ListAndWatch(stopCh <-chan struct{}) error {
	return r.ListAndWatchWithContext(wait.ContextForChannel(stopCh))
}

// ListAndWatchWithContext gets the complete state (list, or streamed
// initial events) into the store, then watches from there until the watch
// fails in a way that needs a relist or ctx ends. It returns an error if it
// could not even start watching, and nil otherwise.
func (r *Reflector) ListAndWatchWithContext(ctx context.Context) error {
	logger := klog.FromContext(ctx)
	if f, ok := r.store.(*RealFIFO); ok && f.shareSession != nil {
		ctx = protodec.WithSession(ctx, f.shareSession)
	}
	var w watch.Interface
	if r.useWatchList() {
		var err error
		w, err = r.watchList(ctx)
		if ctx.Err() != nil {
			if w != nil {
				w.Stop()
			}
			return nil
		}
		if err != nil {
			logger.V(2).Info("The streaming list failed, falling back to LIST and WATCH", "err", err)
			w = nil
		}
	}
	if w == nil {
		if err := r.list(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
	}
	return r.watchWithResync(ctx, w)
}

// useWatchList reports whether to try the streaming list.
func (r *Reflector) useWatchList() bool {
	if !features.FeatureGates().Enabled(features.WatchListClient) {
		return false
	}
	return !unsupportsWatchList(r.rawLW)
}

// LastSyncResourceVersion returns the resource version the store was last
// brought up to. It is informational: the store may have moved on.
func (r *Reflector) LastSyncResourceVersion() string {
	r.rvLock.RLock()
	defer r.rvLock.RUnlock()
	return r.lastSyncResourceVersion
}

func (r *Reflector) setLastSyncResourceVersion(v string) {
	r.rvLock.Lock()
	r.lastSyncResourceVersion = v
	r.rvLock.Unlock()
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		r.metrics.lastResourceVersion.Set(f)
	}
}

func (r *Reflector) setResourceVersionUnavailable(unavailable bool) {
	r.rvLock.Lock()
	r.isLastSyncResourceVersionUnavailable = unavailable
	r.rvLock.Unlock()
}

// relistResourceVersion is the resource version to list at: "0" (any
// recent state) at first, the last synced one afterwards (the server
// answers with that state or a newer one), and "" (the latest state) when
// that one is known to be gone.
func (r *Reflector) relistResourceVersion() string {
	r.rvLock.RLock()
	defer r.rvLock.RUnlock()
	switch {
	case r.isLastSyncResourceVersionUnavailable:
		return ""
	case r.lastSyncResourceVersion == "":
		return "0"
	default:
		return r.lastSyncResourceVersion
	}
}

// rewatchResourceVersion is the resource version a streaming list starts
// from: the last synced one, or "" (latest) if none or gone.
func (r *Reflector) rewatchResourceVersion() string {
	r.rvLock.RLock()
	defer r.rvLock.RUnlock()
	if r.isLastSyncResourceVersionUnavailable {
		return ""
	}
	return r.lastSyncResourceVersion
}

// list replaces the store's content with a (paginated) list.
func (r *Reflector) list(ctx context.Context) error {
	logger := klog.FromContext(ctx)
	start := r.clock.Now()
	rv := r.relistResourceVersion()
	items, listRV, paged, err := r.listPages(ctx, rv)
	if isExpiredError(err) || isTooLargeResourceVersionError(err) {
		// The version is gone or the server is not there yet: fall back to
		// the latest state so that the reflector makes progress.
		r.setResourceVersionUnavailable(true)
		rv = r.relistResourceVersion()
		items, listRV, paged, err = r.listPages(ctx, rv)
	}
	if err != nil {
		return fmt.Errorf("failed to list %v: %w", r.typeDescription, err)
	}
	r.metrics.lists.Inc()
	r.metrics.listDuration.Observe(r.clock.Since(start).Seconds())
	r.metrics.itemsInList.Observe(float64(len(items)))
	if rv == "0" && paged {
		r.paginatedResult = true
	}
	r.setResourceVersionUnavailable(false)
	logger.V(4).Info("Listed", "items", len(items), "resourceVersion", listRV, "duration", r.clock.Since(start))
	if err := r.store.Replace(items, listRV); err != nil {
		return fmt.Errorf("unable to sync list result: %w", err)
	}
	r.setLastSyncResourceVersion(listRV)
	r.updateResourceVersion(listRV)
	return nil
}

// pageSize returns the page size for a list at resource version rv.
func (r *Reflector) pageSize(rv string) int64 {
	if lw, ok := r.rawLW.(*ListWatch); ok && lw.DisableChunking {
		return 0
	}
	switch {
	case r.WatchListPageSize != 0:
		return r.WatchListPageSize
	case r.paginatedResult:
		return defaultPageSize
	case rv != "" && rv != "0":
		// Unpaginated lists at a specific version can be served from the
		// watch cache, sparing etcd.
		return 0
	}
	return defaultPageSize
}

// listPages lists at rv page by page, returning every item (each copied out
// of its page, so a page is not kept alive by one surviving item), the
// list's resource version and whether there was more than one page. If a
// continuation expires, it lists everything again in one request.
func (r *Reflector) listPages(ctx context.Context, rv string) ([]interface{}, string, bool, error) {
	options := metav1.ListOptions{ResourceVersion: rv, Limit: r.pageSize(rv)}
	var items []interface{}
	paged := false
	for {
		obj, err := r.listerWatcher.ListWithContext(ctx, options)
		if err != nil {
			if options.Continue != "" && isExpiredError(err) {
				full := metav1.ListOptions{ResourceVersion: rv}
				obj, err = r.listerWatcher.ListWithContext(ctx, full)
				if err != nil {
					return nil, "", paged, err
				}
				items = items[:0]
				listRV, _, err := appendListItems(obj, &items)
				return items, listRV, paged, err
			}
			return nil, "", paged, err
		}
		listRV, cont, err := appendListItems(obj, &items)
		if err != nil {
			return nil, "", paged, err
		}
		if cont == "" {
			return items, listRV, paged, nil
		}
		paged = true
		// Continuation requests are pinned to the first page's version by
		// the token and must not name a version themselves.
		options.Continue = cont
		options.ResourceVersion = ""
		options.ResourceVersionMatch = ""
	}
}

// appendListItems appends the items of list to items and returns its
// resource version and continue token.
func appendListItems(list runtimeObject, items *[]interface{}) (string, string, error) {
	if list == nil {
		return "", "", errors.New("list returned no object")
	}
	lm, err := meta.ListAccessor(list)
	if err != nil {
		return "", "", fmt.Errorf("unable to understand list result %T: %w", list, err)
	}
	if *items == nil {
		*items = make([]interface{}, 0, meta.LenList(list))
	}
	err = meta.EachListItemWithAlloc(list, func(o runtimeObject) error {
		*items = append(*items, o)
		return nil
	})
	if err != nil {
		return "", "", fmt.Errorf("unable to understand list result %T: %w", list, err)
	}
	return lm.GetResourceVersion(), lm.GetContinue(), nil
}

func (r *Reflector) updateResourceVersion(rv string) {
	if u, ok := r.store.(ResourceVersionUpdater); ok {
		u.UpdateResourceVersion(rv)
	}
}

// watchList gets the initial state as a stream of events ending with the
// initial-events-end bookmark, stores it with one Replace and returns the
// still open watch. It returns (nil, nil) if ctx ended.
func (r *Reflector) watchList(ctx context.Context) (watch.Interface, error) {
	var transformer TransformFunc
	if ts, ok := r.store.(TransformingStore); ok {
		transformer = ts.Transformer()
	}
	for {
		if ctx.Err() != nil {
			return nil, nil
		}
		temp := &initialEvents{transform: transformer}
		timeout := r.watchTimeoutSeconds()
		sendInitialEvents := true
		options := metav1.ListOptions{
			ResourceVersion:      r.rewatchResourceVersion(),
			ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan,
			AllowWatchBookmarks:  true,
			SendInitialEvents:    &sendInitialEvents,
			TimeoutSeconds:       &timeout,
		}
		start := r.clock.Now()
		w, err := r.listerWatcher.WatchWithContext(ctx, options)
		if err != nil {
			if isWatchErrorRetriable(err) && r.sleep(ctx, r.delay()) {
				continue
			}
			return nil, err
		}
		rv, err := r.handleWatch(ctx, w, temp, true, start)
		if err != nil {
			w.Stop()
			if errors.Is(err, errStopRequested) {
				return nil, nil
			}
			if isExpiredError(err) {
				r.setResourceVersionUnavailable(true)
			}
			return nil, err
		}
		r.setResourceVersionUnavailable(false)
		items := temp.list()
		var received []interface{} // kept for the consistency check only
		checkConsistency := consistencydetector.IsDataConsistencyDetectionForWatchListEnabled()
		if checkConsistency {
			received = slices.Clone(items)
		}
		if err := r.replaceTransformed(items, rv, transformer != nil); err != nil {
			w.Stop()
			return nil, fmt.Errorf("unable to sync watch-list result: %w", err)
		}
		r.setLastSyncResourceVersion(rv)
		r.updateResourceVersion(rv)
		r.metrics.lists.Inc()
		if checkConsistency {
			// KUBE_WATCHLIST_INCONSISTENCY_DETECTOR: compare with a LIST at rv.
			consistencydetector.CheckDataConsistency(ctx, r.name, rv, r.listerWatcher.ListWithContext,
				consistencydetector.TransformFunc(transformer), metav1.ListOptions{}, func() []interface{} { return received })
		}
		return w, nil
	}
}

func (r *Reflector) watchTimeoutSeconds() int64 {
	return int64(r.minWatchTimeout.Seconds() * (1 + rand.Float64()))
}

// errStopRequested ends a watch because the reflector is stopping.
var errStopRequested = errors.New("stop requested")

// errInitialEventsMissing ends a streaming list whose watch closed before
// the initial-events-end bookmark.
var errInitialEventsMissing = errors.New("watch ended before the initial events were complete")

// watchWithResync runs the resync loop alongside watch.
func (r *Reflector) watchWithResync(ctx context.Context, w watch.Interface) error {
	if r.resyncPeriod <= 0 {
		return r.watch(ctx, w)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.resyncLoop(ctx, cancel)
	}()
	err := r.watch(ctx, w)
	cause := context.Cause(ctx)
	cancel(nil)
	wg.Wait()
	if cause != nil && !errors.Is(cause, context.Canceled) {
		return cause // the resync failed
	}
	return err
}

func (r *Reflector) resyncLoop(ctx context.Context, cancel context.CancelCauseFunc) {
	logger := klog.FromContext(ctx)
	for r.sleep(ctx, r.resyncPeriod) {
		if r.ShouldResync == nil || r.ShouldResync() {
			logger.V(4).Info("Forcing resync")
			if err := r.store.Resync(); err != nil {
				cancel(fmt.Errorf("resync failed: %w", err))
				return
			}
		}
	}
}

// watch applies watch events until the watch must be abandoned for a
// relist, or ctx ends (nil). w, if not nil, is an already open watch.
// Watches that end normally are restarted from the last resource version.
func (r *Reflector) watch(ctx context.Context, w watch.Interface) error {
	logger := klog.FromContext(ctx)
	retry := NewRetryWithDeadline(r.MaxInternalErrorRetryDuration, backoffReset, apierrors.IsInternalError, r.clock)
	for {
		if ctx.Err() != nil {
			if w != nil {
				w.Stop()
			}
			return nil
		}
		start := r.clock.Now()
		if w == nil {
			timeout := r.watchTimeoutSeconds()
			options := metav1.ListOptions{
				ResourceVersion:     r.LastSyncResourceVersion(),
				TimeoutSeconds:      &timeout,
				AllowWatchBookmarks: true,
			}
			var err error
			w, err = r.listerWatcher.WatchWithContext(ctx, options)
			if err != nil {
				if ctx.Err() != nil {
					return nil
				}
				if isWatchErrorRetriable(err) {
					logger.V(4).Info("Watch failed, backing off", "err", err)
					if !r.sleep(ctx, r.delay()) {
						return nil
					}
					continue
				}
				return err
			}
		}
		r.metrics.watches.Inc()
		_, err := r.handleWatch(ctx, w, r.store, false, start)
		w.Stop()
		w = nil
		r.metrics.watchDuration.Observe(r.clock.Since(start).Seconds())
		retry.After(err)
		if err == nil {
			continue // closed normally: resume where it stopped
		}
		if errors.Is(err, errStopRequested) {
			return nil
		}
		switch {
		case isExpiredError(err):
			// Relist at the last synced version: a list returns that state
			// or a newer one, so this goes back to "" only if needed.
			logger.V(4).Info("Watch closed", "err", err)
		case apierrors.IsTooManyRequests(err):
			logger.V(2).Info("Watch returned 429, backing off")
			if !r.sleep(ctx, r.delay()) {
				return nil
			}
			continue
		case apierrors.IsInternalError(err) && retry.ShouldRetry():
			logger.V(2).Info("Retrying watch after internal error", "err", err)
			continue
		default:
			var short *VeryShortWatchError
			if errors.As(err, &short) {
				r.metrics.shortWatches.Inc()
			}
			logger.Info("Warning: watch ended with error", "err", err)
		}
		return nil
	}
}

// transformedReplacer is implemented by the informers' queue, which can
// take items its transform was already applied to.
type transformedReplacer interface {
	replaceTransformed(items []interface{}, resourceVersion string) error
}

// replaceTransformed replaces the store's contents with items; transformed
// says the items went through the store's transform already, which then is
// not applied a second time when the store allows that.
func (r *Reflector) replaceTransformed(items []interface{}, rv string, transformed bool) error {
	if tr, ok := r.store.(transformedReplacer); ok && transformed {
		return tr.replaceTransformed(items, rv)
	}
	return r.store.Replace(items, rv)
}

// handleWatch applies the events of w to store until w closes. It returns
// nil when the watch closed normally, errStopRequested when ctx ended, and
// the error otherwise. With initial set, it instead returns at the
// initial-events-end bookmark, with its resource version, and fails if the
// watch closes before it.
func (r *Reflector) handleWatch(ctx context.Context, w watch.Interface, store ReflectorStore, initial bool, start time.Time) (string, error) {
	logger := klog.FromContext(ctx)
	events := 0
	defer func() { r.metrics.itemsInWatch.Observe(float64(events)) }()
	for {
		select {
		case <-ctx.Done():
			return "", errStopRequested
		case event, ok := <-w.ResultChan():
			if !ok {
				if initial {
					return "", errInitialEventsMissing
				}
				if events == 0 && r.clock.Since(start) < veryShortWatch {
					return "", &VeryShortWatchError{Name: r.name}
				}
				logger.V(4).Info("Watch closed", "events", events)
				return "", nil
			}
			if event.Type == watch.Error {
				return "", apierrors.FromObject(event.Object)
			}
			if !r.expected(logger, event.Object) {
				continue
			}
			m, err := meta.Accessor(event.Object)
			if err != nil {
				utilruntime.HandleErrorWithContext(ctx, err, "Unable to understand watch event", "event", event.Type)
				continue
			}
			rv := m.GetResourceVersion()
			switch event.Type {
			case watch.Added:
				err = store.Add(event.Object)
			case watch.Modified:
				err = store.Update(event.Object)
			case watch.Deleted:
				err = store.Delete(event.Object)
			case watch.Bookmark:
				if initial {
					if m.GetAnnotations()[metav1.InitialEventsAnnotationKey] == "true" {
						return rv, nil
					}
				} else if bs, ok := store.(ReflectorBookmarkStore); ok {
					err = bs.Bookmark(rv)
				}
			default:
				utilruntime.HandleErrorWithContext(ctx, nil, "Unknown watch event", "event", event.Type)
				continue
			}
			if err != nil {
				utilruntime.HandleErrorWithContext(ctx, err, "Unable to apply watch event", "event", event.Type)
			}
			if !initial {
				r.setLastSyncResourceVersion(rv)
				r.updateResourceVersion(rv)
			}
			events++
		}
	}
}

// expected reports whether obj has the expected type (and kind).
func (r *Reflector) expected(logger klog.Logger, obj interface{}) bool {
	if r.expectedType != nil && reflect.TypeOf(obj) != r.expectedType {
		logger.Error(nil, "Unexpected watch event object type", "want", r.expectedType, "got", reflect.TypeOf(obj))
		return false
	}
	if r.expectedGVK != nil {
		ro, ok := obj.(runtimeObject)
		if !ok {
			return false
		}
		if gvk := ro.GetObjectKind().GroupVersionKind(); gvk != *r.expectedGVK {
			logger.Error(nil, "Unexpected watch event object kind", "want", r.expectedGVK, "got", gvk)
			return false
		}
	}
	return true
}

// isWatchErrorRetriable reports whether a failure to start a watch is worth
// retrying the watch (rather than relisting): the server is momentarily
// unreachable or overloaded.
func isWatchErrorRetriable(err error) bool {
	return utilnet.IsConnectionRefused(err) || apierrors.IsTooManyRequests(err)
}

func isExpiredError(err error) bool {
	// Expired is the status of a watch at a compacted version; Gone (410)
	// what older servers send.
	return apierrors.IsResourceExpired(err) || apierrors.IsGone(err)
}

func isTooLargeResourceVersionError(err error) bool {
	switch {
	case apierrors.HasStatusCause(err, metav1.CauseTypeResourceVersionTooLarge):
		return true
	case !apierrors.IsTimeout(err):
		// Older servers report it only inside the message of a timeout.
		return false
	}
	var status apierrors.APIStatus
	if !errors.As(err, &status) {
		return false
	}
	d := status.Status().Details
	if d == nil {
		return false
	}
	for _, c := range d.Causes {
		if c.Message == "Too large resource version" {
			return true
		}
	}
	return false
}
