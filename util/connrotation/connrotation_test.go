package connrotation

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// listen starts a TCP server that keeps accepted connections open and
// returns its address.
func listen(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var mu sync.Mutex
	var accepted []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			accepted = append(accepted, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		<-done
		for _, c := range accepted {
			_ = c.Close()
		}
	})
	return ln.Addr().String()
}

func TestDialerTracksAndClosesAll(t *testing.T) {
	addr := listen(t)
	tests := []struct {
		name string
		dial DialFunc
	}{
		{name: "default dial", dial: nil},
		{name: "custom dial", dial: (&net.Dialer{}).DialContext},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := NewDialer(tc.dial)
			c1, err := d.Dial("tcp", addr)
			require.NoError(t, err)
			c2, err := d.DialContext(context.Background(), "tcp", addr)
			require.NoError(t, err)
			assert.Equal(t, 2, d.count())

			// Closing a connection stops tracking it.
			require.NoError(t, c1.Close())
			assert.Equal(t, 1, d.count())

			d.CloseAll()
			assert.Equal(t, 0, d.count())
			_, err = c2.Read(make([]byte, 1))
			assert.ErrorIs(t, err, net.ErrClosed, "CloseAll must close the connection")

			// New connections after CloseAll are tracked again.
			c3, err := d.Dial("tcp", addr)
			require.NoError(t, err)
			assert.Equal(t, 1, d.count())
			require.NoError(t, c3.Close())
		})
	}
}

func TestDialErrorIsReturned(t *testing.T) {
	boom := errors.New("boom")
	d := NewDialer(func(context.Context, string, string) (net.Conn, error) { return nil, boom })
	c, err := d.Dial("tcp", "127.0.0.1:1")
	assert.Nil(t, c)
	assert.ErrorIs(t, err, boom)
	assert.Equal(t, 0, d.count())
}

func TestSharedTracker(t *testing.T) {
	addr := listen(t)
	tracker := NewConnectionTracker()
	a := NewDialerWithTracker(nil, tracker)
	b := NewDialerWithTracker(nil, tracker)
	_, err := a.Dial("tcp", addr)
	require.NoError(t, err)
	_, err = b.Dial("tcp", addr)
	require.NoError(t, err)
	assert.Equal(t, 2, tracker.count())
	a.CloseAll()
	assert.Equal(t, 0, b.count())
}

func TestTrack(t *testing.T) {
	client, server := net.Pipe()
	defer func() { _ = server.Close() }()
	tracker := &ConnectionTracker{} // zero value works for Track
	tracked := tracker.Track(client)
	assert.Equal(t, 1, tracker.count())

	go func() { _, _ = server.Write([]byte("hi")) }()
	buf := make([]byte, 2)
	_, err := io.ReadFull(tracked, buf)
	require.NoError(t, err)
	assert.Equal(t, "hi", string(buf))

	require.NoError(t, tracked.Close())
	assert.NoError(t, tracked.Close(), "net.Pipe allows double close; tracking must too")
	assert.Equal(t, 0, tracker.count())
}
