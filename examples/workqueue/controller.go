package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/kclient/kclient/kubernetes"
	corelisters "github.com/kclient/kclient/listers/core/v1"
	"github.com/kclient/kclient/tools/cache"
	"github.com/kclient/kclient/tools/record"
	"github.com/kclient/kclient/util/workqueue"
)

// Labels that tie the ConfigMaps together. A source carries groupLabel; the
// summary the controller writes for that group carries summaryOfLabel.
const (
	groupLabel     = "demo.kclient.io/summary-group"
	summaryOfLabel = "demo.kclient.io/summary-of"
	maxRetries     = 5
)

// groupKey is the unit of work: one summary to bring up to date. A typed queue
// holds these values directly, no string parsing needed.
type groupKey struct {
	Namespace string
	Group     string
}

// summaryName is the name of the ConfigMap summarising a group.
func summaryName(group string) string { return group + "-summary" }

// controller keeps, for every group of source ConfigMaps, a ConfigMap
// "<group>-summary" whose data has one entry per source: its name mapped to
// its sorted data as "k=v" pairs. It follows the usual shape: informer event
// handlers only enqueue keys, workers take keys off a rate-limiting queue and
// reconcile from the informer's cache, failures are retried with backoff.
type controller struct {
	client   kubernetes.Interface
	lister   corelisters.ConfigMapLister
	synced   cache.InformerSynced
	queue    workqueue.TypedRateLimitingInterface[groupKey]
	recorder record.EventRecorder
}

func newController(client kubernetes.Interface, informer cache.SharedIndexInformer, lister corelisters.ConfigMapLister, recorder record.EventRecorder) (*controller, error) {
	c := &controller{
		client: client,
		lister: lister,
		synced: informer.HasSynced,
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(
			workqueue.DefaultTypedControllerRateLimiter[groupKey](),
			workqueue.TypedRateLimitingQueueConfig[groupKey]{Name: "summaries"},
		),
		recorder: recorder,
	}
	_, err := informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj any) { c.enqueue(obj) },
		UpdateFunc: func(oldObj, newObj any) {
			// A source moved to another group changes two summaries.
			c.enqueue(oldObj)
			c.enqueue(newObj)
		},
		DeleteFunc: func(obj any) {
			if tombstone, ok := obj.(cache.DeletedFinalStateUnknown); ok {
				obj = tombstone.Obj
			}
			c.enqueue(obj)
		},
	})
	if err != nil {
		return nil, fmt.Errorf("registering the event handlers: %w", err)
	}
	return c, nil
}

// enqueue adds the group obj belongs to, as a source or as a summary. The
// queue collapses duplicates: a burst of changes to one group is one reconcile.
func (c *controller) enqueue(obj any) {
	cm, ok := obj.(*corev1.ConfigMap)
	if !ok {
		return
	}
	if group := cm.Labels[groupLabel]; group != "" {
		c.queue.Add(groupKey{Namespace: cm.Namespace, Group: group})
	}
	if group := cm.Labels[summaryOfLabel]; group != "" {
		c.queue.Add(groupKey{Namespace: cm.Namespace, Group: group})
	}
}

// Run waits for the cache, starts workers and blocks until ctx ends. Then it
// lets the workers finish the keys already queued and returns.
func (c *controller) Run(ctx context.Context, workers int) error {
	if !cache.WaitForCacheSync(ctx.Done(), c.synced) {
		return fmt.Errorf("the ConfigMap cache did not sync: %w", ctx.Err())
	}
	fmt.Printf("controller: cache synced, starting %d workers\n", workers)
	// Keys already handed out are finished after ctx ends, so the workers'
	// API calls must not fail just because the controller is stopping.
	workCtx := context.WithoutCancel(ctx)
	var wg sync.WaitGroup
	for i := 1; i <= workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Get blocks until a key is ready; after ShutDownWithDrain it
			// reports closed once the queue is empty.
			for {
				key, closed := c.queue.Get()
				if closed {
					return
				}
				c.handle(workCtx, i, key)
			}
		}()
	}
	<-ctx.Done()
	// ShutDownWithDrain stops accepting new keys and waits until every key
	// handed out has been marked Done; Get then returns shutdown=true.
	c.queue.ShutDownWithDrain()
	wg.Wait()
	fmt.Println("controller: queue drained, workers stopped")
	return nil
}

// handle reconciles one key taken off the queue and decides whether it comes back.
func (c *controller) handle(ctx context.Context, worker int, key groupKey) {
	// Done releases the key: until then the queue does not hand it to another
	// worker, so one group is never reconciled twice at the same time.
	defer c.queue.Done(key)

	err := c.reconcile(ctx, key)
	switch {
	case err == nil:
		c.queue.Forget(key) // reset the key's backoff
	case c.queue.NumRequeues(key) < maxRetries:
		fmt.Printf("worker %d: %s/%s failed, retrying with backoff: %v\n", worker, key.Namespace, key.Group, err)
		c.queue.AddRateLimited(key)
	default:
		fmt.Printf("worker %d: %s/%s failed %d times, giving up: %v\n", worker, key.Namespace, key.Group, maxRetries, err)
		c.queue.Forget(key)
	}
}

// reconcile makes the summary of key's group match its sources in the cache.
func (c *controller) reconcile(ctx context.Context, key groupKey) error {
	selector := labels.SelectorFromSet(labels.Set{groupLabel: key.Group})
	sources, err := c.lister.ConfigMaps(key.Namespace).List(selector)
	if err != nil {
		return err
	}
	name := summaryName(key.Group)
	current, err := c.lister.ConfigMaps(key.Namespace).Get(name)
	if err != nil && !apierrors.IsNotFound(err) {
		return err
	}
	exists := err == nil
	summaries := c.client.CoreV1().ConfigMaps(key.Namespace)

	if len(sources) == 0 {
		if !exists {
			return nil
		}
		err := summaries.Delete(ctx, name, metav1.DeleteOptions{})
		if err != nil && !apierrors.IsNotFound(err) {
			return err
		}
		fmt.Printf("reconcile %s: no sources left, deleted %s\n", key.Group, name)
		return nil
	}

	desired := summarize(sources)
	switch {
	case !exists:
		cm := &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{summaryOfLabel: key.Group}},
			Data:       desired,
		}
		if _, err := summaries.Create(ctx, cm, metav1.CreateOptions{}); err != nil {
			return err
		}
		fmt.Printf("reconcile %s: created %s with %d entries\n", key.Group, name, len(desired))
	case !maps.Equal(current.Data, desired) || current.Labels[summaryOfLabel] != key.Group:
		// Objects from the lister belong to the cache: copy before changing.
		cm := current.DeepCopy()
		cm.Data = desired
		if cm.Labels == nil {
			cm.Labels = map[string]string{}
		}
		cm.Labels[summaryOfLabel] = key.Group
		// A stale cache gives a 409 Conflict here; returning it requeues the
		// key and the retry sees the newer object.
		if _, err := summaries.Update(ctx, cm, metav1.UpdateOptions{}); err != nil {
			return err
		}
		fmt.Printf("reconcile %s: updated %s to %d entries\n", key.Group, name, len(desired))
	default:
		return nil // already in sync: write nothing, record nothing
	}
	for _, src := range sources {
		c.recorder.Eventf(src, corev1.EventTypeNormal, "Summarized", "data included in ConfigMap %s", name)
	}
	return nil
}

// summarize maps each source's name to its data as sorted "k=v" pairs.
func summarize(sources []*corev1.ConfigMap) map[string]string {
	out := make(map[string]string, len(sources))
	for _, src := range sources {
		pairs := make([]string, 0, len(src.Data))
		for _, k := range slices.Sorted(maps.Keys(src.Data)) {
			pairs = append(pairs, k+"="+src.Data[k])
		}
		out[src.Name] = strings.Join(pairs, ",")
	}
	return out
}

// settle is how long the demo waits for the summary to converge after each step.
const settle = 20 * time.Second
