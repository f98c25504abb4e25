package websocket_test

import (
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	gwebsocket "github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	streamhttp "k8s.io/streaming/pkg/httpstream"

	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/transport/websocket"
)

// wsServer answers WebSocket handshakes, picking from protocols (or, with
// forced set, naming that protocol whatever was offered), echoes one
// message and records the Authorization header.
type wsServer struct {
	protocols []string
	forced    string
	auth      chan string
}

func (s *wsServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.auth <- r.Header.Get("Authorization")
	u := gwebsocket.Upgrader{Subprotocols: s.protocols}
	var header http.Header
	if s.forced != "" {
		u.Subprotocols = nil
		header = http.Header{"Sec-Websocket-Protocol": {s.forced}}
	}
	conn, err := u.Upgrade(w, r, header)
	if err != nil {
		return
	}
	defer conn.Close()
	kind, msg, err := conn.ReadMessage()
	if err != nil {
		return
	}
	_ = conn.WriteMessage(kind, msg)
}

func TestNegotiate(t *testing.T) {
	srv := httptest.NewTLSServer(&wsServer{protocols: []string{"v5.channel.k8s.io"}, auth: make(chan string, 1)})
	defer srv.Close()
	handler := srv.Config.Handler.(*wsServer)
	config := &rest.Config{Host: srv.URL, BearerToken: "tok", TLSClientConfig: rest.TLSClientConfig{Insecure: true}}

	rt, holder, err := websocket.RoundTripperFor(config)
	require.NoError(t, err)
	assert.Equal(t, 32*1024, holder.DataBufferSize())
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/exec", nil)
	require.NoError(t, err)
	conn, err := websocket.Negotiate(rt, holder, req, "v6.channel.k8s.io", "v5.channel.k8s.io")
	require.NoError(t, err)
	defer conn.Close()
	assert.Same(t, conn, holder.Connection())
	assert.Equal(t, "v5.channel.k8s.io", conn.Subprotocol())
	assert.Equal(t, "Bearer tok", <-handler.auth)

	require.NoError(t, conn.WriteMessage(gwebsocket.BinaryMessage, []byte{1, 'h', 'i'}))
	_, msg, err := conn.ReadMessage()
	require.NoError(t, err)
	assert.Equal(t, []byte{1, 'h', 'i'}, msg)

	tlsHolder, ok := holder.(interface{ TLSClientConfig() *tls.Config })
	require.True(t, ok)
	assert.True(t, tlsHolder.TLSClientConfig().InsecureSkipVerify)
}

func TestRoundTripFailures(t *testing.T) {
	status := func(code int, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(code)
			_, _ = io.WriteString(w, body)
		}
	}
	tests := []struct {
		name    string
		handler http.Handler
		url     func(srvURL string) string
		check   func(t *testing.T, err error)
	}{
		{
			name:    "Status refusal",
			handler: status(http.StatusNotFound, `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,"message":"pods \"x\" not found"}`),
			check: func(t *testing.T, err error) {
				assert.True(t, apierrors.IsNotFound(err), "%v", err)
				assert.True(t, streamhttp.IsUpgradeFailure(err), "%v", err)
				assert.EqualError(t, err, `unable to upgrade streaming request: pods "x" not found`)
			},
		},
		{
			name:    "plain text refusal",
			handler: status(http.StatusBadGateway, "no upstream\n"),
			check: func(t *testing.T, err error) {
				assert.True(t, streamhttp.IsUpgradeFailure(err), "%v", err)
				assert.ErrorContains(t, err, "(502 Bad Gateway): no upstream")
				var s apierrors.APIStatus
				assert.False(t, errors.As(err, &s))
			},
		},
		{
			name:    "server names a protocol that was not offered",
			handler: &wsServer{forced: "bogus.k8s.io", auth: make(chan string, 1)},
			check: func(t *testing.T, err error) {
				assert.True(t, streamhttp.IsUpgradeFailure(err), "%v", err)
				assert.ErrorContains(t, err, `got "bogus.k8s.io"`)
			},
		},
		{
			name:    "unknown scheme",
			handler: status(http.StatusOK, ""),
			url:     func(string) string { return "ftp://127.0.0.1/exec" },
			check: func(t *testing.T, err error) {
				assert.ErrorContains(t, err, `unknown url scheme "ftp"`)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			u := srv.URL + "/exec"
			if tt.url != nil {
				u = tt.url(srv.URL)
			}
			rt, holder, err := websocket.RoundTripperFor(&rest.Config{Host: srv.URL})
			require.NoError(t, err)
			req, err := http.NewRequest(http.MethodGet, u, nil)
			require.NoError(t, err)
			conn, err := websocket.Negotiate(rt, holder, req, "v5.channel.k8s.io")
			require.Error(t, err)
			assert.Nil(t, conn)
			tt.check(t, err)
		})
	}
}

func TestBadInput(t *testing.T) {
	_, _, err := websocket.RoundTripperFor(nil)
	assert.Error(t, err)
	_, err = websocket.Negotiate(nil, nil, nil)
	assert.ErrorContains(t, err, "required")
}
