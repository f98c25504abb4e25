// Command dynamic shows the dynamic client, which works with any resource
// without generated Go types. It first creates, updates, lists and deletes a
// Deployment as unstructured JSON and converts the listed objects into typed
// appsv1.Deployment values with runtime.DefaultUnstructuredConverter. Then it
// defines a CustomResourceDefinition
// (CronTab), waits until the server serves it, finds its resource through
// discovery and the REST mapper, then creates, patches (merge patch and
// server-side apply), lists and deletes a CronTab object, and finally removes
// the definition again.
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

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/discovery/cached/memory"
	"github.com/kclient/kclient/dynamic"
	"github.com/kclient/kclient/restmapper"
	"github.com/kclient/kclient/tools/clientcmd"
)

func main() {
	kubeconfig := flag.String("kubeconfig", "", "path to a kubeconfig (default: $KUBECONFIG or ~/.kube/config)")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx, *kubeconfig); err != nil {
		fmt.Fprintln(os.Stderr, "dynamic:", err)
		os.Exit(1)
	}
}

var crdsGVR = schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}

func run(ctx context.Context, kubeconfig string) error {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = kubeconfig
	config, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		return fmt.Errorf("loading kubeconfig: %w", err)
	}
	client, err := dynamic.NewForConfig(config)
	if err != nil {
		return fmt.Errorf("creating the dynamic client: %w", err)
	}

	// 0. A built-in kind first: a Deployment, converted back to typed objects.
	if err := deploymentTour(ctx, client); err != nil {
		return err
	}

	// 1. Define a custom resource. A unique group keeps reruns independent.
	group := fmt.Sprintf("demo%d.example.com", time.Now().UnixNano()%100000)
	crdName := "crontabs." + group
	crd := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apiextensions.k8s.io/v1",
		"kind":       "CustomResourceDefinition",
		"metadata":   map[string]any{"name": crdName},
		"spec": map[string]any{
			"group": group,
			"scope": "Namespaced",
			"names": map[string]any{"plural": "crontabs", "singular": "crontab", "kind": "CronTab", "shortNames": []any{"ct"}},
			"versions": []any{map[string]any{
				"name": "v1", "served": true, "storage": true,
				"schema": map[string]any{"openAPIV3Schema": map[string]any{"type": "object", "x-kubernetes-preserve-unknown-fields": true}},
			}},
		},
	}}
	if _, err := client.Resource(crdsGVR).Create(ctx, crd, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating the CRD: %w", err)
	}
	fmt.Println("created CustomResourceDefinition", crdName)
	defer func() {
		err := client.Resource(crdsGVR).Delete(context.Background(), crdName, metav1.DeleteOptions{})
		fmt.Printf("deleted CustomResourceDefinition %s (err=%v)\n", crdName, err)
	}()

	// 2. Find the resource for kind CronTab the way kubectl does: a REST
	// mapper over cached discovery. New CRDs take a moment to appear, so
	// retry; each Invalidate makes the mapper look again.
	disco, err := discovery.NewDiscoveryClientForConfig(config)
	if err != nil {
		return fmt.Errorf("creating the discovery client: %w", err)
	}
	cache := memory.NewMemCacheClient(disco)
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(cache)
	var gvr schema.GroupVersionResource
	for {
		mapping, err := mapper.RESTMapping(schema.GroupKind{Group: group, Kind: "CronTab"})
		if err == nil {
			gvr = mapping.Resource
			break
		}
		if ctx.Err() != nil {
			return fmt.Errorf("waiting for kind CronTab to be served: %w", err)
		}
		time.Sleep(200 * time.Millisecond)
		cache.Invalidate()
	}
	fmt.Println("kind CronTab is served as", gvr)

	crontabs := client.Resource(gvr).Namespace("default")

	// 3. Create an object: any JSON-shaped map with apiVersion and kind.
	obj := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": group + "/v1",
		"kind":       "CronTab",
		"metadata":   map[string]any{"name": "nightly"},
		"spec":       map[string]any{"cronSpec": "0 3 * * *", "image": "backup:1"},
	}}
	created, err := crontabs.Create(ctx, obj, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("creating the CronTab: %w", err)
	}
	fmt.Printf("created CronTab %s (uid %s)\n", created.GetName(), created.GetUID())

	// 4. A JSON merge patch changes only the fields it names.
	patched, err := crontabs.Patch(ctx, "nightly", types.MergePatchType, []byte(`{"spec":{"image":"backup:2"}}`), metav1.PatchOptions{})
	if err != nil {
		return fmt.Errorf("patching the CronTab: %w", err)
	}
	image, _, _ := unstructured.NestedString(patched.Object, "spec", "image")
	fmt.Println("merge patch set spec.image to", image)

	// 5. Server-side apply: send the fields this manager owns.
	applied, err := crontabs.Apply(ctx, "nightly", &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": group + "/v1",
		"kind":       "CronTab",
		"metadata":   map[string]any{"name": "nightly", "labels": map[string]any{"team": "ops"}},
		"spec":       map[string]any{"replicas": int64(2)},
	}}, metav1.ApplyOptions{FieldManager: "dynamic-example", Force: true})
	if err != nil {
		return fmt.Errorf("applying the CronTab: %w", err)
	}
	replicas, _, _ := unstructured.NestedInt64(applied.Object, "spec", "replicas")
	fmt.Printf("server-side apply set spec.replicas=%d and label team=%s\n", replicas, applied.GetLabels()["team"])

	// 6. List and delete.
	list, err := crontabs.List(ctx, metav1.ListOptions{LabelSelector: "team=ops"})
	if err != nil {
		return fmt.Errorf("listing CronTabs: %w", err)
	}
	for _, item := range list.Items {
		fmt.Println("listed CronTab", item.GetName())
	}
	if err := crontabs.Delete(ctx, "nightly", metav1.DeleteOptions{}); err != nil {
		return fmt.Errorf("deleting the CronTab: %w", err)
	}
	fmt.Println("deleted CronTab nightly")
	return nil
}
