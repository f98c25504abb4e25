// Package v1 is the on-disk (wire) form of a kubeconfig, apiVersion v1 and
// kind Config. Clusters, users, contexts and extensions are lists of
// {name, value} pairs here rather than maps; this package converts them to
// and from the internal maps of package api and registers both directions,
// plus defaulting, in a runtime.Scheme.
package v1
