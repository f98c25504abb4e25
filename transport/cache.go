package transport

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"
	"weak"

	"github.com/kclient/kclient/tools/metrics"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/klog/v2"
)

// idleConnsPerHost is MaxIdleConnsPerHost of the transports built here; a
// client talks to few hosts, with many concurrent requests.
const idleConnsPerHost = 25

// tlsCache is the process-wide cache of base transports. Configs with equal
// TLS-relevant settings get the same *http.Transport so they share
// connections.
var tlsCache = newTLSTransportCache()

// tlsTransportCache maps cache keys to transports. With the
// ClientsAllowTLSCacheGC gate (the default) entries are weak: a transport no
// longer referenced by any client is garbage collected, its entry removed and
// its certificate rotation goroutine stopped. Otherwise entries live forever.
type tlsTransportCache struct {
	mu     sync.Mutex
	weak   map[tlsCacheKey]weak.Pointer[gcTransport]
	strong map[tlsCacheKey]http.RoundTripper
}

func newTLSTransportCache() *tlsTransportCache {
	return &tlsTransportCache{
		weak:   map[tlsCacheKey]weak.Pointer[gcTransport]{},
		strong: map[tlsCacheKey]http.RoundTripper{},
	}
}

// tlsCacheKey is the part of a Config that determines its base transport.
// Callbacks are compared by holder pointer. Key material is kept only to
// compare; String never prints it.
type tlsCacheKey struct {
	insecure           bool
	caData             string
	caFile             string
	certData           string
	keyData            string `datapolicy:"security-key"`
	certFile           string
	keyFile            string
	serverName         string
	nextProtos         string
	disableCompression bool
	getCert            *GetCertHolder
	dial               *DialHolder
}

// String describes the key for debugging, with the private key redacted.
func (k tlsCacheKey) String() string {
	key := "<none>"
	if k.keyData != "" {
		key = "<redacted>"
	}
	return fmt.Sprintf("insecure:%v, caData:%d bytes, caFile:%s, certData:%d bytes, keyData:%s, certFile:%s, keyFile:%s, serverName:%s, nextProtos:%s, disableCompression:%t, getCert:%p, dial:%p",
		k.insecure, len(k.caData), k.caFile, len(k.certData), key, k.certFile, k.keyFile, k.serverName, k.nextProtos, k.disableCompression, k.getCert, k.dial)
}

// tlsConfigKey returns the cache key of c and whether c may be cached at all:
// a Config with a Proxy func cannot be, as funcs are not comparable (Dial and
// GetCert go through holders for exactly this reason). It loads the TLS files
// into c first (see loadTLSFiles).
func tlsConfigKey(c *Config) (key tlsCacheKey, cacheable bool, err error) {
	if err = loadTLSFiles(c); err != nil || c.Proxy != nil {
		return key, false, err
	}
	tc := &c.TLS
	key = tlsCacheKey{
		dial:               c.DialHolder,
		getCert:            tc.GetCertHolder,
		disableCompression: c.DisableCompression,
		insecure:           tc.Insecure,
		serverName:         tc.ServerName,
		nextProtos:         strings.Join(tc.NextProtos, ","),
	}
	key.certFile, key.certData = fileOrData(tc.ReloadTLSFiles, tc.CertFile, tc.CertData)
	key.keyFile, key.keyData = fileOrData(tc.ReloadTLSFiles, tc.KeyFile, tc.KeyData)
	key.caFile, key.caData = fileOrData(tc.ReloadCAFiles, tc.CAFile, tc.CAData)
	return key, true, nil
}

// fileOrData picks how a piece of key material identifies a cache entry:
// by file name when it is reloaded from that file (so a rotated file does
// not produce a second transport), by content otherwise. Exactly one of the
// results is used; the other is empty.
func fileOrData(reloaded bool, file string, data []byte) (name, content string) {
	if reloaded {
		return file, ""
	}
	return "", string(data)
}

// get returns the base transport for config, from the cache when possible.
func (c *tlsTransportCache) get(config *Config) (http.RoundTripper, error) {
	key, cacheable, err := tlsConfigKey(config)
	if err != nil {
		return nil, err
	}
	gc := featureEnabled(featureTLSCacheGC)

	if cacheable {
		// Held across creation so that concurrent callers share one transport.
		c.mu.Lock()
		defer c.mu.Unlock()
		defer func() { metrics.TransportCacheEntries.Observe(c.lenLocked(gc)) }()

		rt, found := c.lookupLocked(key, gc)
		switch {
		case rt != nil:
			metrics.TransportCreateCalls.Increment("hit")
			return rt, nil
		case found:
			metrics.TransportCreateCalls.Increment("miss-gc")
		default:
			metrics.TransportCreateCalls.Increment("miss")
		}
	} else {
		metrics.TransportCreateCalls.Increment("uncacheable")
	}

	rt, stop, err := buildTransport(config)
	if err != nil {
		return nil, err
	}
	if rt == http.DefaultTransport {
		return rt, nil
	}
	if !cacheable && stop == nil {
		return rt, nil
	}
	if !gc {
		// The rotation goroutine, if any, runs for the life of the process.
		if cacheable {
			c.strong[key] = rt
		}
		return rt, nil
	}

	tracked := &gcTransport{layer: layer{next: rt}}
	if stop != nil {
		gcCalls := metrics.TransportCertRotationGCCalls
		runtime.AddCleanup(tracked, func(stop context.CancelFunc) {
			stop()
			gcCalls.Increment()
		}, stop)
	}
	if cacheable {
		wp := weak.Make(tracked)
		c.weak[key] = wp
		runtime.AddCleanup(tracked, func(key tlsCacheKey) { c.forget(key, wp) }, key)
	}
	return tracked, nil
}

// forget removes the entry for key if it still refers to wp.
func (c *tlsTransportCache) forget(key tlsCacheKey, wp weak.Pointer[gcTransport]) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.weak[key] != wp {
		metrics.TransportCacheGCCalls.Increment("skipped")
		return
	}
	delete(c.weak, key)
	metrics.TransportCacheGCCalls.Increment("deleted")
	metrics.TransportCacheEntries.Observe(len(c.weak))
}

// lookupLocked returns the cached transport for key. found is true when an
// entry exists even if its transport has been garbage collected (rt nil).
func (c *tlsTransportCache) lookupLocked(key tlsCacheKey, gc bool) (rt http.RoundTripper, found bool) {
	if !gc {
		rt, found = c.strong[key]
		return rt, found
	}
	wp, found := c.weak[key]
	if !found {
		return nil, false
	}
	if t := wp.Value(); t != nil {
		return t, true
	}
	return nil, true
}

func (c *tlsTransportCache) lenLocked(gc bool) int {
	if gc {
		return len(c.weak)
	}
	return len(c.strong)
}

// buildTransport creates the base transport for config. stop, when non-nil,
// stops the client certificate rotation goroutine started for it.
func buildTransport(config *Config) (rt http.RoundTripper, stop context.CancelFunc, err error) {
	tlsConfig, err := TLSConfigFor(config)
	if err != nil {
		return nil, nil, err
	}
	if tlsConfig == nil && config.DialHolder == nil && config.Proxy == nil {
		return http.DefaultTransport, nil, nil
	}

	dial := (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	if config.DialHolder != nil {
		dial = config.DialHolder.Dial
	}

	if config.TLS.ReloadTLSFiles && tlsConfig != nil && tlsConfig.GetClientCertificate != nil {
		rotating := newRotatingClientCert(klog.Background().WithName("tls-transport-cache"), tlsConfig.GetClientCertificate, dial)
		tlsConfig.GetClientCertificate = rotating.GetClientCertificate
		dial = rotating.DialContext
		var ctx context.Context
		ctx, stop = context.WithCancel(context.Background())
		go rotating.run(ctx)
	}

	base := &http.Transport{
		DialContext:         dial,
		TLSClientConfig:     tlsConfig,
		TLSHandshakeTimeout: 10 * time.Second,
		MaxIdleConnsPerHost: idleConnsPerHost,
		DisableCompression:  config.DisableCompression,
		Proxy:               config.Proxy,
	}
	if base.Proxy == nil {
		base.Proxy = http.ProxyFromEnvironment
	}
	t := utilnet.SetTransportDefaults(base)
	rt = t
	if config.TLS.ReloadCAFiles && tlsConfig != nil && tlsConfig.RootCAs != nil && config.TLS.CAFile != "" {
		rt = newCARotatingTransport(config.TLS.CAFile, config.TLS.CAData, t)
	}
	return rt, stop, nil
}

// gcTransport is the handle the cache gives out when entries may be garbage
// collected: while any client holds it, the cache entry stays alive.
type gcTransport struct {
	layer
}

// RoundTrip delegates to the cached transport.
func (t *gcTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return t.next.RoundTrip(req)
}
