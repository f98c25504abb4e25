// Package openapi reaches a server's OpenAPI v3 documents: Paths lists one
// document per API group-version (/openapi/v3), and each GroupVersion fetches
// its schema on demand.
//
// This is the subset of client-go's openapi package that the discovery
// clients need. Clients are cheap, hold no cache, and are safe for concurrent
// use.
package openapi
