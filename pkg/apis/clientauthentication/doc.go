// Package clientauthentication holds the internal (hub) version of the
// client.authentication.k8s.io API group: the ExecCredential object that a
// client exchanges with an exec credential plugin (see
// plugin/pkg/client/auth/exec). The versioned wire forms live in the v1 and
// v1beta1 subpackages; package install registers all of them in a scheme.
//
// +groupName=client.authentication.k8s.io
package clientauthentication
