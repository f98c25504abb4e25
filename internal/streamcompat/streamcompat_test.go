package streamcompat

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	apihttpstream "k8s.io/apimachinery/pkg/util/httpstream"
	streamhttp "k8s.io/streaming/pkg/httpstream"
)

// fakeStream satisfies both Stream interfaces.
type fakeStream struct{ id uint32 }

func (fakeStream) Read([]byte) (int, error)  { return 0, nil }
func (fakeStream) Write([]byte) (int, error) { return 0, nil }
func (fakeStream) Close() error              { return nil }
func (fakeStream) Reset() error              { return nil }
func (fakeStream) Headers() http.Header      { return nil }
func (s fakeStream) Identifier() uint32      { return s.id }

// fakeConn is a k8s.io/streaming connection recording RemoveStreams.
type fakeConn struct {
	removed []streamhttp.Stream
	idle    time.Duration
}

func (c *fakeConn) CreateStream(http.Header) (streamhttp.Stream, error) {
	return fakeStream{id: 7}, nil
}
func (c *fakeConn) Close() error                         { return nil }
func (c *fakeConn) CloseChan() <-chan bool               { return nil }
func (c *fakeConn) SetIdleTimeout(d time.Duration)       { c.idle = d }
func (c *fakeConn) RemoveStreams(s ...streamhttp.Stream) { c.removed = append(c.removed, s...) }

func TestAdaptersRoundTrip(t *testing.T) {
	inner := &fakeConn{}
	api := FromStreaming(inner)
	s, err := api.CreateStream(nil)
	require.NoError(t, err)
	assert.Equal(t, uint32(7), s.Identifier())
	api.RemoveStreams(s, nil)
	assert.Len(t, inner.removed, 1, "nil streams are dropped")
	api.SetIdleTimeout(time.Second)
	assert.Equal(t, time.Second, inner.idle)

	// Converting back unwraps instead of stacking adapters.
	assert.Same(t, inner, ToStreaming(api))
	wrapped := ToStreaming(apihttpstream.Connection(api))
	assert.Same(t, inner, wrapped)
	assert.Nil(t, ToStreaming(nil))
	assert.Nil(t, FromStreaming(nil))
}

func TestStatusError(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		wantNil  bool
		notFound bool
	}{
		{name: "status", body: `{"kind":"Status","status":"Failure","reason":"NotFound","code":404,"message":"gone"}`, notFound: true},
		{name: "status without kind", body: `{"status":"Failure","reason":"NotFound","code":404}`, notFound: true},
		{name: "other json", body: `{"error":"nope"}`, wantNil: true},
		{name: "text", body: `nope`, wantNil: true},
		{name: "empty", body: ``, wantNil: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := StatusError([]byte(tt.body))
			if tt.wantNil {
				assert.Nil(t, got)
				return
			}
			require.NotNil(t, got)
			assert.Equal(t, tt.notFound, apierrors.IsNotFound(got))
		})
	}
}

func TestWithStatus(t *testing.T) {
	base := errors.New("unable to upgrade connection: gone")
	status := StatusError([]byte(`{"kind":"Status","status":"Failure","reason":"NotFound","code":404,"message":"gone"}`))
	err := fmt.Errorf("dial: %w", &WithStatus{Err: base, Status: status})
	assert.EqualError(t, err, "dial: unable to upgrade connection: gone")
	assert.ErrorIs(t, err, base)
	assert.True(t, apierrors.IsNotFound(err))
}
