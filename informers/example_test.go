package informers_test

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/kclient/kclient/informers"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/cache"
)

// A controller-style program: request the informers it needs, start them,
// wait for the caches, then read from listers and react to events.
func Example() {
	config := &rest.Config{Host: "https://127.0.0.1:6443"} // normally from a kubeconfig
	client := kubernetes.NewForConfigOrDie(config)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	factory := informers.NewSharedInformerFactoryWithOptions(client, 10*time.Minute,
		informers.WithNamespace("default"))
	configMaps := factory.Core().V1().ConfigMaps()
	_, _ = configMaps.TypedInformer().AddTypedEventHandler(printAdded())

	factory.Start(ctx.Done())
	defer factory.Shutdown()
	if res := factory.WaitForCacheSyncWithContext(ctx); res.Err != nil {
		fmt.Println("caches did not sync:", res.Err)
		return
	}
	// Lister results are shared with the cache: read them, never modify them.
	list, err := configMaps.Lister().ConfigMaps("default").List(labels.Everything())
	if err == nil {
		fmt.Println(len(list), "config maps")
	}
}

func printAdded() cache.TypedResourceEventHandler[*corev1.ConfigMap] {
	return cache.TypedResourceEventHandlerFuncs[*corev1.ConfigMap]{
		AddFunc: func(cm *corev1.ConfigMap) { fmt.Println("added", cm.Name) },
	}
}
