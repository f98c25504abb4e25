package gentype_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"

	"github.com/kclient/kclient/gentype"
)

// fakeApplyConfig stands in for a generated apply configuration.
type fakeApplyConfig struct {
	Name *string           `json:"name,omitempty"`
	Data map[string]string `json:"data,omitempty"`
}

func (f *fakeApplyConfig) GetName() *string { return f.Name }

func TestApply(t *testing.T) {
	tests := []struct {
		name    string
		obj     *fakeApplyConfig
		status  bool
		wantErr string
		path    string
	}{
		{"apply", &fakeApplyConfig{Name: ptr.To("cfg"), Data: map[string]string{"a": "b"}}, false, "", "/api/v1/namespaces/ns1/configmaps/cfg"},
		{"apply status", &fakeApplyConfig{Name: ptr.To("cfg")}, true, "", "/api/v1/namespaces/ns1/configmaps/cfg/status"},
		{"nil configuration", nil, false, "must not be nil", ""},
		{"no name", &fakeApplyConfig{}, false, "must set a name", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{reply: &corev1.ConfigMap{TypeMeta: metav1.TypeMeta{Kind: "ConfigMap", APIVersion: "v1"}}}
			c := gentype.NewClientWithListAndApply[*corev1.ConfigMap, *corev1.ConfigMapList, *fakeApplyConfig]("configmaps",
				newRESTClient(t, rec, ""), testParameterCodec, "ns1",
				func() *corev1.ConfigMap { return &corev1.ConfigMap{} },
				func() *corev1.ConfigMapList { return &corev1.ConfigMapList{} })
			opts := metav1.ApplyOptions{FieldManager: "test", Force: true}
			var err error
			var got *corev1.ConfigMap
			if tt.status {
				got, err = c.ApplyStatus(context.Background(), tt.obj, opts)
			} else {
				got, err = c.Apply(context.Background(), tt.obj, opts)
			}
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				assert.NotNil(t, got)
				assert.Empty(t, rec.requests, "nothing must be sent")
				return
			}
			require.NoError(t, err)
			req := rec.last(t)
			assert.Equal(t, http.MethodPatch, req.Method)
			assert.Equal(t, tt.path, req.Path)
			assert.Equal(t, string(types.ApplyYAMLPatchType), req.ContentType)
			assert.Equal(t, "fieldManager=test&force=true", req.Query)
			assert.Contains(t, string(req.Body), `"name":"cfg"`)
		})
	}
}

func TestClientWithApplyHasNoList(t *testing.T) {
	rec := &recorder{reply: &corev1.ConfigMap{TypeMeta: metav1.TypeMeta{Kind: "ConfigMap", APIVersion: "v1"}}}
	c := gentype.NewClientWithApply[*corev1.ConfigMap, *fakeApplyConfig]("configmaps", newRESTClient(t, rec, ""), testParameterCodec, "",
		func() *corev1.ConfigMap { return &corev1.ConfigMap{} })
	_, err := c.Apply(context.Background(), &fakeApplyConfig{Name: ptr.To("x")}, metav1.ApplyOptions{FieldManager: "m"})
	require.NoError(t, err)
	assert.Equal(t, "/api/v1/configmaps/x", rec.last(t).Path)
}

func TestEncodeApplyPatchJSONByDefault(t *testing.T) {
	pt, body, err := gentype.EncodeApplyPatch(&fakeApplyConfig{Name: ptr.To("n")})
	require.NoError(t, err)
	assert.Equal(t, types.ApplyYAMLPatchType, pt)
	assert.JSONEq(t, `{"name":"n"}`, string(body))

	_, _, err = gentype.EncodeApplyPatch(func() {})
	require.Error(t, err)
}
