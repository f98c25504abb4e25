package controller

import (
	"context"
	_ "embed"
	"fmt"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/yaml"

	"github.com/kclient/kclient/dynamic"
)

// crdManifest is the Foo CustomResourceDefinition.
//
//go:embed crd.yaml
var crdManifest []byte

// crdResource is where CustomResourceDefinitions live. kclient has no
// apiextensions clientset (client-go has none either: it is a separate
// module), so the dynamic client installs the CRD.
var crdResource = schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}

// InstallCRD creates the Foo CustomResourceDefinition unless it exists, and
// waits until the apiserver reports it Established, that is, serves Foos.
func InstallCRD(ctx context.Context, client dynamic.Interface) error {
	crd := &unstructured.Unstructured{}
	if err := yaml.Unmarshal(crdManifest, &crd.Object); err != nil {
		return fmt.Errorf("parsing the Foo CRD manifest: %w", err)
	}
	crds := client.Resource(crdResource)
	_, err := crds.Create(ctx, crd, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("creating CRD %s: %w", crd.GetName(), err)
	}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		got, err := crds.Get(ctx, crd.GetName(), metav1.GetOptions{})
		if err != nil {
			return fmt.Errorf("reading CRD %s: %w", crd.GetName(), err)
		}
		if established(got) {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("CRD %s not established: %w", crd.GetName(), context.Cause(ctx))
		case <-tick.C:
		}
	}
}

// established reports whether crd has the condition Established=True.
func established(crd *unstructured.Unstructured) bool {
	conditions, _, _ := unstructured.NestedSlice(crd.Object, "status", "conditions")
	for _, c := range conditions {
		m, ok := c.(map[string]interface{})
		if ok && m["type"] == "Established" && m["status"] == "True" {
			return true
		}
	}
	return false
}
