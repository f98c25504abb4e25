package fake

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/types"

	"github.com/kclient/kclient/kubernetes/scheme"
)

func response(code int, body string) *http.Response {
	return &http.Response{StatusCode: code, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(body))}
}

func newFake() *RESTClient {
	return &RESTClient{NegotiatedSerializer: scheme.Codecs.WithoutConversion(), GroupVersion: corev1.SchemeGroupVersion, VersionedAPIPath: "/api/v1"}
}

func TestCannedResponse(t *testing.T) {
	c := newFake()
	c.Resp = response(200, `{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cm"}}`)
	var cm corev1.ConfigMap
	require.NoError(t, c.Get().Namespace("ns").Resource("configmaps").Name("cm").Do(context.Background()).Into(&cm))
	assert.Equal(t, "cm", cm.Name)
	require.NotNil(t, c.Req)
	assert.Equal(t, "https://localhost/api/v1/namespaces/ns/configmaps/cm", c.Req.URL.String())
	assert.Equal(t, corev1.SchemeGroupVersion, c.APIVersion())
	assert.Nil(t, c.GetRateLimiter())

	c.Resp = response(404, `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}`)
	err := c.Delete().Resource("configmaps").Name("x").Do(context.Background()).Error()
	assert.True(t, apierrors.IsNotFound(err))
	assert.Equal(t, http.MethodDelete, c.Req.Method)
}

func TestErrAndClient(t *testing.T) {
	c := newFake()
	c.Err = errors.New("boom")
	err := c.Post().Resource("configmaps").Body([]byte("{}")).Do(context.Background()).Error()
	assert.ErrorContains(t, err, "boom")
	assert.Nil(t, c.Req, "no request is recorded when Err is set")

	c.Err = nil
	var patchType string
	c.Client = CreateHTTPClient(func(r *http.Request) (*http.Response, error) {
		patchType = r.Header.Get("Content-Type")
		return response(200, `{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"p"}}`), nil
	})
	require.NoError(t, c.Patch(types.MergePatchType).Resource("configmaps").Name("p").Body([]byte("{}")).Do(context.Background()).Error())
	assert.Equal(t, string(types.MergePatchType), patchType)
	require.NoError(t, c.Put().Resource("configmaps").Name("p").Body([]byte("{}")).Do(context.Background()).Error())
	assert.Equal(t, http.MethodPut, c.Req.Method)
}
