package portforward

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apihttpstream "k8s.io/apimachinery/pkg/util/httpstream"

	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/internal/testkubelet"
	"github.com/kclient/kclient/transport/spdy"
)

// TestForwardThroughAPIServerToFakeKubelet forwards real TCP connections
// through the local API server: a Node object points it at a stand-in
// kubelet (this test's TLS server, speaking kubelet's SPDY side and
// connecting each stream pair to a local echo server), and a pod is bound
// to that node. SPDY is proxied by the API server; SPDY inside a WebSocket
// is unwrapped by it.
func TestForwardThroughAPIServerToFakeKubelet(t *testing.T) {
	kubelet := httptest.NewTLSServer(spdyPortForwardHandler(serverOptions{}))
	defer kubelet.Close()
	echoPort := echoServer(t)

	s := testkubelet.NewSession(t, testcluster.Get(t), "pf-kubelet")
	s.AddPod(t, "web", s.AddKubelet(t, kubelet))
	config := s.Config
	pfURL := s.PodRequest("web", "portforward").URL()

	dialers := map[string]func(t *testing.T, u *url.URL) apihttpstream.Dialer{
		"spdy": func(t *testing.T, u *url.URL) apihttpstream.Dialer {
			rt, upgrader, err := spdy.RoundTripperFor(config)
			require.NoError(t, err)
			return spdy.NewDialer(upgrader, &http.Client{Transport: rt}, http.MethodPost, u)
		},
		"spdy over websocket": func(t *testing.T, u *url.URL) apihttpstream.Dialer {
			d, err := NewSPDYOverWebsocketDialer(u, config)
			require.NoError(t, err)
			return d
		},
	}
	for name, newDialer := range dialers {
		t.Run(name, func(t *testing.T) {
			r := start(t, newDialer(t, pfURL), fmt.Sprintf("0:%d", echoPort))
			local := r.localPort(t)
			for i := 0; i < 3; i++ {
				msg := strings.Repeat(fmt.Sprintf("%s #%d|", name, i), 1000)
				assert.Equal(t, msg, echoThrough(t, local, msg))
			}
			close(r.stop)
			assert.NoError(t, r.wait(t))
		})
	}
}
