package testkubelet_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"

	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/internal/testkubelet"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

func TestSessionBindsPodToStandInKubelet(t *testing.T) {
	c := testcluster.Get(t)
	kubelet := httptest.NewTLSServer(http.NotFoundHandler())
	defer kubelet.Close()

	s := testkubelet.NewSession(t, c, "testkubelet")
	nodeName := s.AddKubelet(t, kubelet)
	s.AddPod(t, "web", nodeName)
	s.AddPod(t, "pending", "")
	ctx := context.Background()

	var node corev1.Node
	require.NoError(t, s.Client.Get().Resource("nodes").Name(nodeName).Do(ctx).Into(&node))
	assert.Equal(t, int32(kubelet.Listener.Addr().(*net.TCPAddr).Port), node.Status.DaemonEndpoints.KubeletEndpoint.Port)
	require.Len(t, node.Status.Addresses, 1)
	assert.Equal(t, "127.0.0.1", node.Status.Addresses[0].Address)

	for pod, want := range map[string]string{"web": nodeName, "pending": ""} {
		var got corev1.Pod
		require.NoError(t, s.Client.Get().Namespace(s.Namespace).Resource("pods").Name(pod).Do(ctx).Into(&got))
		assert.Equal(t, want, got.Spec.NodeName, pod)
		assert.Equal(t, "main", got.Spec.Containers[0].Name)
	}
	assert.Equal(t, "/api/v1/namespaces/"+s.Namespace+"/pods/web/exec", s.PodRequest("web", "exec").URL().Path)
}
