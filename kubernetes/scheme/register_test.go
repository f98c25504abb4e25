package scheme

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

func TestSchemeKnowsBuiltInGroups(t *testing.T) {
	for _, gvk := range []schema.GroupVersionKind{
		corev1.SchemeGroupVersion.WithKind("ConfigMap"),
		appsv1.SchemeGroupVersion.WithKind("Deployment"),
		{Group: "batch", Version: "v1", Kind: "Job"},
		{Group: "rbac.authorization.k8s.io", Version: "v1", Kind: "ClusterRole"},
		{Group: "resource.k8s.io", Version: "v1", Kind: "ResourceClaim"},
		{Group: "storagemigration.k8s.io", Version: "v1beta1", Kind: "StorageVersionMigration"},
		{Group: "admissionregistration.k8s.io", Version: "v1", Kind: "ValidatingWebhookConfiguration"},
		{Version: "v1", Kind: "Status"},
		{Version: "v1", Kind: "WatchEvent"},
	} {
		assert.True(t, Scheme.Recognizes(gvk), gvk.String())
	}
	assert.GreaterOrEqual(t, len(Scheme.PrioritizedVersionsAllGroups()), 55)
}

func TestCodecsRoundTrip(t *testing.T) {
	info, ok := runtime.SerializerInfoForMediaType(Codecs.SupportedMediaTypes(), runtime.ContentTypeProtobuf)
	require.True(t, ok, "protobuf must be supported")
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "a"}, Data: map[string]string{"k": "v"}}
	enc := Codecs.EncoderForVersion(info.Serializer, corev1.SchemeGroupVersion)
	data, err := runtime.Encode(enc, cm)
	require.NoError(t, err)
	out, err := runtime.Decode(Codecs.UniversalDeserializer(), data)
	require.NoError(t, err)
	assert.Equal(t, "v", out.(*corev1.ConfigMap).Data["k"])
}

func TestParameterCodec(t *testing.T) {
	params, err := ParameterCodec.EncodeParameters(&metav1.ListOptions{LabelSelector: "a=b", Limit: 5}, corev1.SchemeGroupVersion)
	require.NoError(t, err)
	assert.Equal(t, []string{"a=b"}, params["labelSelector"])
	assert.Equal(t, []string{"5"}, params["limit"])
}

func TestAddToSchemeComposes(t *testing.T) {
	s := runtime.NewScheme()
	require.NoError(t, AddToScheme(s))
	assert.True(t, s.Recognizes(corev1.SchemeGroupVersion.WithKind("Pod")))
}
