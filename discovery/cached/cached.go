// Package cached is the old home of the in-memory discovery cache; use
// package discovery/cached/memory instead.
package cached

import (
	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/discovery/cached/memory"
)

// ErrCacheNotFound is memory.ErrCacheNotFound.
//
// Deprecated: use memory.ErrCacheNotFound.
var ErrCacheNotFound = memory.ErrCacheNotFound

// NewMemCacheClient is memory.NewMemCacheClient.
//
// Deprecated: use memory.NewMemCacheClient.
func NewMemCacheClient(delegate discovery.DiscoveryInterface) discovery.CachedDiscoveryInterface {
	return memory.NewMemCacheClient(delegate)
}
