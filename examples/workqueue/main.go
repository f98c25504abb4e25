// Command workqueue runs a small controller built the way Kubernetes
// controllers are: a shared informer feeds ConfigMap changes to event
// handlers, which put keys on a typed rate-limiting work queue; two workers
// take keys off the queue and reconcile. The controller keeps a derived
// ConfigMap "<group>-summary" in sync with the data of every source ConfigMap
// labelled demo.kclient.io/summary-group=<group>, and records an Event
// (tools/record) on each source it summarised.
//
// The demo then changes sources, edits the summary by hand, moves a source
// to another group and deletes sources, waiting after each step until the
// summaries converge. Finally it lists the recorded Events and shuts the
// controller down, letting the workers drain the queue.
//
// It reads the kubeconfig named by -kubeconfig, or $KUBECONFIG, or
// ~/.kube/config. `make demo` runs it against the embedded local cluster.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"

	"github.com/kclient/kclient/informers"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/kubernetes/scheme"
	typedcorev1 "github.com/kclient/kclient/kubernetes/typed/core/v1"
	"github.com/kclient/kclient/tools/clientcmd"
	"github.com/kclient/kclient/tools/record"
)

func main() {
	kubeconfig := flag.String("kubeconfig", "", "path to a kubeconfig (default: $KUBECONFIG or ~/.kube/config)")
	workers := flag.Int("workers", 2, "number of worker goroutines")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx, *kubeconfig, *workers); err != nil {
		fmt.Fprintln(os.Stderr, "workqueue:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, kubeconfig string, workers int) error {
	if workers < 1 {
		return fmt.Errorf("-workers must be at least 1, got %d", workers)
	}
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = kubeconfig
	config, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		return fmt.Errorf("loading kubeconfig: %w", err)
	}
	// The client-side rate limit defaults to 5 requests per second, which the
	// demo's polling alone would use up, slowing the controller's writes.
	config.QPS, config.Burst = 50, 100
	clientset, err := kubernetes.NewForConfig(config)
	if err != nil {
		return fmt.Errorf("creating the clientset: %w", err)
	}

	namespace := fmt.Sprintf("workqueue-demo-%d", time.Now().UnixNano()%100000)
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: namespace}}
	if _, err := clientset.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating namespace %s: %w", namespace, err)
	}
	fmt.Printf("created namespace %s\n", namespace)
	defer func() {
		err := clientset.CoreV1().Namespaces().Delete(context.Background(), namespace, metav1.DeleteOptions{})
		fmt.Printf("deleted namespace %s (err=%v)\n", namespace, err)
	}()

	// Events go to the API server through a broadcaster; the recorder stamps
	// them with the controller's name.
	broadcaster := record.NewBroadcaster()
	defer broadcaster.Shutdown()
	broadcaster.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: clientset.CoreV1().Events("")})
	recorder := broadcaster.NewRecorder(scheme.Scheme, corev1.EventSource{Component: "summary-controller"})

	factory := informers.NewSharedInformerFactoryWithOptions(clientset, 0, informers.WithNamespace(namespace))
	configMaps := factory.Core().V1().ConfigMaps()
	ctrl, err := newController(clientset, configMaps.Informer(), configMaps.Lister(), recorder)
	if err != nil {
		return err
	}

	// The controller runs until ctrlCtx is cancelled; stopController cancels
	// it and waits for Run to drain the queue and return.
	ctrlCtx, cancelController := context.WithCancel(ctx)
	factory.Start(ctrlCtx.Done())
	runErr := make(chan error, 1)
	go func() { runErr <- ctrl.Run(ctrlCtx, workers) }()
	stopped := false
	stopController := func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancelController()
		err := <-runErr
		factory.Shutdown()
		return err
	}
	defer func() { _ = stopController() }()

	if err := drive(ctx, clientset, namespace); err != nil {
		return err
	}
	if err := printEvents(ctx, clientset, namespace); err != nil {
		return err
	}
	return stopController()
}

// drive changes the sources step by step and waits for the summaries to follow.
func drive(ctx context.Context, clientset kubernetes.Interface, namespace string) error {
	cms := clientset.CoreV1().ConfigMaps(namespace)
	n := 0
	step := func(what string) { n++; fmt.Printf("step %d: %s\n", n, what) }

	step("create sources alpha and beta in group shop")
	for _, cm := range []*corev1.ConfigMap{source("alpha", "shop", "color", "red"), source("beta", "shop", "size", "L")} {
		if _, err := cms.Create(ctx, cm, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("creating %s: %w", cm.Name, err)
		}
	}
	if err := converge(ctx, cms, "shop", map[string]string{"alpha": "color=red", "beta": "size=L"}); err != nil {
		return err
	}

	step("change alpha, add gamma")
	if err := edit(ctx, cms, "alpha", func(cm *corev1.ConfigMap) { cm.Data["color"] = "blue"; cm.Data["shape"] = "round" }); err != nil {
		return err
	}
	if _, err := cms.Create(ctx, source("gamma", "shop", "weight", "3kg"), metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating gamma: %w", err)
	}
	if err := converge(ctx, cms, "shop", map[string]string{"alpha": "color=blue,shape=round", "beta": "size=L", "gamma": "weight=3kg"}); err != nil {
		return err
	}

	step("someone edits shop-summary by hand; the controller restores it")
	if err := edit(ctx, cms, summaryName("shop"), func(cm *corev1.ConfigMap) { cm.Data = map[string]string{"bogus": "value"} }); err != nil {
		return err
	}
	if err := converge(ctx, cms, "shop", map[string]string{"alpha": "color=blue,shape=round", "beta": "size=L", "gamma": "weight=3kg"}); err != nil {
		return err
	}

	step("move beta to group archive")
	if err := edit(ctx, cms, "beta", func(cm *corev1.ConfigMap) { cm.Labels[groupLabel] = "archive" }); err != nil {
		return err
	}
	if err := converge(ctx, cms, "shop", map[string]string{"alpha": "color=blue,shape=round", "gamma": "weight=3kg"}); err != nil {
		return err
	}
	if err := converge(ctx, cms, "archive", map[string]string{"beta": "size=L"}); err != nil {
		return err
	}

	step("delete alpha and gamma: shop has no sources left")
	for _, name := range []string{"alpha", "gamma"} {
		if err := cms.Delete(ctx, name, metav1.DeleteOptions{}); err != nil {
			return fmt.Errorf("deleting %s: %w", name, err)
		}
	}
	return converge(ctx, cms, "shop", nil)
}

// converge waits until the summary of group holds want; nil want means the
// summary must not exist.
func converge(ctx context.Context, cms typedcorev1.ConfigMapInterface, group string, want map[string]string) error {
	start := time.Now()
	var last string
	err := wait.PollUntilContextTimeout(ctx, 25*time.Millisecond, settle, true, func(ctx context.Context) (bool, error) {
		cm, err := cms.Get(ctx, summaryName(group), metav1.GetOptions{})
		switch {
		case apierrors.IsNotFound(err):
			last = "absent"
			return want == nil, nil
		case err != nil:
			return false, err
		}
		last = fmt.Sprint(cm.Data)
		return want != nil && maps.Equal(cm.Data, want), nil
	})
	if err != nil {
		return fmt.Errorf("%s did not converge to %v (last seen %s): %w", summaryName(group), want, last, err)
	}
	if want == nil {
		fmt.Printf("converged in %v: %s deleted\n", time.Since(start).Round(time.Millisecond), summaryName(group))
	} else {
		fmt.Printf("converged in %v: %s = %v\n", time.Since(start).Round(time.Millisecond), summaryName(group), want)
	}
	return nil
}

// edit applies change to the named ConfigMap, retrying on conflicts.
func edit(ctx context.Context, cms typedcorev1.ConfigMapInterface, name string, change func(*corev1.ConfigMap)) error {
	for range 5 {
		cm, err := cms.Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return fmt.Errorf("getting %s: %w", name, err)
		}
		change(cm)
		_, err = cms.Update(ctx, cm, metav1.UpdateOptions{})
		if !apierrors.IsConflict(err) {
			if err != nil {
				return fmt.Errorf("updating %s: %w", name, err)
			}
			return nil
		}
	}
	return fmt.Errorf("updating %s: still conflicting after 5 attempts", name)
}

// printEvents waits until the controller's Events reach the API server (the
// broadcaster writes them asynchronously) and prints them.
func printEvents(ctx context.Context, clientset kubernetes.Interface, namespace string) error {
	var events *corev1.EventList
	err := wait.PollUntilContextTimeout(ctx, 50*time.Millisecond, settle, true, func(ctx context.Context) (bool, error) {
		var err error
		events, err = clientset.CoreV1().Events(namespace).List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, err
		}
		// alpha, beta and gamma were each summarised at least once.
		objects := map[string]bool{}
		for _, e := range events.Items {
			if e.Source.Component == "summary-controller" {
				objects[e.InvolvedObject.Name] = true
			}
		}
		return len(objects) == 3, nil
	})
	if err != nil {
		return errors.Join(errors.New("the controller's Events did not reach the API server"), err)
	}
	fmt.Printf("%d events recorded:\n", len(events.Items))
	for _, e := range events.Items {
		fmt.Printf("  %s %s %s/%s: %s (count %d, from %s)\n", e.Type, e.Reason, e.InvolvedObject.Kind, e.InvolvedObject.Name, e.Message, e.Count, e.Source.Component)
	}
	return nil
}

func source(name, group, key, value string) *corev1.ConfigMap {
	return &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{groupLabel: group}},
		Data:       map[string]string{key: value},
	}
}
