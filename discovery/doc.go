// Package discovery asks a Kubernetes API server which API groups, versions
// and resources it serves, and what version it runs.
//
// A DiscoveryClient first tries aggregated discovery (apidiscovery.k8s.io/v2):
// one request to /api and one to /apis return every group, version and
// resource. Servers that do not speak it answer with the legacy documents, and
// the client then fetches one resource list per group-version, concurrently.
// Either way, group-versions that cannot be discovered (an aggregated API whose
// backing service is down, or one reported Stale) do not fail the whole call:
// the methods return what they could discover together with an
// *ErrGroupDiscoveryFailed naming the failed group-versions.
//
// A DiscoveryClient holds no mutable state after construction and is safe for
// concurrent use. Results are freshly allocated on every call and owned by the
// caller. For a cache see the discovery/cached/memory and discovery/cached/disk
// packages.
package discovery
