package cache_test

import (
	"context"
	"fmt"
	"sort"
	"time"

	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/cache"
)

func configMap(ns, name string, labels map[string]string) *v1.ConfigMap {
	return &v1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, Labels: labels, ResourceVersion: "1"}}
}

// An Indexer stores objects by key and answers queries by secondary indices.
func ExampleNewIndexer() {
	indexer := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{
		cache.NamespaceIndex: cache.MetaNamespaceIndexFunc,
		"app": func(obj interface{}) ([]string, error) {
			return []string{obj.(*v1.ConfigMap).Labels["app"]}, nil
		},
	})
	_ = indexer.Add(configMap("prod", "web-config", map[string]string{"app": "web"}))
	_ = indexer.Add(configMap("prod", "db-config", map[string]string{"app": "db"}))
	_ = indexer.Add(configMap("dev", "web-config", map[string]string{"app": "web"}))

	keys, _ := indexer.IndexKeys("app", "web")
	sort.Strings(keys)
	fmt.Println("app=web:", keys)

	inProd, _ := indexer.ByIndex(cache.NamespaceIndex, "prod")
	fmt.Println("in prod:", len(inProd))

	obj, exists, _ := indexer.GetByKey("dev/web-config")
	fmt.Println(exists, obj.(*v1.ConfigMap).Name)
	// Output:
	// app=web: [dev/web-config prod/web-config]
	// in prod: 2
	// true web-config
}

// Keys are "namespace/name"; SplitMetaNamespaceKey takes them apart.
func ExampleMetaNamespaceKeyFunc() {
	key, _ := cache.MetaNamespaceKeyFunc(configMap("kube-system", "coredns", nil))
	fmt.Println(key)
	ns, name, _ := cache.SplitMetaNamespaceKey(key)
	fmt.Println(ns, name)
	// Output:
	// kube-system/coredns
	// kube-system coredns
}

// ListAllByNamespace selects objects by namespace and labels, using the
// namespace index.
func ExampleListAllByNamespace() {
	indexer := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
	_ = indexer.Add(configMap("prod", "a", map[string]string{"tier": "frontend"}))
	_ = indexer.Add(configMap("prod", "b", map[string]string{"tier": "backend"}))
	_ = indexer.Add(configMap("dev", "c", map[string]string{"tier": "frontend"}))

	selector := labels.SelectorFromSet(labels.Set{"tier": "frontend"})
	_ = cache.ListAllByNamespace(indexer, "prod", selector, func(obj interface{}) {
		fmt.Println(obj.(*v1.ConfigMap).Name)
	})
	// Output:
	// a
}

// A DeltaFIFO hands out everything that happened to an object since it was
// last popped.
func ExampleDeltaFIFO() {
	fifo := cache.NewDeltaFIFOWithOptions(cache.DeltaFIFOOptions{KeyFunction: cache.MetaNamespaceKeyFunc})
	cm := configMap("ns", "settings", nil)
	_ = fifo.Add(cm)
	_ = fifo.Update(cm)
	_ = fifo.Delete(cm)
	_ = fifo.Delete(cm) // consecutive deletions collapse

	_, _ = fifo.Pop(func(obj interface{}, isInInitialList bool) error {
		for _, d := range obj.(cache.Deltas) {
			fmt.Println(d.Type, d.Object.(*v1.ConfigMap).Name)
		}
		return nil
	})
	// Output:
	// Added settings
	// Updated settings
	// Deleted settings
}

// staticListWatch lists a fixed set of ConfigMaps and then watches fw. Like
// an apiserver without streaming lists, it rejects sendInitialEvents, so
// reflectors fall back to LIST and WATCH. (A ListerWatcher that ignored it
// would leave a reflector waiting for the end-of-initial-events bookmark.)
func staticListWatch(fw *watch.FakeWatcher, items ...v1.ConfigMap) *cache.ListWatch {
	return &cache.ListWatch{
		ListWithContextFunc: func(context.Context, metav1.ListOptions) (runtime.Object, error) {
			return &v1.ConfigMapList{ListMeta: metav1.ListMeta{ResourceVersion: "1"}, Items: items}, nil
		},
		WatchFuncWithContext: func(_ context.Context, o metav1.ListOptions) (watch.Interface, error) {
			if o.SendInitialEvents != nil {
				return nil, apierrors.NewBadRequest("sendInitialEvents is not supported")
			}
			return fw, nil
		},
	}
}

// A shared informer keeps a cache up to date and notifies handlers. Here
// the ListerWatcher is in memory; against a cluster use
// NewListWatchFromClient.
func ExampleNewSharedIndexInformer() {
	fw := watch.NewFake()
	informer := cache.NewSharedIndexInformer(
		staticListWatch(fw, *configMap("ns", "first", nil)),
		&v1.ConfigMap{}, 0,
		cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc},
	)
	events := make(chan string)
	reg, _ := informer.AddEventHandler(cache.ResourceEventHandlerDetailedFuncs{
		AddFunc: func(obj interface{}, isInInitialList bool) {
			events <- fmt.Sprintf("add %s (initial list: %v)", obj.(*v1.ConfigMap).Name, isInInitialList)
		},
		DeleteFunc: func(obj interface{}) {
			key, _ := cache.DeletionHandlingMetaNamespaceKeyFunc(obj)
			events <- "delete " + key
		},
	})

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		informer.RunWithContext(ctx)
	}()

	fmt.Println(<-events)
	cache.WaitForCacheSync(ctx.Done(), reg.HasSynced)
	fw.Add(configMap("ns", "second", nil))
	fmt.Println(<-events)
	fw.Delete(configMap("ns", "first", nil))
	fmt.Println(<-events)
	fmt.Println("cached:", informer.GetStore().ListKeys())

	cancel()
	<-done
	// Output:
	// add first (initial list: true)
	// add second (initial list: false)
	// delete ns/first
	// cached: [ns/second]
}

// NewListWatchFromClient lists and watches a resource through a REST client
// (here core/v1 ConfigMaps in one namespace); an informer built on it keeps a
// cache that listers read from.
func ExampleNewListWatchFromClient() {
	var client *rest.RESTClient // e.g. from rest.RESTClientFor with core/v1 settings
	if client == nil {
		return // this example needs a cluster
	}
	lw := cache.NewListWatchFromClient(client, "configmaps", "default", fields.Everything())
	informer := cache.NewSharedIndexInformer(lw, &v1.ConfigMap{}, 10*time.Minute, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go informer.RunWithContext(ctx)
	if !cache.WaitForNamedCacheSyncWithContext(ctx, informer.HasSynced) {
		return
	}
	lister := cache.NewGenericLister(informer.GetIndexer(), schema.GroupResource{Resource: "configmaps"})
	objs, _ := lister.ByNamespace("default").List(labels.Everything())
	fmt.Println(len(objs), "configmaps")
}
