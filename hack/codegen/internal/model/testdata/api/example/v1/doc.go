// Package v1 is a small API used by the generator's golden tests.
//
// +k8s:deepcopy-gen=package
// +groupName=example.kclient.io
package v1
