// Package dynamic is a client for any Kubernetes resource, built-in or custom,
// without generated types: objects travel as *unstructured.Unstructured
// (JSON maps) and resources are named by schema.GroupVersionResource.
//
//	client, err := dynamic.NewForConfig(config)
//	deployments := client.Resource(schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"})
//	list, err := deployments.Namespace("default").List(ctx, metav1.ListOptions{})
//
// The client does not look anything up: the caller supplies the resource (use
// the restmapper package to map a kind to its resource). Errors from the
// server are *errors.StatusError values from k8s.io/apimachinery, so
// apierrors.IsNotFound and friends work. All clients are safe for concurrent
// use; objects passed in are not modified and returned objects belong to the
// caller.
package dynamic
