package gentype_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"

	"github.com/kclient/kclient/gentype"
	"github.com/kclient/kclient/rest"
)

// seen is one request as the test server received it.
type seen struct {
	Method, Path, Query, ContentType, Accept string
	Body                                     []byte
}

// recorder is an httptest server answering every request with reply and
// remembering what it received.
type recorder struct {
	mu       sync.Mutex
	requests []seen
	status   int
	reply    runtime.Object
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.requests = append(r.requests, seen{req.Method, req.URL.Path, req.URL.RawQuery, req.Header.Get("Content-Type"), req.Header.Get("Accept"), body})
	status, reply := r.status, r.reply
	r.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(reply)
}

func (r *recorder) last(t *testing.T) seen {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	require.NotEmpty(t, r.requests)
	return r.requests[len(r.requests)-1]
}

var (
	testScheme = func() *runtime.Scheme {
		s := runtime.NewScheme()
		metav1.AddToGroupVersion(s, schema.GroupVersion{Version: "v1"})
		require.NoError(nil, corev1.AddToScheme(s))
		return s
	}()
	testCodecs         = serializer.NewCodecFactory(testScheme)
	testParameterCodec = runtime.NewParameterCodec(testScheme)
)

func newRESTClient(t *testing.T, rec *recorder, contentType string) *rest.RESTClient {
	t.Helper()
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	cfg := &rest.Config{Host: srv.URL, APIPath: "/api"}
	cfg.GroupVersion = &corev1.SchemeGroupVersion
	cfg.NegotiatedSerializer = testCodecs.WithoutConversion()
	cfg.ContentType = contentType
	rc, err := rest.RESTClientFor(cfg)
	require.NoError(t, err)
	return rc
}

type cmClient = gentype.ClientWithList[*corev1.ConfigMap, *corev1.ConfigMapList]

func newConfigMaps(rc rest.Interface, ns string, opts ...gentype.Option[*corev1.ConfigMap]) *cmClient {
	return gentype.NewClientWithList("configmaps", rc, testParameterCodec, ns,
		func() *corev1.ConfigMap { return &corev1.ConfigMap{} },
		func() *corev1.ConfigMapList { return &corev1.ConfigMapList{} }, opts...)
}

func TestClientRequests(t *testing.T) {
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "cfg", Namespace: "ns1"}, Data: map[string]string{"k": "v"}}
	tests := []struct {
		name      string
		namespace string
		call      func(ctx context.Context, c *cmClient) error
		method    string
		path      string
		query     string
		hasBody   bool
		ctype     string
	}{
		{"get", "ns1", func(ctx context.Context, c *cmClient) error {
			_, err := c.Get(ctx, "cfg", metav1.GetOptions{ResourceVersion: "7"})
			return err
		}, http.MethodGet, "/api/v1/namespaces/ns1/configmaps/cfg", "resourceVersion=7", false, ""},
		{"get cluster-scoped", "", func(ctx context.Context, c *cmClient) error {
			_, err := c.Get(ctx, "cfg", metav1.GetOptions{})
			return err
		}, http.MethodGet, "/api/v1/configmaps/cfg", "", false, ""},
		{"list with paging", "ns1", func(ctx context.Context, c *cmClient) error {
			_, err := c.List(ctx, metav1.ListOptions{LabelSelector: "a=b", Limit: 2, Continue: "tok"})
			return err
		}, http.MethodGet, "/api/v1/namespaces/ns1/configmaps", "continue=tok&labelSelector=a%3Db&limit=2", false, ""},
		{"create", "ns1", func(ctx context.Context, c *cmClient) error {
			_, err := c.Create(ctx, cm, metav1.CreateOptions{DryRun: []string{"All"}})
			return err
		}, http.MethodPost, "/api/v1/namespaces/ns1/configmaps", "dryRun=All", true, "application/json"},
		{"update", "ns1", func(ctx context.Context, c *cmClient) error {
			_, err := c.Update(ctx, cm, metav1.UpdateOptions{FieldManager: "me"})
			return err
		}, http.MethodPut, "/api/v1/namespaces/ns1/configmaps/cfg", "fieldManager=me", true, "application/json"},
		{"update status", "ns1", func(ctx context.Context, c *cmClient) error {
			_, err := c.UpdateStatus(ctx, cm, metav1.UpdateOptions{})
			return err
		}, http.MethodPut, "/api/v1/namespaces/ns1/configmaps/cfg/status", "", true, "application/json"},
		{"delete", "ns1", func(ctx context.Context, c *cmClient) error {
			return c.Delete(ctx, "cfg", metav1.DeleteOptions{GracePeriodSeconds: ptr.To[int64](3)})
		}, http.MethodDelete, "/api/v1/namespaces/ns1/configmaps/cfg", "", true, "application/json"},
		{"delete collection", "ns1", func(ctx context.Context, c *cmClient) error {
			return c.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{FieldSelector: "metadata.name=x"})
		}, http.MethodDelete, "/api/v1/namespaces/ns1/configmaps", "fieldSelector=metadata.name%3Dx", true, "application/json"},
		{"patch subresource", "ns1", func(ctx context.Context, c *cmClient) error {
			_, err := c.Patch(ctx, "cfg", types.MergePatchType, []byte(`{"data":{}}`), metav1.PatchOptions{}, "status")
			return err
		}, http.MethodPatch, "/api/v1/namespaces/ns1/configmaps/cfg/status", "", true, string(types.MergePatchType)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{reply: &corev1.ConfigMap{TypeMeta: metav1.TypeMeta{Kind: "ConfigMap", APIVersion: "v1"}}}
			c := newConfigMaps(newRESTClient(t, rec, ""), tt.namespace)
			require.NoError(t, tt.call(context.Background(), c))
			got := rec.last(t)
			assert.Equal(t, tt.method, got.Method)
			assert.Equal(t, tt.path, got.Path)
			assert.Equal(t, tt.query, got.Query)
			assert.Equal(t, tt.hasBody, len(got.Body) > 0)
			assert.Equal(t, tt.ctype, got.ContentType)
		})
	}
}

func TestClientDecodesResponseAndErrors(t *testing.T) {
	rec := &recorder{reply: &corev1.ConfigMap{TypeMeta: metav1.TypeMeta{Kind: "ConfigMap", APIVersion: "v1"}, ObjectMeta: metav1.ObjectMeta{Name: "cfg", ResourceVersion: "42"}}}
	c := newConfigMaps(newRESTClient(t, rec, ""), "ns1")
	got, err := c.Get(context.Background(), "cfg", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, "42", got.ResourceVersion)
	assert.Equal(t, "ns1", c.GetNamespace())
	assert.NotNil(t, c.GetClient())

	rec.mu.Lock()
	rec.status = http.StatusNotFound
	rec.reply = &metav1.Status{TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"}, Status: metav1.StatusFailure, Reason: metav1.StatusReasonNotFound, Code: 404}
	rec.mu.Unlock()
	got, err = c.Get(context.Background(), "missing", metav1.GetOptions{})
	require.Error(t, err)
	assert.True(t, apierrors.IsNotFound(err), "got %v", err)
	assert.NotNil(t, got, "an empty object, not nil, on error")
}

func TestPrefersProtobuf(t *testing.T) {
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "cfg"}}
	tests := []struct {
		name        string
		configured  string
		prefer      bool
		wantAccept  string
		wantContent string
	}{
		{"protobuf preferred, nothing configured", "", true, "application/vnd.kubernetes.protobuf,application/json", "application/vnd.kubernetes.protobuf"},
		{"explicit JSON wins", "application/json", true, "application/json, */*", "application/json"},
		{"not preferred", "", false, "application/json, */*", "application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{reply: &corev1.ConfigMap{TypeMeta: metav1.TypeMeta{Kind: "ConfigMap", APIVersion: "v1"}}}
			var opts []gentype.Option[*corev1.ConfigMap]
			if tt.prefer {
				opts = append(opts, gentype.PrefersProtobuf[*corev1.ConfigMap]())
			}
			c := newConfigMaps(newRESTClient(t, rec, tt.configured), "ns1", opts...)
			_, err := c.Create(context.Background(), cm, metav1.CreateOptions{})
			require.NoError(t, err)
			got := rec.last(t)
			assert.Equal(t, tt.wantAccept, got.Accept)
			assert.Equal(t, tt.wantContent, got.ContentType)
		})
	}
}

func TestWatchForcesWatchParam(t *testing.T) {
	rec := &recorder{reply: &metav1.Status{}}
	c := newConfigMaps(newRESTClient(t, rec, ""), "ns1")
	w, err := c.Watch(context.Background(), metav1.ListOptions{ResourceVersion: "5", TimeoutSeconds: ptr.To[int64](1)})
	if err == nil {
		w.Stop()
	}
	got := rec.last(t)
	assert.Equal(t, http.MethodGet, got.Method)
	assert.Equal(t, "/api/v1/namespaces/ns1/configmaps", got.Path)
	assert.Contains(t, got.Query, "watch=true")
	assert.Contains(t, got.Query, "resourceVersion=5")
	assert.Contains(t, got.Query, "timeoutSeconds=1")
}

func TestNilObjectsAreRejected(t *testing.T) {
	rec := &recorder{reply: &corev1.ConfigMap{}}
	c := newConfigMaps(newRESTClient(t, rec, ""), "ns1")
	ctx := context.Background()
	_, err := c.Create(ctx, nil, metav1.CreateOptions{})
	assert.ErrorContains(t, err, "create configmaps: the object must not be nil")
	_, err = c.Update(ctx, nil, metav1.UpdateOptions{})
	assert.ErrorContains(t, err, "must not be nil")
	got, err := c.UpdateStatus(ctx, nil, metav1.UpdateOptions{})
	assert.ErrorContains(t, err, "must not be nil")
	assert.NotNil(t, got)
	assert.Empty(t, rec.requests, "nothing was sent")
}
