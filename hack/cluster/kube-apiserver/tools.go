//go:build tools

// Package tools pins the kube-apiserver main package so that go.mod and go.sum
// keep every module needed to build it.
package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
