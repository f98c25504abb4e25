package cache

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/diff"
	"k8s.io/klog/v2"
)

// MutationDetector watches objects handed out by a cache for a while and
// reports when someone modifies them, which is forbidden. It is a debugging
// aid, enabled with KUBE_CACHE_MUTATION_DETECTOR=true.
type MutationDetector interface {
	// AddObject starts watching obj (a runtime.Object) for a while.
	AddObject(obj interface{})

	// Run checks periodically until stopCh is closed.
	Run(stopCh <-chan struct{})
}

// NewCacheMutationDetector returns a MutationDetector named name: a real
// one if the KUBE_CACHE_MUTATION_DETECTOR environment variable is true, one
// that does nothing otherwise. The real one keeps a deep copy of every object
// for two minutes and logs an error (it does not crash the process) for each
// object changed in the meantime.
func NewCacheMutationDetector(name string) MutationDetector {
	if on, _ := strconv.ParseBool(os.Getenv("KUBE_CACHE_MUTATION_DETECTOR")); !on {
		return noopMutationDetector{}
	}
	return &mutationDetector{name: name, period: time.Second, retain: 2 * time.Minute}
}

type noopMutationDetector struct{}

func (noopMutationDetector) AddObject(interface{}) {}
func (noopMutationDetector) Run(stopCh <-chan struct{}) {
	<-stopCh
}

type watchedObject struct {
	cached, copied runtime.Object
	until          time.Time
	reported       bool
}

type mutationDetector struct {
	name   string
	period time.Duration
	retain time.Duration

	lock    sync.Mutex
	objects []*watchedObject
	// onMutation is called for each mutation found; tests replace it.
	onMutation func(msg string)
}

func (d *mutationDetector) AddObject(obj interface{}) {
	if _, tomb := obj.(DeletedFinalStateUnknown); tomb {
		return
	}
	o, ok := obj.(runtime.Object)
	if !ok {
		return
	}
	d.lock.Lock()
	defer d.lock.Unlock()
	d.objects = append(d.objects, &watchedObject{cached: o, copied: o.DeepCopyObject(), until: time.Now().Add(d.retain)})
}

func (d *mutationDetector) Run(stopCh <-chan struct{}) {
	t := time.NewTicker(d.period)
	defer t.Stop()
	for {
		select {
		case <-stopCh:
			return
		case <-t.C:
			d.check(time.Now())
		}
	}
}

// check reports mutated objects and forgets those watched long enough.
func (d *mutationDetector) check(now time.Time) {
	d.lock.Lock()
	defer d.lock.Unlock()
	kept := d.objects[:0]
	for _, w := range d.objects {
		if !w.reported && !equality.Semantic.DeepEqual(w.cached, w.copied) {
			w.reported = true
			msg := fmt.Sprintf("cache %s modified an object it handed out: %s", d.name, diff.Diff(w.copied, w.cached))
			if d.onMutation != nil {
				d.onMutation(msg)
			} else {
				klog.Background().Error(nil, "Cache mutation detected", "cache", d.name, "diff", msg)
			}
		}
		if now.Before(w.until) {
			kept = append(kept, w)
		}
	}
	clear(d.objects[len(kept):])
	d.objects = kept
}
