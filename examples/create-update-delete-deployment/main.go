// Command create-update-delete-deployment walks through the typed clientset:
// it creates a Deployment, changes its image and replica count inside
// retry.RetryOnConflict (while a second writer changes the same object, so the
// first attempt really does hit a conflict), lists the Deployments in the
// namespace and deletes the Deployment again.
//
// It reads the kubeconfig named by -kubeconfig, or $KUBECONFIG, or
// ~/.kube/config. `make demo` runs it against the embedded local cluster.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/tools/clientcmd"
	"github.com/kclient/kclient/util/retry"
)

func main() {
	kubeconfig := flag.String("kubeconfig", "", "path to a kubeconfig (default: $KUBECONFIG or ~/.kube/config)")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx, *kubeconfig); err != nil {
		fmt.Fprintln(os.Stderr, "create-update-delete-deployment:", err)
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

	namespace := fmt.Sprintf("deployment-demo-%d", time.Now().UnixNano()%100000)
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: namespace}}
	if _, err := clientset.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating namespace %s: %w", namespace, err)
	}
	fmt.Printf("created namespace %s\n", namespace)
	defer func() {
		err := clientset.CoreV1().Namespaces().Delete(context.Background(), namespace, metav1.DeleteOptions{})
		fmt.Printf("deleted namespace %s (err=%v)\n", namespace, err)
	}()

	deployments := clientset.AppsV1().Deployments(namespace)

	// Create.
	created, err := deployments.Create(ctx, newDeployment("demo", 2, "nginx:1.26"), metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("creating the deployment: %w", err)
	}
	fmt.Printf("created deployment %s: replicas=%d image=%s resourceVersion=%s\n",
		created.Name, *created.Spec.Replicas, created.Spec.Template.Spec.Containers[0].Image, created.ResourceVersion)

	// Update. RetryOnConflict runs the function again when the server answers
	// 409 Conflict, which happens when our copy's resourceVersion is stale.
	// Each attempt must start from a fresh Get. To show a retry, another
	// writer changes the Deployment between our Get and our Update on the
	// first attempt.
	attempt := 0
	err = retry.RetryOnConflict(retry.DefaultRetry, func() error {
		attempt++
		current, err := deployments.Get(ctx, "demo", metav1.GetOptions{})
		if err != nil {
			return err
		}
		if attempt == 1 {
			if err := otherWriter(ctx, clientset, namespace); err != nil {
				return err
			}
		}
		current.Spec.Replicas = ptr(int32(1))
		current.Spec.Template.Spec.Containers[0].Image = "nginx:1.27"
		_, err = deployments.Update(ctx, current, metav1.UpdateOptions{})
		switch {
		case apierrors.IsConflict(err):
			fmt.Printf("update attempt %d: conflict (our resourceVersion %s is stale), retrying\n", attempt, current.ResourceVersion)
		case err == nil:
			fmt.Printf("update attempt %d: ok\n", attempt)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("updating the deployment: %w", err)
	}
	if attempt < 2 {
		return errors.New("expected the first update attempt to conflict, but it did not")
	}

	// List.
	list, err := deployments.List(ctx, metav1.ListOptions{})
	if err != nil {
		return fmt.Errorf("listing deployments: %w", err)
	}
	for _, d := range list.Items {
		fmt.Printf("listed deployment %s: replicas=%d image=%s annotations=%v\n",
			d.Name, *d.Spec.Replicas, d.Spec.Template.Spec.Containers[0].Image, d.Annotations)
	}
	if len(list.Items) != 1 || *list.Items[0].Spec.Replicas != 1 || list.Items[0].Spec.Template.Spec.Containers[0].Image != "nginx:1.27" {
		return fmt.Errorf("the listed deployments do not show the update: %d items", len(list.Items))
	}

	// Delete. Background propagation deletes the Deployment now and leaves
	// its ReplicaSets to the garbage collector (the local cluster has none,
	// and no ReplicaSets either).
	policy := metav1.DeletePropagationBackground
	if err := deployments.Delete(ctx, "demo", metav1.DeleteOptions{PropagationPolicy: &policy}); err != nil {
		return fmt.Errorf("deleting the deployment: %w", err)
	}
	if _, err := deployments.Get(ctx, "demo", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		return fmt.Errorf("the deployment should be gone, Get returned %v", err)
	}
	fmt.Println("deleted deployment demo; Get now returns NotFound")
	return nil
}

// otherWriter stands for a second client (a controller, a colleague running
// kubectl) that annotates the Deployment, bumping its resourceVersion.
func otherWriter(ctx context.Context, clientset kubernetes.Interface, namespace string) error {
	d, err := clientset.AppsV1().Deployments(namespace).Get(ctx, "demo", metav1.GetOptions{})
	if err != nil {
		return err
	}
	if d.Annotations == nil {
		d.Annotations = map[string]string{}
	}
	d.Annotations["demo.kclient.io/touched-by"] = "other-writer"
	if _, err := clientset.AppsV1().Deployments(namespace).Update(ctx, d, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("the other writer's update: %w", err)
	}
	fmt.Println("meanwhile another writer annotated the deployment")
	return nil
}

func newDeployment(name string, replicas int32, image string) *appsv1.Deployment {
	labels := map[string]string{"app": name}
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr(replicas),
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{
					Name:  "web",
					Image: image,
					Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 80, Protocol: corev1.ProtocolTCP}},
				}}},
			},
		},
	}
}

func ptr[T any](v T) *T { return &v }
