package transport

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFeatureGatesOff(t *testing.T) {
	t.Run("without cache GC entries are kept strongly", func(t *testing.T) {
		t.Setenv("KUBE_FEATURE_"+featureTLSCacheGC, "false")
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
		t.Setenv("KUBE_FEATURE_"+featureCARotation, "false")
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
	t.Run("unparsable value keeps the default", func(t *testing.T) {
		t.Setenv("KUBE_FEATURE_"+featureCARotation, "maybe")
		assert.True(t, featureEnabled(featureCARotation))
	})
}
