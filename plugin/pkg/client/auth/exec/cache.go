package exec

import (
	"sync"

	"k8s.io/utils/dump"

	"github.com/kclient/kclient/pkg/apis/clientauthentication"
	"github.com/kclient/kclient/tools/clientcmd/api"
)

// globalCache holds every Authenticator made by GetAuthenticator. Programs
// such as kubectl build transports over and over; sharing the
// Authenticator keeps one credential cache and one TLS cache entry per
// plugin configuration.
var globalCache = newAuthenticatorCache()

// authenticatorCache maps a configuration key to its Authenticator. It is
// safe for concurrent use.
type authenticatorCache struct {
	mu sync.Mutex
	m  map[string]*Authenticator
}

// newAuthenticatorCache returns an empty cache.
func newAuthenticatorCache() *authenticatorCache {
	return &authenticatorCache{m: map[string]*Authenticator{}}
}

// cacheKey renders config and cluster by value, following pointers, so that
// equal configurations get equal keys.
func cacheKey(config *api.ExecConfig, cluster *clientauthentication.Cluster) string {
	return dump.Pretty(struct {
		Config  *api.ExecConfig
		Cluster *clientauthentication.Cluster
	}{config, cluster})
}

// get returns the Authenticator stored under key, or nil.
func (c *authenticatorCache) get(key string) *Authenticator {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[key]
}

// put stores a under key unless another Authenticator got there first, and
// returns the one that is stored.
func (c *authenticatorCache) put(key string, a *Authenticator) *Authenticator {
	c.mu.Lock()
	defer c.mu.Unlock()
	if existing, ok := c.m[key]; ok {
		return existing
	}
	c.m[key] = a
	return a
}
