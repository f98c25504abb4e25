package v1_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/utils/ptr"

	corev1client "github.com/kclient/kclient/kubernetes/typed/core/v1"
	"github.com/kclient/kclient/rest"
)

// offlineClient is a CoreV1Client for a server that counts requests and
// always fails them.
func offlineClient(t *testing.T) (*corev1client.CoreV1Client, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Error(w, "no", http.StatusTeapot)
	}))
	t.Cleanup(srv.Close)
	c, err := corev1client.NewForConfig(&rest.Config{Host: srv.URL})
	require.NoError(t, err)
	return c, &hits
}

func TestProxyGetURLs(t *testing.T) {
	c, _ := offlineClient(t)
	tests := []struct {
		name string
		req  rest.ResponseWrapper
		path string
		q    string
	}{
		{"pod", c.Pods("ns").ProxyGet("https", "p", "8443", "metrics", map[string]string{"a": "b"}), "/api/v1/namespaces/ns/pods/https:p:8443/proxy/metrics", "a=b"},
		{"service, no scheme", c.Services("ns").ProxyGet("", "svc", "http", "/healthz", nil), "/api/v1/namespaces/ns/services/svc:http/proxy/healthz", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, ok := tt.req.(*rest.Request)
			require.True(t, ok)
			assert.Equal(t, tt.path, req.URL().Path)
			assert.Equal(t, tt.q, req.URL().RawQuery)
		})
	}
}

func TestGetLogsIsNotSent(t *testing.T) {
	c, hits := offlineClient(t)
	req := c.Pods("ns").GetLogs("p", &corev1.PodLogOptions{Container: "c", Follow: true, TailLines: ptr.To[int64](2)})
	assert.Equal(t, "/api/v1/namespaces/ns/pods/p/log", req.URL().Path)
	assert.Equal(t, "container=c&follow=true&tailLines=2", req.URL().RawQuery)
	assert.Zero(t, hits.Load())
}

func TestEventNamespaceChecks(t *testing.T) {
	c, hits := offlineClient(t)
	ev := &corev1.Event{}
	ev.Name, ev.Namespace = "e", "a"
	ctx := context.Background()
	tests := []struct {
		name string
		call func() error
	}{
		{"create", func() error { _, err := c.Events("b").CreateWithEventNamespaceWithContext(ctx, ev); return err }},
		{"update", func() error { _, err := c.Events("b").UpdateWithEventNamespaceWithContext(ctx, ev); return err }},
		{"patch", func() error {
			_, err := c.Events("b").PatchWithEventNamespaceWithContext(ctx, ev, []byte("{}"))
			return err
		}},
		{"nil event", func() error { _, err := c.Events("").CreateWithEventNamespaceWithContext(ctx, nil); return err }},
		{"search nil", func() error { _, err := c.Events("b").SearchWithContext(ctx, nil, nil); return err }},
		{"search other namespace", func() error {
			_, err := c.Events("b").SearchWithContext(ctx, nil, &corev1.ObjectReference{Name: "x", Namespace: "a"})
			return err
		}},
		{"search unknown kind", func() error {
			_, err := c.Events("").SearchWithContext(ctx, runtime.NewScheme(), &corev1.Pod{})
			return err
		}},
		{"search no scheme", func() error { _, err := c.Events("").SearchWithContext(ctx, nil, &corev1.Pod{}); return err }},
		{"search typed nil", func() error { _, err := c.Events("").SearchWithContext(ctx, nil, (*corev1.Pod)(nil)); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Error(t, tt.call())
		})
	}
	assert.Zero(t, hits.Load(), "rejected before sending")

	// a client for all namespaces may write anywhere: this one reaches the server
	_, err := c.Events("").CreateWithEventNamespaceWithContext(ctx, ev)
	require.Error(t, err)
	assert.NotZero(t, hits.Load())
}

func TestGetFieldSelector(t *testing.T) {
	c, _ := offlineClient(t)
	sel := c.Events("").GetFieldSelector(ptr.To("n"), ptr.To("ns"), nil, ptr.To("uid-1"))
	assert.Equal(t, "involvedObject.name=n,involvedObject.namespace=ns,involvedObject.uid=uid-1", sel.String())
	assert.True(t, c.Events("").GetFieldSelector(nil, nil, nil, nil).Empty())
	for range 20 {
		assert.Equal(t, "involvedObject.name=a,involvedObject.kind=K", c.Events("").GetFieldSelector(ptr.To("a"), nil, ptr.To("K"), nil).String(), "stable order")
	}
	assert.Equal(t, "involvedObject.name", corev1client.GetInvolvedObjectNameFieldLabel("v1"))
}

func TestExpansionsRejectNil(t *testing.T) {
	c, hits := offlineClient(t)
	ctx := context.Background()
	assert.ErrorContains(t, c.Pods("ns").Bind(ctx, nil, metav1.CreateOptions{}), "binding must not be nil")
	assert.ErrorContains(t, c.Pods("ns").EvictV1(ctx, nil), "eviction must not be nil")
	assert.ErrorContains(t, c.Pods("ns").EvictV1beta1(ctx, nil), "eviction must not be nil")
	_, err := c.Namespaces().Finalize(ctx, nil, metav1.UpdateOptions{})
	assert.ErrorContains(t, err, "namespace must not be nil")
	_, err = c.ConfigMaps("ns").Update(ctx, nil, metav1.UpdateOptions{})
	assert.ErrorContains(t, err, "must not be nil")
	assert.Zero(t, hits.Load())
}
