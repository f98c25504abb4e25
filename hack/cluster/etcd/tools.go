//go:build tools

// Package tools pins the etcd main package so that go.mod and go.sum keep every
// module needed to build it.
package tools

import _ "go.etcd.io/etcd/server/v3"
