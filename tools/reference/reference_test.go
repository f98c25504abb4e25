package reference

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/kubernetes/scheme"
)

func TestGetReference(t *testing.T) {
	meta := metav1.ObjectMeta{Name: "web", Namespace: "ns", UID: "u-1", ResourceVersion: "42"}
	tests := []struct {
		name    string
		scheme  *runtime.Scheme
		obj     runtime.Object
		want    *v1.ObjectReference
		wantErr bool
	}{
		{
			name:   "kind from scheme",
			scheme: scheme.Scheme,
			obj:    &v1.Pod{ObjectMeta: meta},
			want:   &v1.ObjectReference{Kind: "Pod", APIVersion: "v1", Name: "web", Namespace: "ns", UID: "u-1", ResourceVersion: "42"},
		},
		{
			name:   "grouped kind from scheme",
			scheme: scheme.Scheme,
			obj:    &appsv1.Deployment{ObjectMeta: meta},
			want:   &v1.ObjectReference{Kind: "Deployment", APIVersion: "apps/v1", Name: "web", Namespace: "ns", UID: "u-1", ResourceVersion: "42"},
		},
		{
			name: "type meta wins without scheme",
			obj:  &v1.Pod{TypeMeta: metav1.TypeMeta{Kind: "Thing", APIVersion: "example.com/v2"}, ObjectMeta: meta},
			want: &v1.ObjectReference{Kind: "Thing", APIVersion: "example.com/v2", Name: "web", Namespace: "ns", UID: "u-1", ResourceVersion: "42"},
		},
		{
			name:   "missing version filled from scheme",
			scheme: scheme.Scheme,
			obj:    &v1.Pod{TypeMeta: metav1.TypeMeta{Kind: "Pod"}, ObjectMeta: meta},
			want:   &v1.ObjectReference{Kind: "Pod", APIVersion: "v1", Name: "web", Namespace: "ns", UID: "u-1", ResourceVersion: "42"},
		},
		{name: "nil object", scheme: scheme.Scheme, obj: nil, wantErr: true},
		{name: "typed nil pointer", scheme: scheme.Scheme, obj: (*v1.Pod)(nil), wantErr: true},
		{name: "no kind no scheme", obj: &v1.Pod{ObjectMeta: meta}, wantErr: true},
		{name: "unregistered type", scheme: runtime.NewScheme(), obj: &v1.Pod{ObjectMeta: meta}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := GetReference(tt.scheme, tt.obj)
			if tt.wantErr {
				require.Error(t, err)
				assert.Nil(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestGetReferenceNilSentinel(t *testing.T) {
	_, err := GetReference(scheme.Scheme, nil)
	assert.ErrorIs(t, err, ErrNilObject)
}

func TestGetReferencePassesReferencesThrough(t *testing.T) {
	ref := &v1.ObjectReference{Kind: "Pod", Name: "x"}
	got, err := GetReference(nil, ref)
	require.NoError(t, err)
	assert.Same(t, ref, got)
}

func TestGetPartialReference(t *testing.T) {
	pod := &v1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "ns"}}
	got, err := GetPartialReference(scheme.Scheme, pod, "spec.containers{app}")
	require.NoError(t, err)
	assert.Equal(t, "spec.containers{app}", got.FieldPath)
	assert.Equal(t, "Pod", got.Kind)

	_, err = GetPartialReference(scheme.Scheme, nil, "x")
	assert.ErrorIs(t, err, ErrNilObject)
}
