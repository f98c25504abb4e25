package spdy_test

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	apihttpstream "k8s.io/apimachinery/pkg/util/httpstream"
	streamhttp "k8s.io/streaming/pkg/httpstream"
	streamspdy "k8s.io/streaming/pkg/httpstream/spdy"

	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/transport/spdy"
)

// echoHandler upgrades to SPDY with protocol negotiation and echoes every
// stream back to the client.
func echoHandler(protocols ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if len(protocols) > 0 {
			if _, err := streamhttp.Handshake(r, w, protocols); err != nil {
				return
			}
		}
		conn := streamspdy.NewResponseUpgrader().UpgradeResponse(w, r, func(s streamhttp.Stream, replySent <-chan struct{}) error {
			go func() {
				<-replySent
				_, _ = io.Copy(s, s)
				_ = s.Close()
			}()
			return nil
		})
		if conn == nil {
			return
		}
		defer conn.Close()
		<-conn.CloseChan()
	}
}

func echoOver(t *testing.T, create func(http.Header) (io.ReadWriteCloser, error), msg string) string {
	t.Helper()
	s, err := create(http.Header{"Stream": {"test"}})
	require.NoError(t, err)
	_, err = io.WriteString(s, msg)
	require.NoError(t, err)
	require.NoError(t, s.Close()) // half-close: the server's copy ends
	got, err := io.ReadAll(s)
	require.NoError(t, err)
	return string(got)
}

func TestDialAndNegotiate(t *testing.T) {
	srv := httptest.NewServer(echoHandler("v2.test", "v1.test"))
	defer srv.Close()
	config := &rest.Config{Host: srv.URL, UserAgent: "spdy-test"}
	u, err := url.Parse(srv.URL + "/stream")
	require.NoError(t, err)

	t.Run("apimachinery types", func(t *testing.T) {
		rt, upgrader, err := spdy.RoundTripperFor(config)
		require.NoError(t, err)
		conn, protocol, err := spdy.NewDialer(upgrader, &http.Client{Transport: rt}, http.MethodPost, u).Dial("v3.test", "v2.test")
		require.NoError(t, err)
		defer conn.Close()
		assert.Equal(t, "v2.test", protocol)
		create := func(h http.Header) (io.ReadWriteCloser, error) { return conn.CreateStream(h) }
		assert.Equal(t, "hello", echoOver(t, create, "hello"))
	})
	t.Run("k8s.io/streaming types", func(t *testing.T) {
		rt, upgrader, err := spdy.RoundTripperFor(config)
		require.NoError(t, err)
		conn, protocol, err := spdy.NewDialerForStreaming(upgrader, &http.Client{Transport: rt}, http.MethodPost, u).Dial("v1.test")
		require.NoError(t, err)
		defer conn.Close()
		assert.Equal(t, "v1.test", protocol)
		create := func(h http.Header) (io.ReadWriteCloser, error) { return conn.CreateStream(h) }
		assert.Equal(t, "streaming", echoOver(t, create, "streaming"))
	})
	t.Run("a k8s.io/streaming upgrader", func(t *testing.T) {
		base, err := streamspdy.NewRoundTripper(nil)
		require.NoError(t, err)
		req, err := http.NewRequest(http.MethodPost, u.String(), nil)
		require.NoError(t, err)
		conn, protocol, err := spdy.NegotiateStreaming(spdy.NewUpgraderForStreaming(base), &http.Client{Transport: base}, req, "v2.test")
		require.NoError(t, err)
		defer conn.Close()
		assert.Equal(t, "v2.test", protocol)
	})
}

func TestRoundTripperForUsesConfigProxy(t *testing.T) {
	srv := httptest.NewServer(echoHandler())
	defer srv.Close()
	var asked atomic.Int32
	config := &rest.Config{Host: srv.URL, Proxy: func(*http.Request) (*url.URL, error) {
		asked.Add(1)
		return nil, nil // go direct, but we know we were asked
	}}
	rt, upgrader, err := spdy.RoundTripperFor(config)
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, srv.URL, nil)
	require.NoError(t, err)
	conn, protocol, err := spdy.Negotiate(upgrader, &http.Client{Transport: rt}, req)
	require.NoError(t, err)
	defer conn.Close()
	assert.Equal(t, "", protocol, "a server without protocol negotiation names none")
	assert.Equal(t, int32(1), asked.Load())
}

func TestNegotiateFailures(t *testing.T) {
	refuse := func(code int, contentType, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", contentType)
			w.WriteHeader(code)
			_, _ = io.WriteString(w, body)
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closedAddr := "http://" + l.Addr().String()
	require.NoError(t, l.Close())

	tests := []struct {
		name    string
		handler http.HandlerFunc // nil: nothing listens
		check   func(t *testing.T, err error)
	}{
		{
			name:    "Status body",
			handler: refuse(http.StatusForbidden, "application/json", `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":403,"message":"pods \"p\" is forbidden: no exec for you"}`),
			check: func(t *testing.T, err error) {
				assert.True(t, apierrors.IsForbidden(err), "%v", err)
				assert.EqualError(t, err, `unable to upgrade connection: pods "p" is forbidden: no exec for you`)
			},
		},
		{
			name:    "plain text body",
			handler: refuse(http.StatusBadGateway, "text/plain", "upstream is down"),
			check: func(t *testing.T, err error) {
				var status apierrors.APIStatus
				assert.False(t, errors.As(err, &status), "plain text is not a Status")
				assert.EqualError(t, err, "unable to upgrade connection: upstream is down")
			},
		},
		{
			name:    "no common protocol",
			handler: echoHandler("v9.test"),
			check: func(t *testing.T, err error) {
				assert.ErrorContains(t, err, "unable to negotiate protocol")
			},
		},
		{
			name: "unreachable",
			check: func(t *testing.T, err error) {
				assert.ErrorContains(t, err, "error sending request")
				assert.ErrorContains(t, err, "connection refused")
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := closedAddr
			if tt.handler != nil {
				srv := httptest.NewServer(tt.handler)
				defer srv.Close()
				addr = srv.URL
			}
			rt, upgrader, err := spdy.RoundTripperFor(&rest.Config{Host: addr, Timeout: 5 * time.Second})
			require.NoError(t, err)
			u, err := url.Parse(addr + "/stream")
			require.NoError(t, err)
			conn, _, err := spdy.NewDialer(upgrader, &http.Client{Transport: rt}, http.MethodPost, u).Dial("v1.test")
			require.Error(t, err)
			assert.Nil(t, conn)
			tt.check(t, err)
		})
	}
}

func TestBadInput(t *testing.T) {
	_, _, err := spdy.RoundTripperFor(nil)
	assert.Error(t, err)
	_, _, err = spdy.RoundTripperFor(&rest.Config{Host: "https://x", TLSClientConfig: rest.TLSClientConfig{CAData: []byte("not a certificate")}})
	assert.Error(t, err)
	_, _, err = spdy.Negotiate(nil, http.DefaultClient, &http.Request{})
	assert.ErrorContains(t, err, "required")
	_, _, err = spdy.NewDialer(nil, http.DefaultClient, http.MethodPost, nil).Dial("x")
	assert.ErrorContains(t, err, "no URL")
}

// The round tripper and upgrader from RoundTripperFor, as a client-go
// program uses them to open a port-forward connection.
func ExampleRoundTripperFor() {
	config := &rest.Config{Host: "https://127.0.0.1:6443", BearerToken: "token"}
	rt, upgrader, err := spdy.RoundTripperFor(config)
	if err != nil {
		fmt.Println(err)
		return
	}
	u, _ := url.Parse(config.Host + "/api/v1/namespaces/default/pods/web/portforward")
	dialer := spdy.NewDialer(upgrader, &http.Client{Transport: rt}, http.MethodPost, u)
	var _ apihttpstream.Dialer = dialer // dialer.Dial("portforward.k8s.io") upgrades
	fmt.Println("ready to dial")
	// Output: ready to dial
}
