package controller_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kclient/kclient/examples/crd-controller/controller"
	samplev1alpha1 "github.com/kclient/kclient/examples/crd-controller/pkg/apis/samplecontroller/v1alpha1"
	samplefake "github.com/kclient/kclient/examples/crd-controller/pkg/generated/clientset/versioned/fake"
	sampleinformers "github.com/kclient/kclient/examples/crd-controller/pkg/generated/informers/externalversions"
	"github.com/kclient/kclient/informers"
	kubefake "github.com/kclient/kclient/kubernetes/fake"
	"github.com/kclient/kclient/tools/record"
)

const ns = "unit"

func foo(name, deployment string, replicas *int32) *samplev1alpha1.Foo {
	return &samplev1alpha1.Foo{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, UID: types.UID("uid-" + name)},
		Spec:       samplev1alpha1.FooSpec{DeploymentName: deployment, Replicas: replicas},
	}
}

func deployment(name string, replicas int32, owner *samplev1alpha1.Foo) *appsv1.Deployment {
	d := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec:       appsv1.DeploymentSpec{Replicas: new(replicas)},
	}
	if owner != nil {
		d.OwnerReferences = []metav1.OwnerReference{*metav1.NewControllerRef(owner, samplev1alpha1.SchemeGroupVersion.WithKind("Foo"))}
	}
	return d
}

// noReplicas clears d's replica count, as a fake (which does no defaulting)
// may hold it.
func noReplicas(d *appsv1.Deployment) *appsv1.Deployment {
	d.Spec.Replicas = nil
	return d
}

// TestControllerWithFakes runs the controller over the generated fake
// clientset and kclient's fake Clientset: each case starts from some
// objects and checks the state the controller converges to.
func TestControllerWithFakes(t *testing.T) {
	web := foo("web", "web", new(int32(3)))
	tests := []struct {
		name        string
		foos        []runtime.Object
		deployments []runtime.Object
		deployment  string
		// wantReplicas is the Deployment's final replica count; 0 means the
		// Deployment must not exist.
		wantReplicas int32
		wantStatus   *int32 // the Foo's final status.replicas, when checked
		wantEvent    string
	}{
		{"creates the missing Deployment", []runtime.Object{web}, nil, "web", 3, new(int32(3)), "Normal Synced Deployment web has 3 replicas"},
		{"nil replicas means one", []runtime.Object{foo("one", "one", nil)}, nil, "one", 1, new(int32(1)), "Normal Synced Deployment one has 1 replicas"},
		{"scales an owned Deployment", []runtime.Object{web}, []runtime.Object{deployment("web", 7, web)}, "web", 3, new(int32(3)), "Normal Synced Deployment web has 3 replicas"},
		{"leaves a foreign Deployment alone", []runtime.Object{web}, []runtime.Object{deployment("web", 7, nil)}, "web", 7, new(int32(0)),
			"Warning DeploymentExists Deployment web exists and is not controlled by this Foo"},
		{"reports an empty deployment name", []runtime.Object{foo("bad", "", nil)}, nil, "bad", 0, new(int32(0)), "Warning InvalidSpec spec.deploymentName is empty"},
		{"a Deployment without replicas counts as one", []runtime.Object{web}, []runtime.Object{noReplicas(deployment("web", 0, web))}, "web", 3, new(int32(3)), "Normal Synced Deployment web has 3 replicas"},
		{"deletes the Deployment of a deleted Foo", nil, []runtime.Object{deployment("web", 3, web)}, "web", 0, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			kube := kubefake.NewClientset(tt.deployments...)
			foos := samplefake.NewClientset(tt.foos...)
			recorder := record.NewFakeRecorder(100)
			kubeFactory := informers.NewSharedInformerFactory(kube, 0)
			fooFactory := sampleinformers.NewSharedInformerFactory(foos, 0)
			ctrl, err := controller.New(kube, foos, kubeFactory.Apps().V1().Deployments(), fooFactory.Samplecontroller().V1alpha1().Foos(), recorder)
			require.NoError(t, err)
			kubeFactory.Start(ctx.Done())
			fooFactory.Start(ctx.Done())
			done := make(chan struct{})
			go func() {
				defer close(done)
				ctrl.Run(ctx, 1)
			}()
			defer func() {
				cancel()
				<-done
				kubeFactory.Shutdown()
				fooFactory.Shutdown()
			}()

			if tt.wantEvent != "" {
				assert.Equal(t, tt.wantEvent, <-recorder.Events)
			}
			eventually(t, "converged", func() error {
				d, err := kube.AppsV1().Deployments(ns).Get(ctx, tt.deployment, metav1.GetOptions{})
				switch {
				case tt.wantReplicas == 0 && apierrors.IsNotFound(err):
				case tt.wantReplicas == 0:
					return fmt.Errorf("deployment should not exist (err=%v)", err)
				case err != nil:
					return err
				case *d.Spec.Replicas != tt.wantReplicas:
					return fmt.Errorf("deployment has %d replicas, want %d", *d.Spec.Replicas, tt.wantReplicas)
				}
				if tt.wantStatus == nil {
					return nil
				}
				f, err := foos.SamplecontrollerV1alpha1().Foos(ns).Get(ctx, tt.foos[0].(*samplev1alpha1.Foo).Name, metav1.GetOptions{})
				if err != nil {
					return err
				}
				if f.Status.Replicas != *tt.wantStatus {
					return fmt.Errorf("foo status.replicas=%d, want %d", f.Status.Replicas, *tt.wantStatus)
				}
				return nil
			})
		})
	}
}
