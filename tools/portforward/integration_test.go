package portforward_test

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	apihttpstream "k8s.io/apimachinery/pkg/util/httpstream"
	streamhttp "k8s.io/streaming/pkg/httpstream"

	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/internal/testkubelet"
	"github.com/kclient/kclient/tools/portforward"
	"github.com/kclient/kclient/transport/spdy"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

// Without a kubelet the API server can only refuse port forwarding; these
// tests check that its refusals arrive as the right errors after a real
// upgrade negotiation, over SPDY and over the WebSocket tunnel.
func TestPortForwardAgainstAPIServer(t *testing.T) {
	s := testkubelet.NewSession(t, testcluster.Get(t), "pf-it")
	s.AddPod(t, "pending", "")
	config := s.Config

	portForwardURL := func(pod string) *url.URL {
		return s.PodRequest(pod, "portforward").URL()
	}
	dialers := map[string]func(t *testing.T, u *url.URL) apihttpstream.Dialer{
		"spdy": func(t *testing.T, u *url.URL) apihttpstream.Dialer {
			rt, upgrader, err := spdy.RoundTripperFor(config)
			require.NoError(t, err)
			return spdy.NewDialer(upgrader, &http.Client{Transport: rt}, http.MethodPost, u)
		},
		"websocket tunnel": func(t *testing.T, u *url.URL) apihttpstream.Dialer {
			d, err := portforward.NewSPDYOverWebsocketDialer(u, config)
			require.NoError(t, err)
			return d
		},
	}
	tests := []struct {
		pod   string
		check func(t *testing.T, err error)
	}{
		{pod: "missing", check: func(t *testing.T, err error) {
			assert.True(t, apierrors.IsNotFound(err), "%v", err)
			assert.Contains(t, err.Error(), `pods "missing" not found`)
		}},
		{pod: "pending", check: func(t *testing.T, err error) {
			assert.True(t, apierrors.IsBadRequest(err), "%v", err)
			assert.Contains(t, err.Error(), "pod pending does not have a host assigned")
		}},
	}
	for name, newDialer := range dialers {
		for _, tt := range tests {
			t.Run(name+"/"+tt.pod, func(t *testing.T) {
				ready := make(chan struct{})
				pf, err := portforward.New(newDialer(t, portForwardURL(tt.pod)), []string{"0:8080"}, make(chan struct{}), ready, io.Discard, io.Discard)
				require.NoError(t, err)
				err = pf.ForwardPorts()
				require.Error(t, err)
				assert.Contains(t, err.Error(), "error upgrading connection")
				tt.check(t, err)
				select {
				case <-ready:
					t.Fatal("Ready was closed although nothing is forwarded")
				default:
				}
			})
		}
	}

	t.Run("fallback from the tunnel to SPDY", func(t *testing.T) {
		u := portForwardURL("pending")
		fellBack := false
		d := portforward.NewFallbackDialer(dialers["websocket tunnel"](t, u), dialers["spdy"](t, u), func(err error) bool {
			fellBack = streamhttp.IsUpgradeFailure(err)
			return fellBack
		})
		pf, err := portforward.New(d, []string{"0:8080"}, make(chan struct{}), nil, nil, nil)
		require.NoError(t, err)
		err = pf.ForwardPorts()
		assert.True(t, fellBack)
		assert.True(t, apierrors.IsBadRequest(err), "%v", err)
	})
}
