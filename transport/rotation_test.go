package transport

import (
	"crypto/tls"
	"testing"
	"time"

	"github.com/kclient/kclient/tools/metrics"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	testingclock "k8s.io/utils/clock/testing"
)

func TestClientCertFileRotation(t *testing.T) {
	prev := CertCallbackRefreshDuration
	CertCallbackRefreshDuration = 50 * time.Millisecond
	t.Cleanup(func() { CertCallbackRefreshDuration = prev })

	serverCA := newTestCA(t, "server-ca")
	clientCA := newTestCA(t, "client-ca")
	srv := newTLSServer(t, serverCA, clientCA)

	dir := t.TempDir()
	cert1, key1 := clientCA.issue(t, "first", false)
	certFile := writeFile(t, dir, "client.crt", cert1)
	keyFile := writeFile(t, dir, "client.key", key1)

	rt, err := New(&Config{TLS: TLSConfig{CAData: serverCA.certPEM, CertFile: certFile, KeyFile: keyFile}})
	require.NoError(t, err)
	body, _, err := get(t, rt, srv.URL)
	require.NoError(t, err)
	assert.Equal(t, "first", body)

	// Rotate the files. The kept-alive connection was authenticated with the
	// old certificate; rotation must close it so the new one is presented.
	cert2, key2 := clientCA.issue(t, "second", false)
	writeFile(t, dir, "client.key", key2)
	writeFile(t, dir, "client.crt", cert2)
	assert.Eventually(t, func() bool {
		body, _, err := get(t, rt, srv.URL)
		return err == nil && body == "second"
	}, 10*time.Second, 50*time.Millisecond)
}

func TestCertsEqual(t *testing.T) {
	ca := newTestCA(t, "ca")
	c1, k1 := ca.issue(t, "a", false)
	c2, k2 := ca.issue(t, "b", false)
	a, err := tls.X509KeyPair(c1, k1)
	require.NoError(t, err)
	a2, err := tls.X509KeyPair(c1, k1)
	require.NoError(t, err)
	b, err := tls.X509KeyPair(c2, k2)
	require.NoError(t, err)
	assert.True(t, certsEqual(&a, &a2))
	assert.False(t, certsEqual(&a, &b))
	assert.False(t, certsEqual(&a, nil))
	assert.True(t, certsEqual(nil, nil))
	mixed := a
	mixed.PrivateKey = b.PrivateKey
	assert.False(t, certsEqual(&a, &mixed))
}

// reloadCounter records TransportCAReloads.
type reloadCounter struct{ got []string }

func (r *reloadCounter) Increment(result, reason string) { r.got = append(r.got, result+"/"+reason) }

func TestCAFileRotation(t *testing.T) {
	if !featureEnabled(featureCARotation) {
		t.Skip("ClientsAllowCARotation disabled")
	}
	reloads := &reloadCounter{}
	prevMetric := metrics.TransportCAReloads
	metrics.TransportCAReloads = reloads
	t.Cleanup(func() { metrics.TransportCAReloads = prevMetric })

	oldCA := newTestCA(t, "old-ca")
	newCA := newTestCA(t, "new-ca")
	srv := newTLSServer(t, newCA, nil) // the server already uses the new CA

	dir := t.TempDir()
	caFile := writeFile(t, dir, "ca.crt", oldCA.certPEM)
	rt, err := New(&Config{TLS: TLSConfig{CAFile: caFile}})
	require.NoError(t, err)
	holder, ok := rt.(*gcTransport).WrappedRoundTripper().(*caRotatingTransport)
	require.True(t, ok, "a CA file must give a CA rotating transport, got %T", rt)
	clock := testingclock.NewFakePassiveClock(time.Now())
	holder.clock = clock
	holder.lastChecked = clock.Now()

	_, _, err = get(t, rt, srv.URL)
	require.ErrorContains(t, err, "unknown authority")

	// The new CA is written, but the file is only re-read after the interval.
	writeFile(t, dir, "ca.crt", newCA.certPEM)
	_, _, err = get(t, rt, srv.URL)
	require.Error(t, err)
	assert.Empty(t, reloads.got)

	clock.SetTime(clock.Now().Add(caReloadInterval))
	_, _, err = get(t, rt, srv.URL)
	require.NoError(t, err)
	assert.Equal(t, []string{"success/updated"}, reloads.got)

	// Unchanged, empty and unparsable files keep the current transport.
	for _, step := range []struct {
		content []byte
		want    string
	}{
		{newCA.certPEM, "success/unchanged"},
		{nil, "failure/empty"},
		{[]byte("junk"), "failure/ca_parse_error"},
	} {
		writeFile(t, dir, "ca.crt", step.content)
		clock.SetTime(clock.Now().Add(caReloadInterval))
		_, _, err = get(t, rt, srv.URL)
		require.NoError(t, err)
		assert.Equal(t, step.want, reloads.got[len(reloads.got)-1])
	}
}
