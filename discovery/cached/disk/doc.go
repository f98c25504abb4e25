// Package disk caches discovery results on disk so that short-lived programs
// (kubectl-like tools) do not rediscover the server on every run.
//
// CachedDiscoveryClient keeps one JSON file per document under a cache
// directory: servergroups.json and <group>/<version>/serverresources.json.
// Files younger than the TTL are used without contacting the server. Give
// every server its own directory (kubectl uses
// ~/.kube/cache/discovery/<host_port>), since the files do not record which
// server they came from.
//
// With an HTTP cache directory, every GET the client sends (discovery and
// OpenAPI documents in particular) goes through a small on-disk HTTP cache
// that revalidates stored responses with ETag / If-None-Match and serves
// immutable, content-addressed OpenAPI v3 documents without any request.
package disk
