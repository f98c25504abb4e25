package main

import (
	"context"
	"fmt"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/dynamic"
	"github.com/kclient/kclient/util/retry"
)

var deploymentsGVR = schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}

// deploymentTour creates, updates, lists and deletes a Deployment with the
// dynamic client, then converts the listed objects into typed
// appsv1.Deployment values with runtime.DefaultUnstructuredConverter.
func deploymentTour(ctx context.Context, client dynamic.Interface) error {
	namespace := fmt.Sprintf("dynamic-demo-%d", time.Now().UnixNano()%100000)
	namespaces := client.Resource(schema.GroupVersionResource{Version: "v1", Resource: "namespaces"})
	ns := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "v1", "kind": "Namespace",
		"metadata": map[string]any{"name": namespace},
	}}
	if _, err := namespaces.Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating namespace %s: %w", namespace, err)
	}
	defer func() {
		err := namespaces.Delete(context.Background(), namespace, metav1.DeleteOptions{})
		fmt.Printf("deleted namespace %s (err=%v)\n", namespace, err)
	}()
	deployments := client.Resource(deploymentsGVR).Namespace(namespace)

	deployment := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apps/v1",
		"kind":       "Deployment",
		"metadata":   map[string]any{"name": "demo-deployment", "labels": map[string]any{"app": "demo"}},
		"spec": map[string]any{
			"replicas": int64(2),
			"selector": map[string]any{"matchLabels": map[string]any{"app": "demo"}},
			"template": map[string]any{
				"metadata": map[string]any{"labels": map[string]any{"app": "demo"}},
				"spec": map[string]any{"containers": []any{map[string]any{
					"name": "web", "image": "nginx:1.26",
				}}},
			},
		},
	}}
	created, err := deployments.Create(ctx, deployment, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("creating deployment: %w", err)
	}
	fmt.Printf("created deployment %s\n", created.GetName())

	// Read-modify-write, retried when another writer got there first.
	err = retry.RetryOnConflict(retry.DefaultRetry, func() error {
		current, err := deployments.Get(ctx, "demo-deployment", metav1.GetOptions{})
		if err != nil {
			return err
		}
		if err := unstructured.SetNestedField(current.Object, int64(1), "spec", "replicas"); err != nil {
			return err
		}
		containers, _, err := unstructured.NestedSlice(current.Object, "spec", "template", "spec", "containers")
		if err != nil || len(containers) == 0 {
			return fmt.Errorf("deployment has no containers (err=%v)", err)
		}
		if err := unstructured.SetNestedField(containers[0].(map[string]any), "nginx:1.27", "image"); err != nil {
			return err
		}
		if err := unstructured.SetNestedSlice(current.Object, containers, "spec", "template", "spec", "containers"); err != nil {
			return err
		}
		_, err = deployments.Update(ctx, current, metav1.UpdateOptions{})
		return err
	})
	if err != nil {
		return fmt.Errorf("updating deployment: %w", err)
	}
	fmt.Println("updated deployment: replicas=1, image=nginx:1.27")

	list, err := deployments.List(ctx, metav1.ListOptions{LabelSelector: "app=demo"})
	if err != nil {
		return fmt.Errorf("listing deployments: %w", err)
	}
	for _, item := range list.Items {
		// The unstructured map converts into the typed struct field by field.
		var typed appsv1.Deployment
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(item.Object, &typed); err != nil {
			return fmt.Errorf("converting %s to apps/v1 Deployment: %w", item.GetName(), err)
		}
		fmt.Printf("listed deployment %s: replicas=%d image=%s (typed %T)\n",
			typed.Name, *typed.Spec.Replicas, typed.Spec.Template.Spec.Containers[0].Image, typed)
	}

	if err := deployments.Delete(ctx, "demo-deployment", metav1.DeleteOptions{}); err != nil {
		return fmt.Errorf("deleting deployment: %w", err)
	}
	fmt.Println("deleted deployment demo-deployment")
	return nil
}
