// Package restmapper maps between kinds and resources using what discovery
// reports: NewDiscoveryRESTMapper builds a meta.RESTMapper from a snapshot,
// DeferredDiscoveryRESTMapper builds it lazily from a cached discovery client
// and rebuilds it when a lookup misses on stale data, and the shortcut and
// category expanders resolve kubectl-style short names ("deploy", "cm") and
// categories ("all").
package restmapper
