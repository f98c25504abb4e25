// Package controller is the crd-controller example's controller: for every
// Foo it keeps a Deployment named Foo.spec.deploymentName with
// Foo.spec.replicas replicas, reports the Deployment's replica count in the
// Foo's status subresource, records Events on the Foo, and deletes the
// Deployment when the Foo is gone.
package controller

import (
	"context"
	"errors"
	"fmt"
	"sync"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/klog/v2"

	samplev1alpha1 "github.com/kclient/kclient/examples/crd-controller/pkg/apis/samplecontroller/v1alpha1"
	"github.com/kclient/kclient/examples/crd-controller/pkg/generated/clientset/versioned"
	samplescheme "github.com/kclient/kclient/examples/crd-controller/pkg/generated/clientset/versioned/scheme"
	sampleinformers "github.com/kclient/kclient/examples/crd-controller/pkg/generated/informers/externalversions/samplecontroller/v1alpha1"
	samplelisters "github.com/kclient/kclient/examples/crd-controller/pkg/generated/listers/samplecontroller/v1alpha1"
	appsinformers "github.com/kclient/kclient/informers/apps/v1"
	"github.com/kclient/kclient/kubernetes"
	kubescheme "github.com/kclient/kclient/kubernetes/scheme"
	appslisters "github.com/kclient/kclient/listers/apps/v1"
	"github.com/kclient/kclient/tools/cache"
	"github.com/kclient/kclient/tools/record"
	"github.com/kclient/kclient/util/workqueue"
)

// Event reasons the controller records on Foos.
const (
	// ReasonSynced: the Deployment matches the Foo.
	ReasonSynced = "Synced"
	// ReasonDeploymentExists: a Deployment of that name exists but belongs
	// to something else, so the controller leaves it alone.
	ReasonDeploymentExists = "DeploymentExists"
	// ReasonInvalidSpec: the Foo names no Deployment.
	ReasonInvalidSpec = "InvalidSpec"
)

// fooKind is the Foo's group-version-kind, for owner references.
var fooKind = samplev1alpha1.SchemeGroupVersion.WithKind("Foo")

// Controller reconciles Foos with Deployments. Event handlers only put Foo
// keys on a rate-limited queue; workers reconcile each key from the informer
// caches, so a burst of events for one Foo becomes one sync.
type Controller struct {
	kube        kubernetes.Interface
	foos        versioned.Interface
	deployments appslisters.DeploymentLister
	fooLister   samplelisters.FooLister
	synced      []cache.InformerSynced
	queue       workqueue.TypedRateLimitingInterface[cache.ObjectName]
	recorder    record.EventRecorder
}

// New returns a controller fed by the two informers, which must come from
// factories that are started (after New) before Run.
func New(kube kubernetes.Interface, foos versioned.Interface, deploymentInformer appsinformers.DeploymentInformer,
	fooInformer sampleinformers.FooInformer, recorder record.EventRecorder) (*Controller, error) {
	c := &Controller{
		kube:        kube,
		foos:        foos,
		deployments: deploymentInformer.Lister(),
		fooLister:   fooInformer.Lister(),
		synced:      []cache.InformerSynced{deploymentInformer.Informer().HasSynced, fooInformer.Informer().HasSynced},
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(
			workqueue.DefaultTypedControllerRateLimiter[cache.ObjectName](),
			workqueue.TypedRateLimitingQueueConfig[cache.ObjectName]{Name: "foos"}),
		recorder: recorder,
	}
	_, err := fooInformer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    c.enqueueFoo,
		UpdateFunc: func(_, obj interface{}) { c.enqueueFoo(obj) },
		DeleteFunc: c.enqueueFoo,
	})
	if err != nil {
		return nil, fmt.Errorf("watching Foos: %w", err)
	}
	// A Deployment event means its owning Foo may need a sync: someone
	// scaled it by hand, or it outlived its Foo.
	_, err = deploymentInformer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    c.enqueueOwner,
		UpdateFunc: func(_, obj interface{}) { c.enqueueOwner(obj) },
		DeleteFunc: c.enqueueOwner,
	})
	if err != nil {
		return nil, fmt.Errorf("watching Deployments: %w", err)
	}
	return c, nil
}

// enqueueFoo queues the key of a Foo, or of the tombstone of a deleted one.
func (c *Controller) enqueueFoo(obj interface{}) {
	if tomb, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = tomb.Obj
	}
	name, err := cache.ObjectToName(obj)
	if err != nil {
		klog.Background().Error(err, "Cannot queue Foo", "object", obj)
		return
	}
	c.queue.Add(name)
}

// enqueueOwner queues the Foo that controls a Deployment, whether or not
// that Foo still exists.
func (c *Controller) enqueueOwner(obj interface{}) {
	if tomb, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = tomb.Obj
	}
	d, ok := obj.(*appsv1.Deployment)
	if !ok {
		return
	}
	if ref := ownedBy(d); ref != nil {
		c.queue.Add(cache.ObjectName{Namespace: d.Namespace, Name: ref.Name})
	}
}

// ownedBy returns the Foo owner reference controlling d, or nil.
func ownedBy(d *appsv1.Deployment) *metav1.OwnerReference {
	ref := metav1.GetControllerOf(d)
	if ref == nil || ref.Kind != fooKind.Kind || ref.APIVersion != fooKind.GroupVersion().String() {
		return nil
	}
	return ref
}

// Run waits for the caches, then runs workers until ctx ends, and returns
// after they have stopped (at once if ctx ends before the caches sync).
func (c *Controller) Run(ctx context.Context, workers int) {
	defer c.queue.ShutDown()
	logger := klog.FromContext(ctx)
	if !cache.WaitForCacheSync(ctx.Done(), c.synced...) {
		logger.Info("Stopped before the caches synced")
		return
	}
	logger.Info("Caches synced, starting workers", "workers", workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for c.processNext(ctx) {
			}
		})
	}
	<-ctx.Done()
	c.queue.ShutDown()
	wg.Wait()
}

// processNext syncs one key; it returns false once the queue shuts down.
func (c *Controller) processNext(ctx context.Context) bool {
	key, quit := c.queue.Get()
	if !quit {
		c.handle(ctx, key)
	}
	return !quit
}

// handle syncs key and tells the queue how it went: a failed sync is
// retried with the queue's per-key backoff, a successful one resets it.
func (c *Controller) handle(ctx context.Context, key cache.ObjectName) {
	defer c.queue.Done(key)
	if err := c.sync(ctx, key); err != nil {
		// A conflict only means the cache was behind a write; the retry
		// reads the newer object, so it is not worth an error line.
		if apierrors.IsConflict(err) {
			klog.FromContext(ctx).V(2).Info("Sync conflicted, will retry", "foo", key.String(), "err", err)
		} else {
			klog.FromContext(ctx).Error(err, "Sync failed, will retry", "foo", key.String())
		}
		c.queue.AddRateLimited(key)
		return
	}
	c.queue.Forget(key)
}

// sync makes the world match the Foo called key.
func (c *Controller) sync(ctx context.Context, key cache.ObjectName) error {
	foo, err := c.fooLister.Foos(key.Namespace).Get(key.Name)
	if apierrors.IsNotFound(err) {
		return c.deleteOrphans(ctx, key)
	}
	if err != nil {
		return err
	}
	if foo.DeletionTimestamp != nil {
		return nil
	}
	name := foo.Spec.DeploymentName
	if name == "" {
		c.recorder.Event(foo, corev1.EventTypeWarning, ReasonInvalidSpec, "spec.deploymentName is empty")
		return nil // retrying cannot help until the Foo changes
	}

	deployment, err := c.deployments.Deployments(foo.Namespace).Get(name)
	switch {
	case apierrors.IsNotFound(err):
		deployment, err = c.kube.AppsV1().Deployments(foo.Namespace).Create(ctx, newDeployment(foo), metav1.CreateOptions{})
	case err == nil && !metav1.IsControlledBy(deployment, foo):
		msg := fmt.Sprintf("Deployment %s exists and is not controlled by this Foo", name)
		c.recorder.Event(foo, corev1.EventTypeWarning, ReasonDeploymentExists, msg)
		return errors.New(msg)
	case err == nil && replicasOf(deployment) != wantReplicas(foo):
		scaled := deployment.DeepCopy()
		scaled.Spec.Replicas = new(wantReplicas(foo))
		deployment, err = c.kube.AppsV1().Deployments(foo.Namespace).Update(ctx, scaled, metav1.UpdateOptions{})
	}
	if err != nil {
		return fmt.Errorf("deployment %s/%s: %w", foo.Namespace, name, err)
	}

	if err := c.updateStatus(ctx, foo, deployment); err != nil {
		return err
	}
	c.recorder.Eventf(foo, corev1.EventTypeNormal, ReasonSynced, "Deployment %s has %d replicas", name, replicasOf(deployment))
	return nil
}

// updateStatus writes the Deployment's replica count to the Foo's status
// subresource, unless it is there already. With no controller-manager the
// Deployment's own status never changes, so the spec count is what the Foo
// reports.
func (c *Controller) updateStatus(ctx context.Context, foo *samplev1alpha1.Foo, d *appsv1.Deployment) error {
	want := samplev1alpha1.FooStatus{Replicas: replicasOf(d), ObservedGeneration: foo.Generation}
	if foo.Status == want {
		return nil
	}
	updated := foo.DeepCopy() // the lister's object belongs to the cache
	updated.Status = want
	if _, err := c.foos.SamplecontrollerV1alpha1().Foos(foo.Namespace).UpdateStatus(ctx, updated, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("updating status of Foo %s/%s: %w", foo.Namespace, foo.Name, err)
	}
	return nil
}

// deleteOrphans deletes the Deployments a deleted Foo controlled. A
// cluster's garbage collector would do this through the owner reference;
// doing it here also works where none runs (like the example's test
// cluster), and a NotFound from a collector that was faster is fine.
func (c *Controller) deleteOrphans(ctx context.Context, key cache.ObjectName) error {
	all, err := c.deployments.Deployments(key.Namespace).List(labels.Everything())
	if err != nil {
		return err
	}
	for _, d := range all {
		if ref := ownedBy(d); ref == nil || ref.Name != key.Name {
			continue
		}
		// Preconditions make sure a Deployment of the same name that a new
		// Foo created in the meantime is not deleted by mistake.
		err := c.kube.AppsV1().Deployments(d.Namespace).Delete(ctx, d.Name, metav1.DeleteOptions{Preconditions: &metav1.Preconditions{UID: &d.UID}})
		if err != nil && !apierrors.IsNotFound(err) && !apierrors.IsConflict(err) {
			return fmt.Errorf("deleting Deployment %s/%s of deleted Foo %s: %w", d.Namespace, d.Name, key.Name, err)
		}
		klog.FromContext(ctx).Info("Deleted Deployment of deleted Foo", "deployment", d.Namespace+"/"+d.Name, "foo", key.Name)
	}
	return nil
}

// wantReplicas is the Foo's replica count, 1 when unset.
func wantReplicas(foo *samplev1alpha1.Foo) int32 {
	if foo.Spec.Replicas == nil {
		return 1
	}
	return *foo.Spec.Replicas
}

// replicasOf is a Deployment's spec.replicas; the apiserver defaults a
// missing count to 1, and so does this (objects from fakes are not
// defaulted).
func replicasOf(d *appsv1.Deployment) int32 {
	if d.Spec.Replicas == nil {
		return 1
	}
	return *d.Spec.Replicas
}

// newDeployment is the Deployment a Foo asks for: a small web server, owned
// by the Foo so that it is deleted with it on a cluster with a garbage
// collector.
func newDeployment(foo *samplev1alpha1.Foo) *appsv1.Deployment {
	podLabels := map[string]string{"app": "nginx", "controller": foo.Name}
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{
			Name:            foo.Spec.DeploymentName,
			Namespace:       foo.Namespace,
			OwnerReferences: []metav1.OwnerReference{*metav1.NewControllerRef(foo, fooKind)},
		},
		Spec: appsv1.DeploymentSpec{
			Replicas: new(wantReplicas(foo)),
			Selector: &metav1.LabelSelector{MatchLabels: podLabels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: podLabels},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{
					Name:  "nginx",
					Image: "nginx:1.27",
				}}},
			},
		},
	}
}

// NewScheme returns a scheme with the built-in types and Foo, for an event
// recorder that refers to Foos.
func NewScheme() (*runtime.Scheme, error) {
	s := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{kubescheme.AddToScheme, samplescheme.AddToScheme} {
		if err := add(s); err != nil {
			return nil, err
		}
	}
	return s, nil
}
