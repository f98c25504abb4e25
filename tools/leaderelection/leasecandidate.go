package leaderelection

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	coordinationv1beta1 "k8s.io/api/coordination/v1beta1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/klog/v2"
	"k8s.io/utils/clock"

	"github.com/kclient/kclient/kubernetes"
	candidateclient "github.com/kclient/kclient/kubernetes/typed/coordination/v1beta1"
	"github.com/kclient/kclient/tools/cache"
)

// CacheSyncWaiter waits for the informer behind a LeaseCandidate to fill its
// cache. WaitForCacheSync returns, per watched type, whether its cache
// synced before stopCh closed; types whose informer was not started yet are
// absent from the map.
type CacheSyncWaiter interface {
	WaitForCacheSync(stopCh <-chan struct{}) map[reflect.Type]bool
}

// LeaseCandidate keeps a coordination.k8s.io/v1beta1 LeaseCandidate object
// alive for coordinated leader election (alpha): it creates the object,
// and whenever the coordinating controller pings it (PingTime newer than
// RenewTime) it writes a fresh RenewTime. Create it with NewCandidate and
// call Run once.
type LeaseCandidate struct {
	client   candidateclient.LeaseCandidateInterface
	informer cache.SharedIndexInformer
	clock    clock.Clock

	name, namespace  string
	leaseName        string
	binaryVersion    string
	emulationVersion string
	strategy         coordinationv1.CoordinatedLeaseStrategy

	// started is set once Run has started the informer.
	started atomic.Bool
	// pending is signalled (without blocking) when a renewal is wanted.
	pending chan struct{}
}

// NewCandidate prepares a LeaseCandidate named candidateNamespace/
// candidateName that runs for the Lease targetLease with the given versions
// and strategy. Nothing talks to the API server until Run. The returned
// CacheSyncWaiter reports on the candidate's informer. It fails when the
// clientset is nil or a name is empty.
//
// Coordinated leader election is alpha; the API server must serve
// coordination.k8s.io/v1beta1 LeaseCandidates.
func NewCandidate(clientset kubernetes.Interface,
	candidateNamespace string,
	candidateName string,
	targetLease string,
	binaryVersion, emulationVersion string,
	strategy coordinationv1.CoordinatedLeaseStrategy,
) (*LeaseCandidate, CacheSyncWaiter, error) {
	switch {
	case clientset == nil:
		return nil, nil, errors.New("leaderelection: NewCandidate: nil clientset")
	case candidateName == "" || candidateNamespace == "" || targetLease == "":
		return nil, nil, fmt.Errorf("leaderelection: NewCandidate: candidate namespace %q, name %q and target lease %q must all be set", candidateNamespace, candidateName, targetLease)
	}
	client := clientset.CoordinationV1beta1().LeaseCandidates(candidateNamespace)
	onlyMe := fields.OneTermEqualSelector("metadata.name", candidateName).String()
	lw := &cache.ListWatch{
		ListWithContextFunc: func(ctx context.Context, opts metav1.ListOptions) (runtime.Object, error) {
			opts.FieldSelector = onlyMe
			return client.List(ctx, opts)
		},
		WatchFuncWithContext: func(ctx context.Context, opts metav1.ListOptions) (watch.Interface, error) {
			opts.FieldSelector = onlyMe
			return client.Watch(ctx, opts)
		},
	}
	lc := &LeaseCandidate{
		client:           client,
		informer:         cache.NewSharedIndexInformer(lw, &coordinationv1beta1.LeaseCandidate{}, 0, cache.Indexers{}),
		clock:            clock.RealClock{},
		name:             candidateName,
		namespace:        candidateNamespace,
		leaseName:        targetLease,
		binaryVersion:    binaryVersion,
		emulationVersion: emulationVersion,
		strategy:         strategy,
		pending:          make(chan struct{}, 1),
	}
	_, err := lc.informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		UpdateFunc: func(_, newObj interface{}) {
			if c, ok := newObj.(*coordinationv1beta1.LeaseCandidate); ok && pinged(c) {
				lc.request()
			}
		},
	})
	if err != nil {
		return nil, nil, fmt.Errorf("leaderelection: NewCandidate: %w", err)
	}
	return lc, &candidateSyncWaiter{candidate: lc}, nil
}

// pinged reports whether the controller asked for a renewal not yet given.
func pinged(c *coordinationv1beta1.LeaseCandidate) bool {
	ping, renew := c.Spec.PingTime, c.Spec.RenewTime
	return ping != nil && (renew == nil || ping.After(renew.Time))
}

func (c *LeaseCandidate) request() {
	select {
	case c.pending <- struct{}{}:
	default: // a renewal is already pending
	}
}

// Run creates or renews the LeaseCandidate, then answers every ping until
// ctx ends. Failed writes are retried with a growing delay (capped at 30s).
// Run returns only after its informer has stopped.
func (c *LeaseCandidate) Run(ctx context.Context) {
	logger := klog.FromContext(ctx).WithValues("leaseCandidate", klog.KRef(c.namespace, c.name))
	ctx = klog.NewContext(ctx, logger)
	var wg sync.WaitGroup
	c.started.Store(true)
	wg.Add(1)
	go func() {
		defer wg.Done()
		c.informer.RunWithContext(ctx)
	}()
	defer wg.Wait()

	if !cache.WaitForCacheSync(ctx.Done(), c.informer.HasSynced) {
		return
	}
	c.request()
	delay := time.Duration(0)
	var retry <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.pending:
		case <-retry:
		}
		retry = nil
		if err := c.ensure(ctx); err != nil {
			delay = min(max(2*delay, 100*time.Millisecond), 30*time.Second)
			logger.Error(err, "Renewing lease candidate failed", "retryIn", delay)
			retry = c.clock.After(delay)
			continue
		}
		delay = 0
	}
}

// ensure creates the candidate object or refreshes its RenewTime.
func (c *LeaseCandidate) ensure(ctx context.Context) error {
	now := metav1.NewMicroTime(c.clock.Now())
	existing, err := c.client.Get(ctx, c.name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		obj := &coordinationv1beta1.LeaseCandidate{
			ObjectMeta: metav1.ObjectMeta{Namespace: c.namespace, Name: c.name},
			Spec: coordinationv1beta1.LeaseCandidateSpec{
				LeaseName:        c.leaseName,
				Strategy:         c.strategy,
				BinaryVersion:    c.binaryVersion,
				EmulationVersion: c.emulationVersion,
				PingTime:         &now,
				RenewTime:        &now,
			},
		}
		if _, err := c.client.Create(ctx, obj, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("creating lease candidate: %w", err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading lease candidate: %w", err)
	}
	existing.Spec.RenewTime = &now
	if _, err := c.client.Update(ctx, existing, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("renewing lease candidate: %w", err)
	}
	return nil
}

// candidateSyncWaiter is the CacheSyncWaiter NewCandidate returns.
type candidateSyncWaiter struct {
	candidate *LeaseCandidate
}

// WaitForCacheSync waits for the candidate informer, once it was started.
func (w *candidateSyncWaiter) WaitForCacheSync(stopCh <-chan struct{}) map[reflect.Type]bool {
	out := map[reflect.Type]bool{}
	if !w.candidate.started.Load() {
		return out
	}
	out[reflect.TypeOf(&coordinationv1beta1.LeaseCandidate{})] = cache.WaitForCacheSync(stopCh, w.candidate.informer.HasSynced)
	return out
}
