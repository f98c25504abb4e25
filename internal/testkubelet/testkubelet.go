// Package testkubelet prepares the API objects that the streaming
// integration tests (exec, attach, port-forward) need on the local cluster,
// which runs no kubelet of its own.
//
// A test opens a Session on the cluster, which holds an admin core/v1 client
// and a fresh namespace, and then creates pods in it. To get past the API
// server's own refusals, it can register a stand-in kubelet: any TLS test
// server, entered as a Node whose kubelet endpoint is 127.0.0.1 and the
// server's port. The API server then proxies a pod's exec, attach and
// portforward requests to that server. Everything created is deleted when
// the test ends.
//
// The package is for tests only.
package testkubelet

import (
	"context"
	"fmt"
	"net"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/internal/localcluster"
	"github.com/kclient/kclient/kubernetes/scheme"
	"github.com/kclient/kclient/rest"
)

// Session is one test's view of the cluster: how to reach it and the
// namespace the test works in.
type Session struct {
	// Config reaches the cluster's core/v1 API with admin credentials.
	Config *rest.Config
	// Client is a RESTClient for Config.
	Client *rest.RESTClient
	// Namespace was created for this test and is deleted when it ends.
	Namespace string
}

// CoreConfig returns a configuration for the core/v1 API of c, authenticated
// as the cluster's admin.
func CoreConfig(c *localcluster.Cluster) *rest.Config {
	return &rest.Config{
		Host:    c.Host,
		APIPath: "/api",
		ContentConfig: rest.ContentConfig{
			GroupVersion:         &corev1.SchemeGroupVersion,
			NegotiatedSerializer: scheme.Codecs.WithoutConversion(),
		},
		TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData},
	}
}

// NewSession connects to c and creates a namespace named prefix followed by
// a number unique to this run. The namespace is deleted in t's cleanup.
func NewSession(t testing.TB, c *localcluster.Cluster, prefix string) *Session {
	t.Helper()
	s := &Session{Config: CoreConfig(c)}
	client, err := rest.RESTClientFor(s.Config)
	require.NoError(t, err)
	s.Client = client
	s.Namespace = fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano()%1e9)
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: s.Namespace}}
	s.create(t, "", "namespaces", ns)
	t.Cleanup(func() { s.remove("namespaces", s.Namespace) })
	return s
}

// AddKubelet registers kubelet as the kubelet of a new Node and returns the
// node's name. The Node is deleted in t's cleanup.
func (s *Session) AddKubelet(t testing.TB, kubelet *httptest.Server) string {
	t.Helper()
	name := fmt.Sprintf("%s-kubelet", s.Namespace)
	port := kubelet.Listener.Addr().(*net.TCPAddr).Port
	node := &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Status: corev1.NodeStatus{
			Addresses:       []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: "127.0.0.1"}},
			DaemonEndpoints: corev1.NodeDaemonEndpoints{KubeletEndpoint: corev1.DaemonEndpoint{Port: int32(port)}},
		},
	}
	s.create(t, "", "nodes", node)
	t.Cleanup(func() { s.remove("nodes", name) })
	return name
}

// AddPod creates a pod with one container, "main", in the session's
// namespace. With nodeName empty the pod stays Pending (the local cluster
// has no scheduler); otherwise it is bound to that node, which need not exist.
func (s *Session) AddPod(t testing.TB, name, nodeName string) {
	t.Helper()
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: corev1.PodSpec{
			NodeName:   nodeName,
			Containers: []corev1.Container{{Name: "main", Image: "registry.invalid/none:1"}},
		},
	}
	s.create(t, s.Namespace, "pods", pod)
}

// PodRequest starts a request for a subresource (exec, attach, portforward)
// of the named pod in the session's namespace.
func (s *Session) PodRequest(pod, subresource string) *rest.Request {
	return s.Client.Post().Namespace(s.Namespace).Resource("pods").Name(pod).SubResource(subresource)
}

// create posts obj to resource, in namespace unless that is empty.
func (s *Session) create(t testing.TB, namespace, resource string, obj runtime.Object) {
	t.Helper()
	err := s.Client.Post().NamespaceIfScoped(namespace, namespace != "").Resource(resource).Body(obj).Do(context.Background()).Error()
	require.NoError(t, err, "creating %s", resource)
}

// remove deletes a cluster-scoped object, ignoring errors: it runs in
// cleanup, and the cluster may already be gone.
func (s *Session) remove(resource, name string) {
	_ = s.Client.Delete().Resource(resource).Name(name).Do(context.Background()).Error()
}
