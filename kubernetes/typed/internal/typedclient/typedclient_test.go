package typedclient_test

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
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"

	"github.com/kclient/kclient/kubernetes/typed/internal/typedclient"
	"github.com/kclient/kclient/rest"
)

func TestCodecsHoldOnlyTheirGroups(t *testing.T) {
	codecs := typedclient.NewCodecs(corev1.AddToScheme, autoscalingv1.AddToScheme)
	s := codecs.Scheme()
	assert.Same(t, s, codecs.Scheme(), "built once")

	kinds, _, err := s.ObjectKinds(&corev1.Pod{})
	require.NoError(t, err)
	assert.Equal(t, "Pod", kinds[0].Kind)
	_, _, err = s.ObjectKinds(&autoscalingv1.Scale{})
	require.NoError(t, err)
	_, _, err = s.ObjectKinds(&appsv1.Deployment{})
	assert.Error(t, err, "apps/v1 was not registered")

	q, err := codecs.ParameterCodec().EncodeParameters(&metav1.ListOptions{LabelSelector: "a=b", Limit: 3}, corev1.SchemeGroupVersion)
	require.NoError(t, err)
	assert.Equal(t, "a=b", q.Get("labelSelector"))
	assert.Equal(t, "3", q.Get("limit"))
	assert.NotNil(t, codecs.NegotiatedSerializer())
}

func TestDefaults(t *testing.T) {
	codecs := typedclient.NewCodecs(appsv1.AddToScheme)
	in := &rest.Config{Host: "https://example.invalid", ContentConfig: rest.ContentConfig{ContentType: "application/json"}}
	out := typedclient.Defaults(in, appsv1.SchemeGroupVersion, "/apis", codecs)
	assert.Equal(t, "apps/v1", out.GroupVersion.String())
	assert.Equal(t, "/apis", out.APIPath)
	assert.NotEmpty(t, out.UserAgent)
	assert.NotNil(t, out.NegotiatedSerializer)
	assert.Equal(t, "application/json", out.ContentType, "an explicit content type is kept")
	assert.Nil(t, in.GroupVersion, "the caller's config is not modified")
	assert.Empty(t, in.UserAgent)

	in.UserAgent = "mine"
	in.ContentType = ""
	out = typedclient.Defaults(in, appsv1.SchemeGroupVersion, "/apis", codecs)
	assert.Equal(t, "mine", out.UserAgent)
	assert.Empty(t, out.ContentType, "empty means protobuf per request")
}

func TestNewRESTClientErrors(t *testing.T) {
	codecs := typedclient.NewCodecs(corev1.AddToScheme)
	_, err := typedclient.NewRESTClient(nil, nil, corev1.SchemeGroupVersion, "/api", codecs)
	assert.ErrorContains(t, err, "core/v1 client: nil *rest.Config")
	_, err = typedclient.NewRESTClient(&rest.Config{Host: "http://[::1"}, nil, schema.GroupVersion{Group: "apps", Version: "v1"}, "/apis", codecs)
	assert.ErrorContains(t, err, "apps/v1 client")
}

// seen is one request the test server received.
type seen struct {
	method, path, query, contentType, accept string
	body                                     []byte
}

func newTarget(t *testing.T, reply any) (typedclient.Target, func() seen) {
	t.Helper()
	var mu sync.Mutex
	var last seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		last = seen{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("Content-Type"), r.Header.Get("Accept"), body}
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(reply)
	}))
	t.Cleanup(srv.Close)
	codecs := typedclient.NewCodecs(appsv1.AddToScheme, autoscalingv1.AddToScheme)
	rc, err := typedclient.NewRESTClient(&rest.Config{Host: srv.URL}, nil, appsv1.SchemeGroupVersion, "/apis", codecs)
	require.NoError(t, err)
	target := typedclient.Target{Client: rc, Namespace: "ns", Resource: "deployments", ParameterCodec: codecs.ParameterCodec(), Protobuf: true}
	return target, func() seen { mu.Lock(); defer mu.Unlock(); return last }
}

type scaleApply struct {
	Name *string `json:"name,omitempty"`
}

func TestTargetRequests(t *testing.T) {
	reply := &autoscalingv1.Scale{TypeMeta: metav1.TypeMeta{Kind: "Scale", APIVersion: "autoscaling/v1"}, Spec: autoscalingv1.ScaleSpec{Replicas: 4}}
	ctx := context.Background()
	in := &autoscalingv1.Scale{ObjectMeta: metav1.ObjectMeta{Name: "web"}, Spec: autoscalingv1.ScaleSpec{Replicas: 4}}
	tests := []struct {
		name   string
		call   func(typedclient.Target) error
		method string
		query  string
		ctype  string
	}{
		{"get", func(tg typedclient.Target) error {
			out, err := typedclient.Get(ctx, tg, "web", "scale", &metav1.GetOptions{ResourceVersion: "9"}, &autoscalingv1.Scale{})
			if err == nil {
				assert.Equal(t, int32(4), out.Spec.Replicas)
			}
			return err
		}, http.MethodGet, "resourceVersion=9", ""},
		{"update", func(tg typedclient.Target) error {
			_, err := typedclient.Update(ctx, tg, "web", "scale", in, &metav1.UpdateOptions{FieldManager: "m"}, &autoscalingv1.Scale{})
			return err
		}, http.MethodPut, "fieldManager=m", "application/vnd.kubernetes.protobuf"},
		{"create", func(tg typedclient.Target) error {
			_, err := typedclient.Create(ctx, tg, "web", "scale", in, &metav1.CreateOptions{DryRun: []string{"All"}}, &autoscalingv1.Scale{})
			return err
		}, http.MethodPost, "dryRun=All", "application/vnd.kubernetes.protobuf"},
		{"post", func(tg typedclient.Target) error {
			return typedclient.Post(ctx, tg, "web", "scale", in, nil)
		}, http.MethodPost, "", "application/vnd.kubernetes.protobuf"},
		{"apply", func(tg typedclient.Target) error {
			_, err := typedclient.Apply(ctx, tg, "web", "scale", &scaleApply{Name: ptr.To("web")}, metav1.ApplyOptions{FieldManager: "m"}, &autoscalingv1.Scale{})
			return err
		}, http.MethodPatch, "fieldManager=m&force=false", string(types.ApplyYAMLPatchType)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target, last := newTarget(t, reply)
			require.NoError(t, tt.call(target))
			got := last()
			assert.Equal(t, tt.method, got.method)
			assert.Equal(t, "/apis/apps/v1/namespaces/ns/deployments/web/scale", got.path)
			assert.Equal(t, tt.query, got.query)
			assert.Equal(t, tt.ctype, got.contentType)
			assert.Equal(t, "application/vnd.kubernetes.protobuf,application/json", got.accept)
		})
	}
}

func TestApplyRejectsNil(t *testing.T) {
	target, last := newTarget(t, &autoscalingv1.Scale{})
	_, err := typedclient.Apply(context.Background(), target, "web", "scale", (*scaleApply)(nil), metav1.ApplyOptions{}, &autoscalingv1.Scale{})
	assert.ErrorContains(t, err, "must not be nil")
	_, err = typedclient.Apply(context.Background(), target, "web", "scale", nil, metav1.ApplyOptions{}, &autoscalingv1.Scale{})
	assert.ErrorContains(t, err, "must not be nil")
	assert.Empty(t, last().method, "nothing was sent")
}
