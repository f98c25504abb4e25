// Package v1beta1 is the v1beta1 wire form of the client.authentication.k8s.io
// API group: the ExecCredential JSON exchanged with exec credential plugins
// whose kubeconfig entry says apiVersion client.authentication.k8s.io/v1beta1.
// It has the same shape as v1 and converts to and from the internal types in
// package clientauthentication.
//
// +groupName=client.authentication.k8s.io
package v1beta1
