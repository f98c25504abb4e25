package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"
)

// createWorkers is how many goroutines create Pods at once during setup.
const createWorkers = 48

// ensureServiceAccount creates the namespace's "default" ServiceAccount,
// which a controller-manager would create; none runs on the local cluster.
func ensureServiceAccount(ctx context.Context, client kubernetes.Interface, ns string) error {
	_, err := client.CoreV1().ServiceAccounts(ns).Create(ctx, &corev1.ServiceAccount{
		ObjectMeta: metav1.ObjectMeta{Name: "default"},
	}, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("create serviceaccount %s/default: %w", ns, err)
	}
	return nil
}

// createPods creates Pods number from .. to-1 in namespace ns from
// createWorkers goroutines with the setup client (not measured), printing
// progress now and then.
func createPods(ctx context.Context, client kubernetes.Interface, ns string, from, to int) error {
	if to <= from {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next     atomic.Int64
		done     atomic.Int64
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	next.Store(int64(from))
	began := time.Now()
	for range createWorkers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= to || ctx.Err() != nil {
					return
				}
				_, err := client.CoreV1().Pods(ns).Create(ctx, benchPod(i), metav1.CreateOptions{FieldManager: "informersync-setup"})
				if err != nil && !apierrors.IsAlreadyExists(err) {
					errOnce.Do(func() {
						firstErr = fmt.Errorf("create pod %s/%s: %w", ns, podName(i), err)
						cancel()
					})
					return
				}
				if n := done.Add(1); n%5000 == 0 {
					fmt.Printf("  setup: %d of %d pods created (%.0f/s)\n", from+int(n), to, float64(n)/time.Since(began).Seconds())
				}
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}

func podName(i int) string { return fmt.Sprintf("web-%06d", i) }

// benchPod is Pod number i: what a typical application Pod looks like once
// scheduled (about 4 KiB in protobuf with its managed fields): two containers
// with images, ports, env vars, a downward-API variable, resource requests and
// limits, probes and volume mounts; ConfigMap, Secret, emptyDir and projected
// service-account-token volumes; six labels and two annotations; a node name
// and tolerations. Every 100 Pods share an app label and a node, as
// Deployment replicas spread over nodes do.
func benchPod(i int) *corev1.Pod {
	app := fmt.Sprintf("app-%03d", i/100)
	node := fmt.Sprintf("node-%03d", i%200)
	expiry := int64(3607)
	grace := int64(30)
	res := func(cpu, mem string) corev1.ResourceList {
		return corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(cpu), corev1.ResourceMemory: resource.MustParse(mem)}
	}
	mounts := []corev1.VolumeMount{
		{Name: "config", MountPath: "/etc/app", ReadOnly: true},
		{Name: "tls", MountPath: "/etc/tls", ReadOnly: true},
		{Name: "cache", MountPath: "/var/cache/app"},
		{Name: "kube-api-access", MountPath: "/var/run/secrets/kubernetes.io/serviceaccount", ReadOnly: true},
	}
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name: podName(i),
			Labels: map[string]string{
				"app.kubernetes.io/name":       app,
				"app.kubernetes.io/instance":   app + "-prod",
				"app.kubernetes.io/version":    "1.24.3",
				"app.kubernetes.io/component":  "web",
				"app.kubernetes.io/managed-by": "helm",
				"pod-template-hash":            fmt.Sprintf("%08x", 0x5f3a1c00+i/100),
			},
			Annotations: map[string]string{
				"prometheus.io/scrape":              "true",
				"kubectl.kubernetes.io/restartedAt": "2026-11-20T09:14:03Z",
			},
		},
		Spec: corev1.PodSpec{
			NodeName:                      node,
			ServiceAccountName:            "default",
			TerminationGracePeriodSeconds: &grace,
			Containers: []corev1.Container{
				{
					Name:  "app",
					Image: "registry.example.com/shop/" + app + ":1.24.3",
					Args:  []string{"--config=/etc/app/config.yaml", "--listen=:8080"},
					Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 8080, Protocol: corev1.ProtocolTCP}, {Name: "metrics", ContainerPort: 9090, Protocol: corev1.ProtocolTCP}},
					Env: []corev1.EnvVar{
						{Name: "LOG_LEVEL", Value: "info"},
						{Name: "DB_HOST", Value: "postgres.databases.svc.cluster.local"},
						{Name: "CACHE_URL", Value: "redis://redis.cache.svc.cluster.local:6379/0"},
						{Name: "FEATURE_FLAGS", Value: "checkout-v2,search-suggest"},
						{Name: "POD_NAME", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "metadata.name"}}},
					},
					Resources: corev1.ResourceRequirements{Requests: res("250m", "256Mi"), Limits: res("1", "512Mi")},
					ReadinessProbe: &corev1.Probe{
						ProbeHandler:  corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/healthz", Port: intstr.FromString("http")}},
						PeriodSeconds: 10,
					},
					VolumeMounts:             mounts,
					ImagePullPolicy:          corev1.PullIfNotPresent,
					TerminationMessagePath:   "/dev/termination-log",
					TerminationMessagePolicy: corev1.TerminationMessageReadFile,
				},
				{
					Name:  "proxy",
					Image: "registry.example.com/platform/envoy:1.31.2",
					Args:  []string{"--config-path=/etc/app/envoy.yaml"},
					Ports: []corev1.ContainerPort{{Name: "proxy", ContainerPort: 15001, Protocol: corev1.ProtocolTCP}},
					Env: []corev1.EnvVar{
						{Name: "ENVOY_LOG_LEVEL", Value: "warn"},
						{Name: "NODE_NAME", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "spec.nodeName"}}},
					},
					Resources:                corev1.ResourceRequirements{Requests: res("100m", "64Mi"), Limits: res("500m", "128Mi")},
					VolumeMounts:             mounts[:2],
					ImagePullPolicy:          corev1.PullIfNotPresent,
					TerminationMessagePath:   "/dev/termination-log",
					TerminationMessagePolicy: corev1.TerminationMessageReadFile,
				},
			},
			Volumes: []corev1.Volume{
				{Name: "config", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: app + "-config"}}}},
				{Name: "tls", VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: app + "-tls"}}},
				{Name: "cache", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
				{Name: "kube-api-access", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{Sources: []corev1.VolumeProjection{
					{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: "token", ExpirationSeconds: &expiry}},
					{ConfigMap: &corev1.ConfigMapProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "kube-root-ca.crt"}, Items: []corev1.KeyToPath{{Key: "ca.crt", Path: "ca.crt"}}}},
				}}}},
			},
			Tolerations: []corev1.Toleration{
				{Key: "node.kubernetes.io/not-ready", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute},
				{Key: "node.kubernetes.io/unreachable", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute},
			},
		},
	}
}
