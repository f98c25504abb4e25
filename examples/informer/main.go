// Command informer shows the informer stack a controller is built on: a
// SharedInformerFactory scoped to one namespace, event handlers on its Pod
// informer, WaitForCacheSync, and the Pod lister answering a label-selector
// query from the local cache instead of the API server.
//
// It creates pods before and after the informer starts, updates one and
// deletes one, and waits until the handlers have seen each change.
//
// It reads the kubeconfig named by -kubeconfig, or $KUBECONFIG, or
// ~/.kube/config. `make demo` runs it against the embedded local cluster.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/kclient/kclient/informers"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/tools/cache"
	"github.com/kclient/kclient/tools/clientcmd"
)

func main() {
	kubeconfig := flag.String("kubeconfig", "", "path to a kubeconfig (default: $KUBECONFIG or ~/.kube/config)")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx, *kubeconfig); err != nil {
		fmt.Fprintln(os.Stderr, "informer:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, kubeconfig string) error {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = kubeconfig
	config, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		return fmt.Errorf("loading kubeconfig: %w", err)
	}
	clientset, err := kubernetes.NewForConfig(config)
	if err != nil {
		return fmt.Errorf("creating the clientset: %w", err)
	}

	namespace := fmt.Sprintf("informer-demo-%d", time.Now().UnixNano()%100000)
	if err := createNamespace(ctx, clientset, namespace); err != nil {
		return err
	}
	defer func() {
		err := clientset.CoreV1().Namespaces().Delete(context.Background(), namespace, metav1.DeleteOptions{})
		fmt.Printf("deleted namespace %s (err=%v)\n", namespace, err)
	}()
	pods := clientset.CoreV1().Pods(namespace)

	// A pod that exists before the informer starts arrives with the initial list.
	if _, err := pods.Create(ctx, newPod("web-0", "web"), metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating pod web-0: %w", err)
	}

	// One factory per program; informers it hands out are shared by everyone
	// who asks for the same type. A resync period of 0 means no periodic
	// replays of the cache to the handlers.
	factory := informers.NewSharedInformerFactoryWithOptions(clientset, 0, informers.WithNamespace(namespace))
	podInformer := factory.Core().V1().Pods()
	seen := &eventLog{}
	if _, err := podInformer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj any) { seen.record("add", obj) },
		UpdateFunc: func(oldObj, newObj any) {
			// With a resync period (none here) UpdateFunc is also called
			// for unchanged objects: compare resourceVersions first.
			if oldObj.(*corev1.Pod).ResourceVersion != newObj.(*corev1.Pod).ResourceVersion {
				seen.record("update", newObj)
			}
		},
		DeleteFunc: func(obj any) {
			// A missed delete arrives as a tombstone holding the last known state.
			if tombstone, ok := obj.(cache.DeletedFinalStateUnknown); ok {
				obj = tombstone.Obj
			}
			seen.record("delete", obj)
		},
	}); err != nil {
		return fmt.Errorf("registering the event handlers: %w", err)
	}
	lister := podInformer.Lister()

	// Start runs every informer requested so far in its own goroutine until
	// the stop channel closes; Shutdown waits for them to finish.
	stop := make(chan struct{})
	factory.Start(stop)
	defer func() {
		close(stop)
		factory.Shutdown()
		fmt.Println("informers stopped")
	}()
	start := time.Now()
	for typ, ok := range factory.WaitForCacheSync(ctx.Done()) {
		if !ok {
			return fmt.Errorf("the %v informer did not sync", typ)
		}
	}
	fmt.Printf("cache synced in %v\n", time.Since(start).Round(time.Millisecond))

	// Changes made through the API reach the cache and the handlers
	// asynchronously, a few milliseconds later.
	for _, p := range []*corev1.Pod{newPod("web-1", "web"), newPod("web-2", "web"), newPod("db-1", "db")} {
		if _, err := pods.Create(ctx, p, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("creating pod %s: %w", p.Name, err)
		}
	}
	if err := seen.waitFor(ctx, "add", "web-0", "web-1", "web-2", "db-1"); err != nil {
		return err
	}

	// Lister reads come from the cache. Returned objects are shared with it:
	// read them, never modify them (DeepCopy first).
	web, err := lister.Pods(namespace).List(labels.SelectorFromSet(labels.Set{"app": "web"}))
	if err != nil {
		return fmt.Errorf("listing web pods from the cache: %w", err)
	}
	names := podNames(web)
	fmt.Printf("lister: pods with app=web: %v\n", names)
	if !slices.Equal(names, []string{"web-0", "web-1", "web-2"}) {
		return fmt.Errorf("expected web-0, web-1 and web-2 with app=web, got %v", names)
	}

	// Update one pod's labels and delete another.
	db, err := lister.Pods(namespace).Get("db-1")
	if err != nil {
		return fmt.Errorf("getting db-1 from the cache: %w", err)
	}
	db = db.DeepCopy()
	db.Labels["tier"] = "backend"
	if _, err := pods.Update(ctx, db, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("updating db-1: %w", err)
	}
	if err := pods.Delete(ctx, "web-1", metav1.DeleteOptions{GracePeriodSeconds: ptr(int64(0))}); err != nil {
		return fmt.Errorf("deleting web-1: %w", err)
	}
	if err := seen.waitFor(ctx, "update", "db-1"); err != nil {
		return err
	}
	if err := seen.waitFor(ctx, "delete", "web-1"); err != nil {
		return err
	}

	backend, err := lister.Pods(namespace).List(labels.SelectorFromSet(labels.Set{"tier": "backend"}))
	if err != nil {
		return fmt.Errorf("listing backend pods from the cache: %w", err)
	}
	all, err := lister.List(labels.Everything())
	if err != nil {
		return fmt.Errorf("listing all pods from the cache: %w", err)
	}
	fmt.Printf("lister: pods with tier=backend: %v; all pods: %v\n", podNames(backend), podNames(all))
	return nil
}

// eventLog collects what the handlers saw. Handlers run on the informer's
// goroutine, so access is locked.
type eventLog struct {
	mu   sync.Mutex
	seen map[string]bool // "add/web-1"
}

func (l *eventLog) record(kind string, obj any) {
	pod, ok := obj.(*corev1.Pod)
	if !ok {
		fmt.Printf("handler: %s of unexpected %T\n", kind, obj)
		return
	}
	fmt.Printf("handler: %-6s pod %-5s labels=%v\n", kind, pod.Name, pod.Labels)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = map[string]bool{}
	}
	l.seen[kind+"/"+pod.Name] = true
}

// waitFor waits until the handlers have seen a kind event for every name.
func (l *eventLog) waitFor(ctx context.Context, kind string, names ...string) error {
	err := wait.PollUntilContextTimeout(ctx, 20*time.Millisecond, 20*time.Second, true, func(context.Context) (bool, error) {
		l.mu.Lock()
		defer l.mu.Unlock()
		for _, name := range names {
			if !l.seen[kind+"/"+name] {
				return false, nil
			}
		}
		return true, nil
	})
	if err != nil {
		return fmt.Errorf("waiting for %s events for %v: %w", kind, names, err)
	}
	return nil
}

func podNames(pods []*corev1.Pod) []string {
	names := make([]string, 0, len(pods))
	for _, p := range pods {
		names = append(names, p.Name)
	}
	slices.Sort(names)
	return names
}

// createNamespace creates namespace and its default ServiceAccount, which no
// controller manager creates in the local cluster.
func createNamespace(ctx context.Context, clientset kubernetes.Interface, namespace string) error {
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: namespace}}
	if _, err := clientset.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating namespace %s: %w", namespace, err)
	}
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default"}}
	if _, err := clientset.CoreV1().ServiceAccounts(namespace).Create(ctx, sa, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating the default service account: %w", err)
	}
	fmt.Printf("created namespace %s\n", namespace)
	return nil
}

func newPod(name, app string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"app": app}},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: app, Image: "busybox:1.37"}}},
	}
}

func ptr[T any](v T) *T { return &v }
