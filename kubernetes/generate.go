package kubernetes

// The typed clients under kubernetes/typed and clientset.go are generated
// from k8s.io/api's +genclient tags by kclient's own generator.
//go:generate go run ../hack/codegen
