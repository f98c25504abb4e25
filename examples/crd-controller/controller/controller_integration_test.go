package controller_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/dynamic"
	"github.com/kclient/kclient/examples/crd-controller/controller"
	samplev1alpha1 "github.com/kclient/kclient/examples/crd-controller/pkg/apis/samplecontroller/v1alpha1"
	applysamplev1alpha1 "github.com/kclient/kclient/examples/crd-controller/pkg/generated/applyconfigurations/samplecontroller/v1alpha1"
	"github.com/kclient/kclient/examples/crd-controller/pkg/generated/clientset/versioned"
	sampleinformers "github.com/kclient/kclient/examples/crd-controller/pkg/generated/informers/externalversions"
	"github.com/kclient/kclient/informers"
	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes"
	typedcorev1 "github.com/kclient/kclient/kubernetes/typed/core/v1"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/record"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

// env is a running controller watching one fresh namespace.
type env struct {
	kube      kubernetes.Interface
	foos      versioned.Interface
	namespace string
}

// setUp installs the CRD, creates a namespace and runs the controller on it
// until the test ends.
func setUp(t *testing.T) *env {
	c := testcluster.Get(t)
	config := &rest.Config{Host: c.Host, QPS: 100, Burst: 200, TLSClientConfig: rest.TLSClientConfig{
		CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData}}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)

	dyn, err := dynamic.NewForConfig(config)
	require.NoError(t, err)
	require.NoError(t, controller.InstallCRD(ctx, dyn))
	require.NoError(t, controller.InstallCRD(ctx, dyn), "installing twice is fine")

	e := &env{namespace: fmt.Sprintf("crd-controller-test-%d", time.Now().UnixNano()%1000000)}
	e.kube, err = kubernetes.NewForConfig(config)
	require.NoError(t, err)
	e.foos, err = versioned.NewForConfig(config)
	require.NoError(t, err)
	_, err = e.kube.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: e.namespace}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = e.kube.CoreV1().Namespaces().Delete(context.Background(), e.namespace, metav1.DeleteOptions{})
	})

	scheme, err := controller.NewScheme()
	require.NoError(t, err)
	broadcaster := record.NewBroadcaster()
	broadcaster.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: e.kube.CoreV1().Events("")})
	recorder := broadcaster.NewRecorder(scheme, corev1.EventSource{Component: "crd-controller-test"})
	kubeFactory := informers.NewSharedInformerFactoryWithOptions(e.kube, 0, informers.WithNamespace(e.namespace))
	fooFactory := sampleinformers.NewSharedInformerFactoryWithOptions(e.foos, 0, sampleinformers.WithNamespace(e.namespace))
	ctrl, err := controller.New(e.kube, e.foos, kubeFactory.Apps().V1().Deployments(), fooFactory.Samplecontroller().V1alpha1().Foos(), recorder)
	require.NoError(t, err)

	runCtx, stop := context.WithCancel(ctx)
	kubeFactory.Start(runCtx.Done())
	fooFactory.Start(runCtx.Done())
	done := make(chan struct{})
	go func() {
		defer close(done)
		ctrl.Run(runCtx, 2)
	}()
	t.Cleanup(func() {
		stop()
		<-done
		kubeFactory.Shutdown()
		fooFactory.Shutdown()
		broadcaster.Shutdown()
	})
	return e
}

// eventually retries check until it returns nil, failing the test with the
// last error after 30 seconds.
func eventually(t *testing.T, what string, check func() error) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %v", what, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// converged checks that Foo name's Deployment has replicas and is controlled
// by the Foo, and that the Foo's status reports the count for its current
// generation.
func (e *env) converged(ctx context.Context, name string, replicas int32) func() error {
	return func() error {
		foo, err := e.foos.SamplecontrollerV1alpha1().Foos(e.namespace).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		d, err := e.kube.AppsV1().Deployments(e.namespace).Get(ctx, foo.Spec.DeploymentName, metav1.GetOptions{})
		if err != nil {
			return err
		}
		switch {
		case !metav1.IsControlledBy(d, foo):
			return fmt.Errorf("deployment owners %v do not name Foo %s (uid %s)", d.OwnerReferences, foo.Name, foo.UID)
		case *d.Spec.Replicas != replicas:
			return fmt.Errorf("deployment spec.replicas=%d, want %d", *d.Spec.Replicas, replicas)
		case foo.Status.Replicas != replicas || foo.Status.ObservedGeneration != foo.Generation:
			return fmt.Errorf("foo status %+v at generation %d, want %d replicas", foo.Status, foo.Generation, replicas)
		}
		return nil
	}
}

// TestFooLifecycle walks one Foo through create, spec update, drift of its
// Deployment, and delete, checking after each step that the controller has
// brought the Deployment and the Foo's status in line.
func TestFooLifecycle(t *testing.T) {
	e := setUp(t)
	ctx := context.Background()
	foos := e.foos.SamplecontrollerV1alpha1().Foos(e.namespace)
	deployments := e.kube.AppsV1().Deployments(e.namespace)
	const name, deployment = "lifecycle", "lifecycle-web"

	steps := []struct {
		name   string
		act    func() error
		verify func() error
	}{
		{
			name: "create without replicas means one",
			act: func() error {
				_, err := foos.Create(ctx, &samplev1alpha1.Foo{
					ObjectMeta: metav1.ObjectMeta{Name: name},
					Spec:       samplev1alpha1.FooSpec{DeploymentName: deployment},
				}, metav1.CreateOptions{})
				return err
			},
			verify: e.converged(ctx, name, 1),
		},
		{
			name: "update spec.replicas scales the Deployment",
			act: func() error {
				foo, err := foos.Get(ctx, name, metav1.GetOptions{})
				if err != nil {
					return err
				}
				foo.Spec.Replicas = new(int32(4))
				_, err = foos.Update(ctx, foo, metav1.UpdateOptions{})
				return err
			},
			verify: e.converged(ctx, name, 4),
		},
		{
			name: "a hand-scaled Deployment is scaled back",
			act: func() error {
				d, err := deployments.Get(ctx, deployment, metav1.GetOptions{})
				if err != nil {
					return err
				}
				d.Spec.Replicas = new(int32(9))
				_, err = deployments.Update(ctx, d, metav1.UpdateOptions{})
				return err
			},
			verify: e.converged(ctx, name, 4),
		},
		{
			name: "delete removes the Deployment",
			act:  func() error { return foos.Delete(ctx, name, metav1.DeleteOptions{}) },
			verify: func() error {
				_, err := deployments.Get(ctx, deployment, metav1.GetOptions{})
				if apierrors.IsNotFound(err) {
					return nil
				}
				return fmt.Errorf("deployment still there (err=%v)", err)
			},
		},
	}
	for _, step := range steps {
		require.NoError(t, step.act(), step.name)
		eventually(t, step.name, step.verify)
	}

	eventually(t, "Synced events recorded", func() error {
		events, err := e.kube.CoreV1().Events(e.namespace).List(ctx, metav1.ListOptions{FieldSelector: "involvedObject.kind=Foo,reason=" + controller.ReasonSynced})
		if err != nil {
			return err
		}
		if len(events.Items) == 0 {
			return fmt.Errorf("no %s events yet", controller.ReasonSynced)
		}
		return nil
	})
}

// TestFooDoesNotTakeOverForeignDeployment checks that a Foo naming a
// Deployment it does not own leaves that Deployment alone and says why in
// a Warning event.
func TestFooDoesNotTakeOverForeignDeployment(t *testing.T) {
	e := setUp(t)
	ctx := context.Background()
	labels := map[string]string{"app": "foreign"}
	foreign := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "foreign"},
		Spec: appsv1.DeploymentSpec{
			Replicas: new(int32(2)),
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "busybox"}}},
			},
		},
	}
	_, err := e.kube.AppsV1().Deployments(e.namespace).Create(ctx, foreign, metav1.CreateOptions{})
	require.NoError(t, err)
	_, err = e.foos.SamplecontrollerV1alpha1().Foos(e.namespace).Create(ctx, &samplev1alpha1.Foo{
		ObjectMeta: metav1.ObjectMeta{Name: "intruder"},
		Spec:       samplev1alpha1.FooSpec{DeploymentName: "foreign", Replicas: new(int32(5))},
	}, metav1.CreateOptions{})
	require.NoError(t, err)

	eventually(t, "warning event", func() error {
		events, err := e.kube.CoreV1().Events(e.namespace).List(ctx, metav1.ListOptions{FieldSelector: "involvedObject.name=intruder,reason=" + controller.ReasonDeploymentExists})
		if err != nil {
			return err
		}
		if len(events.Items) == 0 {
			return fmt.Errorf("no %s event yet", controller.ReasonDeploymentExists)
		}
		assert.Equal(t, corev1.EventTypeWarning, events.Items[0].Type)
		return nil
	})
	d, err := e.kube.AppsV1().Deployments(e.namespace).Get(ctx, "foreign", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, int32(2), *d.Spec.Replicas, "not scaled")
	assert.Empty(t, d.OwnerReferences, "not adopted")
}

// TestCRDValidation checks that the installed schema is enforced by the
// apiserver, so the controller never sees a Foo without a Deployment name
// or with an absurd replica count.
func TestCRDValidation(t *testing.T) {
	e := setUp(t)
	ctx := context.Background()
	tests := []struct {
		name string
		spec samplev1alpha1.FooSpec
		ok   bool
	}{
		{"valid", samplev1alpha1.FooSpec{DeploymentName: "d", Replicas: new(int32(10))}, true},
		{"no deployment name", samplev1alpha1.FooSpec{Replicas: new(int32(1))}, false},
		{"too many replicas", samplev1alpha1.FooSpec{DeploymentName: "d", Replicas: new(int32(11))}, false},
		{"negative replicas", samplev1alpha1.FooSpec{DeploymentName: "d", Replicas: new(int32(-1))}, false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.foos.SamplecontrollerV1alpha1().Foos(e.namespace).Create(ctx, &samplev1alpha1.Foo{
				ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("v%d", i)},
				Spec:       tt.spec,
			}, metav1.CreateOptions{})
			if tt.ok {
				assert.NoError(t, err)
			} else {
				assert.True(t, apierrors.IsInvalid(err), "want Invalid, got %v", err)
			}
		})
	}
}

// TestApplyThroughGeneratedClient drives a Foo with server-side apply through
// the generated Apply method and apply configurations: the first apply
// creates the Foo, a second one from the same field manager changes its
// replicas, and the controller follows both.
func TestApplyThroughGeneratedClient(t *testing.T) {
	e := setUp(t)
	ctx := context.Background()
	foos := e.foos.SamplecontrollerV1alpha1().Foos(e.namespace)
	for _, replicas := range []int32{2, 6} {
		foo := applysamplev1alpha1.Foo("applied", e.namespace).
			WithSpec(applysamplev1alpha1.FooSpec().WithDeploymentName("applied-web").WithReplicas(replicas))
		got, err := foos.Apply(ctx, foo, metav1.ApplyOptions{FieldManager: "crd-controller-test", Force: true})
		require.NoError(t, err)
		assert.Equal(t, replicas, *got.Spec.Replicas)
		var managers []string
		for _, m := range got.ManagedFields {
			if m.Operation == metav1.ManagedFieldsOperationApply {
				managers = append(managers, m.Manager)
			}
		}
		assert.Equal(t, []string{"crd-controller-test"}, managers, "applied fields are owned by the field manager")
		eventually(t, fmt.Sprintf("converged on %d replicas", replicas), e.converged(ctx, "applied", replicas))
	}
}
