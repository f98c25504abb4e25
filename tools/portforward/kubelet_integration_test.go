package portforward

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	apihttpstream "k8s.io/apimachinery/pkg/util/httpstream"

	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes/scheme"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/transport/spdy"
)

// TestForwardThroughAPIServerToFakeKubelet forwards real TCP connections
// through the local API server: a Node object points it at a stand-in
// kubelet (this test's TLS server, speaking kubelet's SPDY side and
// connecting each stream pair to a local echo server), and a pod is bound
// to that node. SPDY is proxied by the API server; SPDY inside a WebSocket
// is unwrapped by it.
func TestForwardThroughAPIServerToFakeKubelet(t *testing.T) {
	c := testcluster.Get(t)
	kubelet := httptest.NewTLSServer(spdyPortForwardHandler(serverOptions{}))
	defer kubelet.Close()
	kubeletPort := kubelet.Listener.Addr().(*net.TCPAddr).Port
	echoPort := echoServer(t)

	config := &rest.Config{
		Host:    c.Host,
		APIPath: "/api",
		ContentConfig: rest.ContentConfig{
			GroupVersion:         &corev1.SchemeGroupVersion,
			NegotiatedSerializer: scheme.Codecs.WithoutConversion(),
		},
		TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData},
	}
	client, err := rest.RESTClientFor(config)
	require.NoError(t, err)
	ctx := context.Background()
	suffix := time.Now().UnixNano() % 1e9
	nodeName, ns := fmt.Sprintf("fake-kubelet-pf-%d", suffix), fmt.Sprintf("pf-kubelet-%d", suffix)
	node := &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: nodeName},
		Status: corev1.NodeStatus{
			Addresses:       []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: "127.0.0.1"}},
			DaemonEndpoints: corev1.NodeDaemonEndpoints{KubeletEndpoint: corev1.DaemonEndpoint{Port: int32(kubeletPort)}},
		},
	}
	require.NoError(t, client.Post().Resource("nodes").Body(node).Do(ctx).Error())
	t.Cleanup(func() { _ = client.Delete().Resource("nodes").Name(nodeName).Do(context.Background()).Error() })
	require.NoError(t, client.Post().Resource("namespaces").Body(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}).Do(ctx).Error())
	t.Cleanup(func() { _ = client.Delete().Resource("namespaces").Name(ns).Do(context.Background()).Error() })
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: corev1.PodSpec{
			NodeName:   nodeName,
			Containers: []corev1.Container{{Name: "main", Image: "registry.invalid/none:1"}},
		},
	}
	require.NoError(t, client.Post().Namespace(ns).Resource("pods").Body(pod).Do(ctx).Error())
	pfURL := client.Post().Namespace(ns).Resource("pods").Name("web").SubResource("portforward").URL()

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
