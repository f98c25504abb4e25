package install

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"

	"github.com/kclient/kclient/pkg/apis/clientauthentication"
	v1 "github.com/kclient/kclient/pkg/apis/clientauthentication/v1"
	"github.com/kclient/kclient/pkg/apis/clientauthentication/v1beta1"
)

func TestInstallRoundTrip(t *testing.T) {
	scheme := runtime.NewScheme()
	Install(scheme)
	codecs := serializer.NewCodecFactory(scheme)
	exp := metav1.NewTime(time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC))

	for _, gv := range []string{v1.SchemeGroupVersion.String(), v1beta1.SchemeGroupVersion.String()} {
		t.Run(gv, func(t *testing.T) {
			in := []byte(`{"apiVersion":"` + gv + `","kind":"ExecCredential",
				"spec":{"interactive":true,"cluster":{"server":"https://h:6443","certificate-authority-data":"Y2E=","config":{"audience":"x"}}},
				"status":{"token":"tok","expirationTimestamp":"2030-01-02T03:04:05Z"}}`)
			obj, gvk, err := codecs.UniversalDecoder(clientauthentication.SchemeGroupVersion).Decode(in, nil, nil)
			require.NoError(t, err)
			assert.Equal(t, gv, gvk.GroupVersion().String())
			cred, ok := obj.(*clientauthentication.ExecCredential)
			require.True(t, ok, "decoded to the internal type, got %T", obj)
			assert.True(t, cred.Spec.Interactive)
			require.NotNil(t, cred.Spec.Cluster)
			assert.Equal(t, "https://h:6443", cred.Spec.Cluster.Server)
			assert.Equal(t, []byte("ca"), cred.Spec.Cluster.CertificateAuthorityData)
			unknown, ok := cred.Spec.Cluster.Config.(*runtime.Unknown)
			require.True(t, ok, "config kept raw, got %T", cred.Spec.Cluster.Config)
			assert.JSONEq(t, `{"audience":"x"}`, string(unknown.Raw))
			require.NotNil(t, cred.Status)
			assert.Equal(t, "tok", cred.Status.Token)
			assert.True(t, exp.Equal(cred.Status.ExpirationTimestamp))

			gvObj, err := schema.ParseGroupVersion(gv)
			require.NoError(t, err)
			out, err := runtime.Encode(codecs.LegacyCodec(gvObj), cred)
			require.NoError(t, err)
			assert.JSONEq(t, `{"apiVersion":"`+gv+`","kind":"ExecCredential",
				"spec":{"interactive":true,"cluster":{"server":"https://h:6443","certificate-authority-data":"Y2E=","config":{"audience":"x"}}},
				"status":{"token":"tok","expirationTimestamp":"2030-01-02T03:04:05Z"}}`, string(out))
		})
	}
}
