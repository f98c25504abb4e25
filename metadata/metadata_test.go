package metadata_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	utilrand "k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/dynamic"
	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/metadata"
	"github.com/kclient/kclient/rest"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

func restConfig(t *testing.T) *rest.Config {
	c := testcluster.Get(t)
	return &rest.Config{
		Host: c.Host,
		TLSClientConfig: rest.TLSClientConfig{
			CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData,
		},
	}
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

var (
	namespacesGVR = schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}
	configMapsGVR = schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}
)

func TestMetadataAgainstCluster(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cfg := restConfig(t)
	dyn, err := dynamic.NewForConfig(cfg)
	require.NoError(t, err)
	var lastContentType atomic.Value
	cfg.Wrap(func(rt http.RoundTripper) http.RoundTripper {
		return roundTripperFunc(func(r *http.Request) (*http.Response, error) {
			resp, err := rt.RoundTrip(r)
			if err == nil {
				lastContentType.Store(resp.Header.Get("Content-Type"))
			}
			return resp, err
		})
	})
	client, err := metadata.NewForConfig(cfg)
	require.NoError(t, err)

	ns := "meta-" + utilrand.String(8)
	_, err = dyn.Resource(namespacesGVR).Create(ctx, &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": ns},
	}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = dyn.Resource(namespacesGVR).Delete(context.Background(), ns, metav1.DeleteOptions{}) })

	cms := client.Resource(configMapsGVR).Namespace(ns)
	w, err := cms.Watch(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	defer w.Stop()

	for _, name := range []string{"a", "b"} {
		_, err := dyn.Resource(configMapsGVR).Namespace(ns).Create(ctx, &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": "v1", "kind": "ConfigMap",
			"metadata": map[string]any{"name": name, "labels": map[string]any{"app": "meta"}},
			"data":     map[string]any{"big": "payload that metadata requests never transfer"},
		}}, metav1.CreateOptions{})
		require.NoError(t, err)
	}

	got, err := cms.Get(ctx, "a", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, "a", got.Name)
	assert.Equal(t, ns, got.Namespace)
	assert.Equal(t, "application/vnd.kubernetes.protobuf", lastContentType.Load(),
		"the server sent metadata only, in protobuf")
	assert.Equal(t, map[string]string{"app": "meta"}, got.Labels)

	list, err := cms.List(ctx, metav1.ListOptions{LabelSelector: "app=meta"})
	require.NoError(t, err)
	require.Len(t, list.Items, 2)
	assert.Equal(t, "application/vnd.kubernetes.protobuf", lastContentType.Load())
	assert.NotEmpty(t, list.ResourceVersion)

	patched, err := cms.Patch(ctx, "a", types.MergePatchType, []byte(`{"metadata":{"annotations":{"seen":"yes"}}}`), metav1.PatchOptions{})
	require.NoError(t, err)
	assert.Equal(t, "yes", patched.Annotations["seen"])

	require.NoError(t, cms.Delete(ctx, "a", metav1.DeleteOptions{}))
	_, err = cms.Get(ctx, "a", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err), "err: %v", err)
	require.NoError(t, cms.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: "app=meta"}))
	list, err = cms.List(ctx, metav1.ListOptions{LabelSelector: "app=meta"})
	require.NoError(t, err)
	assert.Empty(t, list.Items)

	want := []watch.EventType{watch.Added, watch.Added, watch.Modified, watch.Deleted, watch.Deleted}
	var gotTypes []watch.EventType
	for len(gotTypes) < len(want) {
		select {
		case ev := <-w.ResultChan():
			pom, ok := ev.Object.(*metav1.PartialObjectMetadata)
			require.True(t, ok, "event object is %T", ev.Object)
			assert.Equal(t, ns, pom.Namespace)
			gotTypes = append(gotTypes, ev.Type)
		case <-time.After(20 * time.Second):
			t.Fatalf("events so far: %v", gotTypes)
		}
	}
	assert.Equal(t, want, gotTypes)
}

// TestFallbackToFullObjects covers servers that ignore the
// as=PartialObjectMetadata Accept parameter and return full JSON objects.
func TestFallbackToFullObjects(t *testing.T) {
	var accept string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		accept = r.Header.Get("Accept")
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/apis/example.com/v1/namespaces/ns/things/t1":
			fmt.Fprint(w, `{"apiVersion":"example.com/v1","kind":"Thing","metadata":{"name":"t1","namespace":"ns","uid":"u1"},"spec":{"x":1}}`)
		case "/apis/example.com/v1/namespaces/ns/things":
			fmt.Fprint(w, `{"apiVersion":"example.com/v1","kind":"ThingList","metadata":{"resourceVersion":"7"},"items":[{"metadata":{"name":"t1"}},{"metadata":{"name":"t2"}}]}`)
		case "/apis/example.com/v1/namespaces/ns/things/garbage":
			fmt.Fprint(w, `{"apiVersion":"example.com/v1","kind":"Thing","hello":"world"}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	client, err := metadata.NewForConfig(&rest.Config{Host: srv.URL})
	require.NoError(t, err)
	things := client.Resource(schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "things"}).Namespace("ns")

	got, err := things.Get(context.Background(), "t1", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Contains(t, accept, "as=PartialObjectMetadata;g=meta.k8s.io;v=v1")
	assert.Equal(t, "t1", got.Name)
	assert.Equal(t, types.UID("u1"), got.UID)
	assert.Empty(t, got.Kind, "type meta of the full object is dropped")

	list, err := things.List(context.Background(), metav1.ListOptions{})
	require.NoError(t, err)
	assert.Contains(t, accept, "as=PartialObjectMetadataList")
	require.Len(t, list.Items, 2)
	assert.Equal(t, "t2", list.Items[1].Name)
	assert.Equal(t, "7", list.ResourceVersion)

	_, err = things.Get(context.Background(), "garbage", metav1.GetOptions{})
	assert.ErrorContains(t, err, "does not appear to match the ObjectMeta schema")

	_, err = things.Get(context.Background(), "", metav1.GetOptions{})
	assert.ErrorContains(t, err, "name is required")
}
