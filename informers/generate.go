package informers

// The listers under ../listers/<group>/<version> and, here, the group and
// version informer packages, factory_groups.go and resources.go are generated
// from k8s.io/api's +genclient tags by kclient's own generator.
//go:generate go run ../hack/codegen/informers
