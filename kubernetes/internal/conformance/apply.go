package conformance

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	appsv1ac "github.com/kclient/kclient/applyconfigurations/apps/v1"
	corev1ac "github.com/kclient/kclient/applyconfigurations/core/v1"
	metav1ac "github.com/kclient/kclient/applyconfigurations/meta/v1"
	"github.com/kclient/kclient/kubernetes"
)

// ApplyMerges checks that server-side applies by two field managers merge
// lists by key: a pod's containers (by name) and a deployment template's
// containers, where a manager's apply that leaves out a container it owned
// removes it while another manager's container stays. ns must exist (for a
// real server) and hold no pod or deployment named "web". It returns one
// line per step ("pod: a=a:1 b=b:2", ...), so that callers can compare a
// real server's transcript with the fake's.
func ApplyMerges(t *testing.T, cs kubernetes.Interface, ns string) []string {
	ctx := context.Background()
	var transcript []string
	step := func(line string) { transcript = append(transcript, line) }

	pods := cs.CoreV1().Pods(ns)
	pod := func(containers ...*corev1ac.ContainerApplyConfiguration) *corev1ac.PodApplyConfiguration {
		return corev1ac.Pod("web", ns).WithSpec(corev1ac.PodSpec().WithContainers(containers...))
	}
	applied, err := pods.Apply(ctx, pod(container("a", "a:1"), container("b", "b:1")),
		metav1.ApplyOptions{FieldManager: "first"})
	require.NoError(t, err)
	step("pod: " + podContainers(applied.Spec.Containers))
	assert.Equal(t, "a=a:1 b=b:1", podContainers(applied.Spec.Containers))

	applied, err = pods.Apply(ctx, pod(container("b", "b:2")), metav1.ApplyOptions{FieldManager: "second", Force: true})
	require.NoError(t, err)
	step("pod: " + podContainers(applied.Spec.Containers))
	assert.Equal(t, "a=a:1 b=b:2", podContainers(applied.Spec.Containers),
		"applying one container keeps the other: containers merge by name")
	step("pod managers: " + managers(applied.ManagedFields))
	assert.Equal(t, "first/Apply second/Apply", managers(applied.ManagedFields))

	_, err = pods.Apply(ctx, pod(container("a", "a:1"), container("b", "b:1")), metav1.ApplyOptions{FieldManager: "first"})
	step(fmt.Sprintf("pod re-apply conflict: %t: %v", apierrors.IsConflict(err), err))
	assert.True(t, apierrors.IsConflict(err), "first's image of b is now second's: %v", err)

	deps := cs.AppsV1().Deployments(ns)
	labels := map[string]string{"app": "web"}
	deployment := func(containers ...*corev1ac.ContainerApplyConfiguration) *appsv1ac.DeploymentApplyConfiguration {
		return appsv1ac.Deployment("web", ns).WithSpec(appsv1ac.DeploymentSpec().
			WithSelector(metav1ac.LabelSelector().WithMatchLabels(labels)).
			WithTemplate(corev1ac.PodTemplateSpec().
				WithLabels(labels).
				WithSpec(corev1ac.PodSpec().WithContainers(containers...))))
	}
	steps := []struct {
		manager    string
		containers []*corev1ac.ContainerApplyConfiguration
		want       string
	}{
		{"first", []*corev1ac.ContainerApplyConfiguration{container("a", "a:1"), container("b", "b:1")}, "a=a:1 b=b:1"},
		{"second", []*corev1ac.ContainerApplyConfiguration{container("c", "c:1")}, "a=a:1 b=b:1 c=c:1"},
		{"first", []*corev1ac.ContainerApplyConfiguration{container("a", "a:2")}, "a=a:2 c=c:1"},
	}
	for _, s := range steps {
		got, err := deps.Apply(ctx, deployment(s.containers...), metav1.ApplyOptions{FieldManager: s.manager})
		require.NoError(t, err, "apply by %s", s.manager)
		containers := podContainers(got.Spec.Template.Spec.Containers)
		step(fmt.Sprintf("deployment after %s: %s", s.manager, containers))
		assert.Equal(t, s.want, containers, "apply by %s", s.manager)
	}
	return transcript
}

// container is a container apply configuration with a name and an image.
func container(name, image string) *corev1ac.ContainerApplyConfiguration {
	return corev1ac.Container().WithName(name).WithImage(image)
}

// podContainers lists containers as "name=image", in order.
func podContainers(containers []corev1.Container) string {
	parts := make([]string, len(containers))
	for i, c := range containers {
		parts[i] = c.Name + "=" + c.Image
	}
	return strings.Join(parts, " ")
}

// managers lists the field managers of entries as "manager/operation",
// sorted.
func managers(entries []metav1.ManagedFieldsEntry) string {
	parts := make([]string, len(entries))
	for i, e := range entries {
		parts[i] = e.Manager + "/" + string(e.Operation)
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}
