package dynamic_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/dynamic"
	"github.com/kclient/kclient/rest"
)

// TestWatchEventsDecode: objects arrive as *unstructured.Unstructured and
// ERROR events carry a *metav1.Status (as with client-go), so
// apierrors.FromObject recognises "410 Expired". The real server only sends
// such an event after etcd compaction, hence the httptest server.
func TestWatchEventsDecode(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("watch") != "true" {
			http.Error(w, "not a watch", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintln(w, `{"type":"ADDED","object":{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","resourceVersion":"5"}}}`)
		fmt.Fprintln(w, `{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410,"message":"too old resource version"}}`)
	}))
	defer srv.Close()
	client, err := dynamic.NewForConfig(&rest.Config{Host: srv.URL})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	w, err := client.Resource(widgetsGVR).Namespace("ns").Watch(ctx, metav1.ListOptions{ResourceVersion: "1"})
	require.NoError(t, err)
	defer w.Stop()

	ev := <-w.ResultChan()
	require.Equal(t, watch.Added, ev.Type)
	u, ok := ev.Object.(*unstructured.Unstructured)
	require.True(t, ok, "object is %T", ev.Object)
	assert.Equal(t, "w1", u.GetName())
	assert.Equal(t, "Widget", u.GetKind())

	ev = <-w.ResultChan()
	require.Equal(t, watch.Error, ev.Type)
	status, ok := ev.Object.(*metav1.Status)
	require.True(t, ok, "object is %T", ev.Object)
	assert.True(t, apierrors.IsResourceExpired(apierrors.FromObject(status)))
}
