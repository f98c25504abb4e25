package exec

import (
	"bytes"
	"context"
	"flag"
	"os"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/klog/v2"
)

// syncBuffer is a bytes.Buffer safe for klog's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestSecretsStayOutOfLogs(t *testing.T) {
	fs := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(fs)
	require.NoError(t, fs.Set("v", "10"))
	require.NoError(t, fs.Set("logtostderr", "false"))
	require.NoError(t, fs.Set("alsologtostderr", "false"))
	var logs syncBuffer
	klog.SetOutput(&logs)
	t.Cleanup(func() {
		klog.Flush()
		klog.SetOutput(os.Stderr)
		require.NoError(t, fs.Set("v", "0"))
		require.NoError(t, fs.Set("logtostderr", "true"))
	})

	const secret = "very-secret-token-value"
	p := newFakePlugin(t)
	p.outputFor(1, tokenCredential(v1, secret))
	p.outputFor(2, "status: {token: "+secret+"}")
	p.outputFor(3, tokenCredential(v1beta1, secret))
	a, _ := testAuthenticator(t, p.config(v1), nil, false)

	creds, err := a.getCreds(context.Background())
	require.NoError(t, err)
	a.invalidate(creds)
	_, err = a.getCreds(context.Background())
	require.Error(t, err)
	_, err = a.getCreds(context.Background())
	require.Error(t, err)
	klog.Flush()

	assert.Contains(t, logs.String(), "Running exec credential plugin", "verbose logging is on")
	assert.NotContains(t, logs.String(), secret)
}
