package transport

import (
	"github.com/kclient/kclient/features"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFeatureGatesOff(t *testing.T) {
	t.Run("without cache GC entries are kept strongly", func(t *testing.T) {
		setGate(t, featureTLSCacheGC, false)
		create, _ := withCacheMetrics(t)
		prev := tlsCache
		tlsCache = newTLSTransportCache()
		t.Cleanup(func() { tlsCache = prev })

		a, err := New(&Config{TLS: TLSConfig{ServerName: "strong.test"}})
		require.NoError(t, err)
		_, isHTTP := a.(*http.Transport)
		assert.True(t, isHTTP, "no GC handle without the gate, got %T", a)
		b, err := New(&Config{TLS: TLSConfig{ServerName: "strong.test"}})
		require.NoError(t, err)
		assert.Same(t, a, b)
		assert.Equal(t, 1, create.get("hit"))
		assert.Len(t, tlsCache.strong, 1)
		assert.Empty(t, tlsCache.weak)
	})
	t.Run("without CA rotation", func(t *testing.T) {
		setGate(t, featureCARotation, false)
		ca := newTestCA(t, "ca")
		caFile := writeFile(t, t.TempDir(), "ca.crt", ca.certPEM)

		_, err := TLSConfigFor(&Config{TLS: TLSConfig{CAFile: caFile, ReloadCAFiles: true}})
		require.ErrorContains(t, err, "ReloadCAFiles=true requires ClientsAllowCARotation to be enabled")

		c := &Config{TLS: TLSConfig{CAFile: caFile}}
		rt, err := New(c)
		require.NoError(t, err)
		assert.False(t, c.TLS.ReloadCAFiles)
		_, isHTTP := rt.(*gcTransport).WrappedRoundTripper().(*http.Transport)
		assert.True(t, isHTTP, "no CA rotation without the gate")
	})
}

// gateOverride reports v for key and defers to base for other features.
type gateOverride struct {
	base features.Gates
	key  features.Feature
	v    bool
}

func (g gateOverride) Enabled(key features.Feature) bool {
	if key == g.key {
		return g.v
	}
	return g.base.Enabled(key)
}

// setGate switches one client feature gate for the duration of t. Tests using
// it must not run in parallel.
func setGate(t *testing.T, key features.Feature, v bool) {
	prev := features.FeatureGates()
	features.ReplaceFeatureGates(gateOverride{base: prev, key: key, v: v})
	t.Cleanup(func() { features.ReplaceFeatureGates(prev) })
}
