// Command rest-client shows the lowest layer of kclient: a rest.RESTClient for
// the core/v1 API group, used to create a few Pods and then list them page by
// page with VersionedParams and a page limit.
//
// It reads the kubeconfig named by -kubeconfig, or $KUBECONFIG, or
// ~/.kube/config. `make demo` runs it against the embedded local cluster.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/kubernetes/scheme"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/clientcmd"
)

func main() {
	kubeconfig := flag.String("kubeconfig", "", "path to a kubeconfig (default: $KUBECONFIG or ~/.kube/config)")
	pageSize := flag.Int64("page-size", 2, "how many pods to ask for per LIST request")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx, *kubeconfig, *pageSize); err != nil {
		fmt.Fprintln(os.Stderr, "rest-client:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, kubeconfig string, pageSize int64) error {
	// Load the kubeconfig the way kubectl does: explicit path first, then the
	// KUBECONFIG list, then ~/.kube/config.
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = kubeconfig
	config, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		return fmt.Errorf("loading kubeconfig: %w", err)
	}

	// A RESTClient speaks to one group-version: core/v1 lives under /api.
	config.APIPath = "/api"
	config.GroupVersion = &corev1.SchemeGroupVersion
	config.NegotiatedSerializer = scheme.Codecs.WithoutConversion()
	client, err := rest.RESTClientFor(config)
	if err != nil {
		return fmt.Errorf("building the REST client: %w", err)
	}

	namespace := fmt.Sprintf("rest-client-demo-%d", time.Now().UnixNano()%100000)
	if err := setUp(ctx, client, namespace); err != nil {
		return err
	}
	defer func() {
		// Deleting the namespace deletes the pods in it.
		err := client.Delete().Resource("namespaces").Name(namespace).Do(context.Background()).Error()
		fmt.Printf("deleted namespace %s (err=%v)\n", namespace, err)
	}()

	// List the pods page by page: Limit caps each response, and the server
	// hands back a Continue token until the list is complete.
	opts := metav1.ListOptions{Limit: pageSize}
	for page := 1; ; page++ {
		var pods corev1.PodList
		err := client.Get().
			Namespace(namespace).
			Resource("pods").
			VersionedParams(&opts, scheme.ParameterCodec).
			Do(ctx).
			Into(&pods)
		if err != nil {
			return fmt.Errorf("listing pods in %s: %w", namespace, err)
		}
		for _, pod := range pods.Items {
			fmt.Printf("page %d: pod %-8s phase=%s image=%s\n", page, pod.Name, pod.Status.Phase, pod.Spec.Containers[0].Image)
		}
		if pods.Continue == "" {
			break
		}
		opts.Continue = pods.Continue
	}
	return nil
}

// setUp creates the namespace, its default ServiceAccount (no controller
// manager runs in the local cluster to create it) and a handful of pods.
// The pods stay Pending: no scheduler or kubelet runs either.
func setUp(ctx context.Context, client *rest.RESTClient, namespace string) error {
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: namespace}}
	if err := client.Post().Resource("namespaces").Body(ns).Do(ctx).Error(); err != nil {
		return fmt.Errorf("creating namespace %s: %w", namespace, err)
	}
	fmt.Printf("created namespace %s\n", namespace)
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default"}}
	if err := client.Post().Namespace(namespace).Resource("serviceaccounts").Body(sa).Do(ctx).Error(); err != nil {
		return fmt.Errorf("creating the default service account: %w", err)
	}
	for i := 1; i <= 5; i++ {
		pod := &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("web-%d", i), Labels: map[string]string{"app": "web"}},
			Spec: corev1.PodSpec{Containers: []corev1.Container{{
				Name:  "nginx",
				Image: "nginx:1.27",
			}}},
		}
		var created corev1.Pod
		if err := client.Post().Namespace(namespace).Resource("pods").Body(pod).Do(ctx).Into(&created); err != nil {
			return fmt.Errorf("creating pod %s: %w", pod.Name, err)
		}
	}
	fmt.Println("created 5 pods")
	return nil
}
