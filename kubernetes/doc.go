// Package kubernetes is the umbrella typed clientset: Clientset bundles one
// client per built-in API group-version (CoreV1, AppsV1, ...), all sharing one
// HTTP client and rate limiter.
//
// Importing this package links every built-in API group. A program that
// needs only a few groups can import the group-version packages under
// kubernetes/typed directly (for example kubernetes/typed/core/v1); each of
// those carries a private scheme with only its own types, so the binary
// contains only the API packages actually used.
//
//	cs, err := kubernetes.NewForConfig(config)
//	if err != nil { ... }
//	pods, err := cs.CoreV1().Pods("default").List(ctx, metav1.ListOptions{})
//
// The clients send and accept protobuf unless rest.Config.ContentType is set.
package kubernetes
