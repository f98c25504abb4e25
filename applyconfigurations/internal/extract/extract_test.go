package extract_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/applyconfigurations/internal/extract"
)

// pod is a Pod as the server returns it: two appliers and one updater own
// different parts of it.
func pod(t *testing.T) *corev1.Pod {
	t.Helper()
	const body = `{
	  "apiVersion": "v1", "kind": "Pod",
	  "metadata": {
	    "name": "p", "namespace": "ns", "uid": "u-1", "resourceVersion": "7",
	    "labels": {"app": "web", "tier": "front", "extra": "x"},
	    "finalizers": ["a/one", "b/two"],
	    "managedFields": [
	      {"manager": "me", "operation": "Apply", "apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": {
	        "f:metadata": {"f:labels": {"f:app": {}, "f:tier": {}}, "f:finalizers": {"v:\"a/one\"": {}}},
	        "f:spec": {"f:containers": {"k:{\"name\":\"web\"}": {".": {}, "f:name": {}, "f:image": {},
	          "f:ports": {"k:{\"containerPort\":80,\"protocol\":\"TCP\"}": {".": {}, "f:containerPort": {}, "f:protocol": {}}}}},
	          "f:securityContext": {}}}},
	      {"manager": "me", "operation": "Apply", "subresource": "status", "apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": {
	        "f:status": {"f:conditions": {"k:{\"type\":\"Ready\"}": {".": {}, "f:type": {}, "f:status": {}}}}}},
	      {"manager": "other", "operation": "Apply", "apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": {
	        "f:metadata": {"f:labels": {"f:extra": {}}},
	        "f:spec": {"f:containers": {"k:{\"name\":\"sidecar\"}": {".": {}, "f:name": {}, "f:image": {}}}}}},
	      {"manager": "kubectl-edit", "operation": "Update", "apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": {
	        "f:spec": {"f:restartPolicy": {}}}}
	    ]
	  },
	  "spec": {
	    "restartPolicy": "Always",
	    "securityContext": {"runAsUser": 1000, "runAsNonRoot": true},
	    "containers": [
	      {"name": "sidecar", "image": "proxy:1", "resources": {}},
	      {"name": "web", "image": "nginx:1", "imagePullPolicy": "IfNotPresent",
	       "ports": [{"containerPort": 80, "protocol": "TCP"}, {"containerPort": 81, "protocol": "TCP"}]}
	    ]
	  },
	  "status": {"phase": "Running", "conditions": [
	    {"type": "Ready", "status": "True", "lastTransitionTime": "2026-01-01T00:00:00Z"},
	    {"type": "Initialized", "status": "True"}]}
	}`
	var p corev1.Pod
	require.NoError(t, json.Unmarshal([]byte(body), &p))
	return &p
}

func TestInto(t *testing.T) {
	tests := []struct {
		name, manager, subresource string
		want                       string
	}{
		{"main resource", "me", "", `{
			"metadata": {"labels": {"app": "web", "tier": "front"}, "finalizers": ["a/one"]},
			"spec": {"securityContext": {"runAsUser": 1000, "runAsNonRoot": true},
			  "containers": [{"name": "web", "image": "nginx:1", "ports": [{"containerPort": 80, "protocol": "TCP"}]}]}}`},
		{"status subresource", "me", "status", `{"status": {"conditions": [{"type": "Ready", "status": "True"}]}}`},
		{"another applier", "other", "", `{"metadata": {"labels": {"extra": "x"}}, "spec": {"containers": [{"name": "sidecar", "image": "proxy:1"}]}}`},
		{"updates are not applies", "kubectl-edit", "", `{}`},
		{"unknown manager", "nobody", "", `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got map[string]any
			require.NoError(t, extract.Into(pod(t), tt.manager, tt.subresource, &got))
			if got == nil {
				got = map[string]any{}
			}
			want, err := json.Marshal(got)
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, string(want))
		})
	}
}

func TestIntoErrors(t *testing.T) {
	bad := func(raw string) *corev1.ConfigMap {
		return &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{ManagedFields: []metav1.ManagedFieldsEntry{{
				Manager: "m", Operation: metav1.ManagedFieldsOperationApply, FieldsV1: &metav1.FieldsV1{Raw: []byte(raw)},
			}}},
			Data: map[string]string{"a": "1"},
		}
	}
	tests := []struct {
		name   string
		object extract.Object
		want   string
	}{
		{"nil object", (*corev1.ConfigMap)(nil), "object is nil"},
		{"field set is not JSON", bad(`{`), "decoding managed fields"},
		{"list element on an object", bad(`{"k:{\"a\":1}": {}}`), "does not address an object field"},
		{"field set node is not an object", bad(`{"f:data": 1}`), "not an object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var into map[string]any
			assert.ErrorContains(t, extract.Into(tt.object, "m", "", &into), tt.want)
		})
	}

	t.Run("owned fields missing from the object are skipped", func(t *testing.T) {
		var into map[string]any
		require.NoError(t, extract.Into(bad(`{"f:metadata": {"f:finalizers": {}}, "f:data": {"f:a": {}, "f:b": {}}, "f:immutable": {}}`), "m", "", &into))
		assert.Equal(t, map[string]any{"data": map[string]any{"a": "1"}}, into)
	})
}
