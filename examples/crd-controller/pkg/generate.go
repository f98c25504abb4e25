// Package pkg holds the crd-controller example's API types (apis/) and the
// clientset, listers, informers and apply configurations generated for them
// (generated/) by kclient's generator for custom types.
package pkg

//go:generate go run ../../../hack/codegen/custom -input-pkg github.com/kclient/kclient/examples/crd-controller/pkg/apis/samplecontroller/v1alpha1 -output-pkg github.com/kclient/kclient/examples/crd-controller/pkg/generated -output-dir generated
