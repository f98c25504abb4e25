// Command out-of-cluster shows how a program running outside the cluster (on
// a laptop, in CI) finds its configuration: it loads kubeconfig files the way
// kubectl does with tools/clientcmd, lists their contexts, applies -context
// and -namespace overrides, and uses the resulting rest.Config with the typed
// clientset to list nodes and pods.
//
// It then adds a context of its own to the loaded configuration (in memory;
// no file is written) whose default namespace holds two freshly created pods,
// and shows that selecting that context is enough for the namespace to follow.
//
// It reads the kubeconfig named by -kubeconfig, or $KUBECONFIG, or
// ~/.kube/config. `make demo` runs it against the embedded local cluster.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sort"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/tools/clientcmd"
	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
)

func main() {
	kubeconfig := flag.String("kubeconfig", "", "path to a kubeconfig (default: $KUBECONFIG or ~/.kube/config)")
	contextName := flag.String("context", "", "kubeconfig context to use (default: the current context)")
	namespace := flag.String("namespace", "", "namespace to list pods in (default: the context's namespace, else \"default\")")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx, *kubeconfig, *contextName, *namespace); err != nil {
		fmt.Fprintln(os.Stderr, "out-of-cluster:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, kubeconfig, contextName, namespace string) error {
	// 1. Where the configuration comes from: -kubeconfig if given, else every
	// file in $KUBECONFIG merged, else ~/.kube/config.
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = kubeconfig
	fmt.Printf("kubeconfig files, in order of precedence: %v\n", rules.GetLoadingPrecedence())

	// 2. Command-line overrides win over the files: the context to use and
	// its namespace. Empty fields override nothing.
	overrides := &clientcmd.ConfigOverrides{CurrentContext: contextName}
	overrides.Context.Namespace = namespace
	clientConfig := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides)

	raw, err := clientConfig.RawConfig()
	if err != nil {
		return fmt.Errorf("loading kubeconfig: %w", err)
	}
	printContexts(raw, contextName)

	// 3. The rest.Config every client is built from, and the namespace to
	// work in: the override, else the context's namespace, else "default".
	config, err := clientConfig.ClientConfig()
	if err != nil {
		return fmt.Errorf("building the client configuration: %w", err)
	}
	ns, fromConfig, err := clientConfig.Namespace()
	if err != nil {
		return fmt.Errorf("resolving the namespace: %w", err)
	}
	fmt.Printf("server %s, namespace %q (set explicitly by the kubeconfig or -namespace: %v)\n", config.Host, ns, fromConfig)

	clientset, err := kubernetes.NewForConfig(config)
	if err != nil {
		return fmt.Errorf("creating the clientset: %w", err)
	}
	version, err := clientset.Discovery().ServerVersion()
	if err != nil {
		return fmt.Errorf("asking for the server version: %w", err)
	}
	fmt.Printf("server version %s\n", version.GitVersion)
	if err := listNodesAndPods(ctx, clientset, ns); err != nil {
		return err
	}

	// 4. A context carries a default namespace. Add one in memory pointing at
	// a new namespace and select it: the namespace follows the context.
	return contextNamespaceDemo(ctx, clientset, raw)
}

// printContexts lists the contexts of the merged kubeconfig, marking the one
// in use.
func printContexts(raw clientcmdapi.Config, override string) {
	current := raw.CurrentContext
	if override != "" {
		current = override
	}
	names := make([]string, 0, len(raw.Contexts))
	for name := range raw.Contexts {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		c := raw.Contexts[name]
		marker := " "
		if name == current {
			marker = "*"
		}
		fmt.Printf("  %s context %-20s cluster=%s user=%s namespace=%q\n", marker, name, c.Cluster, c.AuthInfo, c.Namespace)
	}
}

func listNodesAndPods(ctx context.Context, clientset kubernetes.Interface, namespace string) error {
	nodes, err := clientset.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return fmt.Errorf("listing nodes: %w", err)
	}
	fmt.Printf("%d nodes\n", len(nodes.Items))
	for _, n := range nodes.Items {
		fmt.Printf("  node %s\n", n.Name)
	}
	pods, err := clientset.CoreV1().Pods(namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		return fmt.Errorf("listing pods in %s: %w", namespace, err)
	}
	fmt.Printf("%d pods in namespace %s\n", len(pods.Items), namespace)
	for _, p := range pods.Items {
		fmt.Printf("  pod %s phase=%s\n", p.Name, p.Status.Phase)
	}
	return nil
}

func contextNamespaceDemo(ctx context.Context, clientset kubernetes.Interface, raw clientcmdapi.Config) error {
	base, ok := raw.Contexts[raw.CurrentContext]
	if !ok {
		fmt.Println("the kubeconfig has no current context; skipping the context-namespace demo")
		return nil
	}
	namespace := fmt.Sprintf("out-of-cluster-demo-%d", time.Now().UnixNano()%100000)
	if err := createPods(ctx, clientset, namespace); err != nil {
		return err
	}
	defer func() {
		err := clientset.CoreV1().Namespaces().Delete(context.Background(), namespace, metav1.DeleteOptions{})
		fmt.Printf("deleted namespace %s (err=%v)\n", namespace, err)
	}()

	demo := *base
	demo.Namespace = namespace
	raw.Contexts["out-of-cluster-demo"] = &demo
	clientConfig := clientcmd.NewDefaultClientConfig(raw, &clientcmd.ConfigOverrides{CurrentContext: "out-of-cluster-demo"})
	ns, _, err := clientConfig.Namespace()
	if err != nil {
		return fmt.Errorf("resolving the namespace of the demo context: %w", err)
	}
	fmt.Printf("context out-of-cluster-demo (cluster=%s user=%s) selects namespace %s\n", demo.Cluster, demo.AuthInfo, ns)
	if ns != namespace {
		return fmt.Errorf("the demo context should select namespace %s, got %s", namespace, ns)
	}
	config, err := clientConfig.ClientConfig()
	if err != nil {
		return fmt.Errorf("building the demo context's configuration: %w", err)
	}
	demoClient, err := kubernetes.NewForConfig(config)
	if err != nil {
		return fmt.Errorf("creating the clientset: %w", err)
	}
	return listNodesAndPods(ctx, demoClient, ns)
}

// createPods creates namespace with its default ServiceAccount (no controller
// manager creates it in the local cluster) and two pods, which stay Pending.
func createPods(ctx context.Context, clientset kubernetes.Interface, namespace string) error {
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: namespace}}
	if _, err := clientset.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating namespace %s: %w", namespace, err)
	}
	fmt.Printf("created namespace %s\n", namespace)
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default"}}
	if _, err := clientset.CoreV1().ServiceAccounts(namespace).Create(ctx, sa, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating the default service account: %w", err)
	}
	for _, name := range []string{"api", "worker"} {
		pod := &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{Name: name},
			Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: name, Image: "busybox:1.37"}}},
		}
		if _, err := clientset.CoreV1().Pods(namespace).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("creating pod %s: %w", name, err)
		}
	}
	fmt.Println("created pods api and worker")
	return nil
}
