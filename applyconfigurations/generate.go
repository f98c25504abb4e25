package applyconfigurations

// The group-version packages below this directory and forkind.go are
// generated from k8s.io/api and k8s.io/apimachinery's meta/v1.
//go:generate go run ../hack/codegen/applyconfigurations
