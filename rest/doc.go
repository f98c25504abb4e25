// Package rest is the lowest layer of kclient that speaks the Kubernetes API
// conventions: a Config describing how to reach and authenticate to an API
// server, a RESTClient bound to one group-version, and a fluent Request
// builder whose Do, DoRaw, Stream and Watch methods perform the work.
//
// A Request only records what the caller asked for; nothing is sent, encoded
// or validated beyond cheap argument checks until one of the terminal methods
// runs. Errors recorded while building are reported by that terminal method.
//
// Responses with a non-2xx status become *errors.StatusError values from
// k8s.io/apimachinery/pkg/api/errors, so errors.IsNotFound, IsConflict,
// IsUnauthorized and friends work on every error this package returns for a
// server response.
package rest
