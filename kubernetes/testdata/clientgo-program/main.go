// Command clientgo-program is written for k8s.io/client-go, exactly as a
// client-go user would write it. TestClientGoProgramCompiles rewrites its
// import prefix to github.com/kclient/kclient, builds it and runs it against
// the local cluster: the source-compatibility promise, checked end to end.
// It is never built with client-go itself (testdata is ignored by go build).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/util/retry"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	fmt.Println("OK")
}

func run() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	config, err := clientcmd.BuildConfigFromFlags("", os.Getenv("KUBECONFIG"))
	if err != nil {
		return err
	}
	clientset, err := kubernetes.NewForConfig(config)
	if err != nil {
		return err
	}
	suffix := fmt.Sprint(time.Now().UnixNano() % 1000000)
	namespace := "compat-" + suffix
	if _, err := clientset.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: namespace}}, metav1.CreateOptions{}); err != nil {
		return err
	}
	defer clientset.CoreV1().Namespaces().Delete(context.Background(), namespace, metav1.DeleteOptions{})

	// The classic create-update-delete walk-through for a Deployment.
	deploymentsClient := clientset.AppsV1().Deployments(namespace)
	replicas := int32(2)
	deployment := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "compat-web"},
		Spec: appsv1.DeploymentSpec{
			Replicas: &replicas,
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "demo"}},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "demo"}},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{
					Name: "web", Image: "nginx:1.26",
					Ports: []corev1.ContainerPort{{Name: "http", Protocol: corev1.ProtocolTCP, ContainerPort: 80}},
				}}},
			},
		},
	}
	result, err := deploymentsClient.Create(ctx, deployment, metav1.CreateOptions{})
	if err != nil {
		return err
	}
	fmt.Println("created deployment", result.GetObjectMeta().GetName())

	err = retry.RetryOnConflict(retry.DefaultRetry, func() error {
		result, getErr := deploymentsClient.Get(ctx, "compat-web", metav1.GetOptions{})
		if getErr != nil {
			return fmt.Errorf("reading the deployment back: %w", getErr)
		}
		result.Spec.Replicas = int32Ptr(1)
		result.Spec.Template.Spec.Containers[0].Image = "nginx:1.27"
		_, updateErr := deploymentsClient.Update(ctx, result, metav1.UpdateOptions{})
		return updateErr
	})
	if err != nil {
		return fmt.Errorf("updating the deployment: %w", err)
	}
	list, err := deploymentsClient.List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	for _, d := range list.Items {
		if *d.Spec.Replicas != 1 || d.Spec.Template.Spec.Containers[0].Image != "nginx:1.27" {
			return fmt.Errorf("deployment %s not updated: replicas=%d image=%s", d.Name, *d.Spec.Replicas, d.Spec.Template.Spec.Containers[0].Image)
		}
		fmt.Printf("listed %s with %d replica(s)\n", d.Name, *d.Spec.Replicas)
	}
	foreground := metav1.DeletePropagationForeground
	if err := deploymentsClient.Delete(ctx, "compat-web", metav1.DeleteOptions{PropagationPolicy: &foreground}); err != nil {
		return err
	}

	// Node labels through a strategic merge patch.
	nodeName := "compat-node-" + suffix
	if _, err := clientset.CoreV1().Nodes().Create(ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: nodeName}}, metav1.CreateOptions{}); err != nil {
		return err
	}
	defer clientset.CoreV1().Nodes().Delete(context.Background(), nodeName, metav1.DeleteOptions{})
	nodePatch, _ := json.Marshal(map[string]any{"metadata": map[string]any{"labels": map[string]string{"example.com/role": "edge"}}})
	node, err := clientset.CoreV1().Nodes().Patch(ctx, nodeName, types.StrategicMergePatchType, nodePatch, metav1.PatchOptions{})
	if err != nil {
		return err
	}
	if node.Labels["example.com/role"] != "edge" {
		return fmt.Errorf("node label not patched: %v", node.Labels)
	}

	// Pod labels through a JSON patch.
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Labels: map[string]string{"app": "web"}},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx:1.27"}}},
	}
	if _, err := clientset.CoreV1().Pods(namespace).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		return err
	}
	podPatch := []byte(`[{"op":"add","path":"/metadata/labels/tier","value":"backend"}]`)
	patched, err := clientset.CoreV1().Pods(namespace).Patch(ctx, "web", types.JSONPatchType, podPatch, metav1.PatchOptions{})
	if err != nil {
		return err
	}
	if patched.Labels["tier"] != "backend" || patched.Labels["app"] != "web" {
		return fmt.Errorf("pod labels not patched: %v", patched.Labels)
	}

	// Errors keep their meaning.
	_, err = clientset.CoreV1().Pods(namespace).Get(ctx, "missing", metav1.GetOptions{})
	if !apierrors.IsNotFound(err) {
		return fmt.Errorf("want NotFound for a missing pod, got %v", err)
	}
	return nil
}

func int32Ptr(i int32) *int32 { return &i }
