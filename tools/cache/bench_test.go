package cache

import (
	"context"
	"errors"
	"runtime"
	"strconv"
	"testing"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kruntime "k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
)

func benchPods(n int) []*v1.Pod {
	pods := make([]*v1.Pod, n)
	for i := range pods {
		pods[i] = &v1.Pod{ObjectMeta: metav1.ObjectMeta{
			Namespace:       "ns" + strconv.Itoa(i%100),
			Name:            "pod" + strconv.Itoa(i),
			ResourceVersion: strconv.Itoa(i + 1),
		}}
	}
	return pods
}

// BenchmarkIndexerAdd adds distinct objects to an Indexer with the namespace
// index. Every 10000 adds start over with a new Indexer, so the map sizes
// stay realistic and the heap small.
func BenchmarkIndexerAdd(b *testing.B) {
	const pool = 10000
	pods := benchPods(pool)
	var idx Indexer
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%pool == 0 {
			b.StopTimer()
			idx = NewIndexer(MetaNamespaceKeyFunc, Indexers{NamespaceIndex: MetaNamespaceIndexFunc})
			b.StartTimer()
		}
		if err := idx.Add(pods[i%pool]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIndexerUpdate updates objects already stored (index unchanged).
func BenchmarkIndexerUpdate(b *testing.B) {
	pods := benchPods(1000)
	idx := NewIndexer(MetaNamespaceKeyFunc, Indexers{NamespaceIndex: MetaNamespaceIndexFunc})
	for _, p := range pods {
		_ = idx.Add(p)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := idx.Update(pods[i%1000]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDeltaFIFOAddPop adds an object and pops it.
func BenchmarkDeltaFIFOAddPop(b *testing.B) {
	pods := benchPods(1000)
	f := NewDeltaFIFOWithOptions(DeltaFIFOOptions{KeyFunction: MetaNamespaceKeyFunc})
	noop := func(interface{}, bool) error { return nil }
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := f.Add(pods[i%1000]); err != nil {
			b.Fatal(err)
		}
		if _, err := f.Pop(noop); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRealFIFOAddPop adds an object and pops it.
func BenchmarkRealFIFOAddPop(b *testing.B) {
	pods := benchPods(1000)
	f := NewRealFIFOWithOptions(RealFIFOOptions{AtomicEvents: true})
	noop := func(interface{}, bool) error { return nil }
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := f.Add(pods[i%1000]); err != nil {
			b.Fatal(err)
		}
		if _, err := f.Pop(noop); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInformerInitialSync measures an informer's initial sync of a
// large list from an in-memory server, with one handler.
func BenchmarkInformerInitialSync(b *testing.B) {
	s := newFakeServer()
	for i := 0; i < 20000; i++ {
		s.upsert("ns"+strconv.Itoa(i%50), "cm"+strconv.Itoa(i), nil)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		inf := NewSharedIndexInformer(s.lw(), &v1.ConfigMap{}, 0, Indexers{NamespaceIndex: MetaNamespaceIndexFunc})
		reg, _ := inf.AddEventHandler(ResourceEventHandlerFuncs{AddFunc: func(interface{}) {}})
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() { defer close(done); inf.Run(stop) }()
		WaitForCacheSync(stop, reg.HasSynced)
		close(stop)
		<-done
	}
}

// bigList returns a list of n ConfigMaps with some data, as a large
// collection would look.
func bigList(n int) *v1.ConfigMapList {
	list := &v1.ConfigMapList{ListMeta: metav1.ListMeta{ResourceVersion: strconv.Itoa(n)}}
	list.Items = make([]v1.ConfigMap, n)
	for i := range list.Items {
		list.Items[i] = v1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{
				Namespace: "ns" + strconv.Itoa(i%50), Name: "cm" + strconv.Itoa(i), ResourceVersion: strconv.Itoa(i + 1),
				Labels: map[string]string{"app": "bench", "index": strconv.Itoa(i)},
			},
			Data: map[string]string{"config": "some configuration value " + strconv.Itoa(i)},
		}
	}
	return list
}

// BenchmarkInformerSyncLargeList measures how long a shared informer takes
// to deliver a 50000-object list to one handler, and the heap it holds
// afterwards (heap-MB/op).
func BenchmarkInformerSyncLargeList(b *testing.B) {
	const n = 50000
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		list := bigList(n)
		lw := &ListWatch{
			ListWithContextFunc: func(ctx context.Context, o metav1.ListOptions) (kruntime.Object, error) {
				return list.DeepCopy(), nil
			},
			WatchFuncWithContext: func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
				if o.SendInitialEvents != nil {
					return nil, errors.New("streaming lists not supported here")
				}
				return watch.NewFake(), nil
			},
		}
		b.StartTimer()
		inf := NewSharedIndexInformer(lw, &v1.ConfigMap{}, 0, Indexers{NamespaceIndex: MetaNamespaceIndexFunc})
		reg, _ := inf.AddEventHandler(ResourceEventHandlerFuncs{AddFunc: func(interface{}) {}})
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() { defer close(done); inf.Run(stop) }()
		WaitForCacheSync(stop, reg.HasSynced)
		b.StopTimer()
		list = nil
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-min(after.HeapAlloc, before.HeapAlloc))/(1<<20), "heap-MB/op")
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/(1<<20), "alloc-MB/op")
		if len(inf.GetStore().ListKeys()) != n {
			b.Fatal("incomplete sync")
		}
		close(stop)
		<-done
		b.StartTimer()
	}
}
