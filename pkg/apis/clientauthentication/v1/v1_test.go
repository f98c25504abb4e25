package v1

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kclient/kclient/pkg/apis/clientauthentication"
)

func TestConversionRoundTrip(t *testing.T) {
	exp := metav1.NewTime(time.Unix(100, 0).UTC())
	tests := []struct {
		name string
		in   ExecCredential
	}{
		{name: "empty"},
		{name: "spec only", in: ExecCredential{Spec: ExecCredentialSpec{Interactive: true}}},
		{name: "full", in: ExecCredential{
			Spec: ExecCredentialSpec{Cluster: &Cluster{
				Server: "https://s", TLSServerName: "n", InsecureSkipTLSVerify: true,
				CertificateAuthorityData: []byte("ca"), ProxyURL: "http://p", DisableCompression: true,
				Config: runtime.RawExtension{Raw: []byte(`{"k":"v"}`)},
			}},
			Status: &ExecCredentialStatus{ExpirationTimestamp: &exp, Token: "t", ClientCertificateData: "c", ClientKeyData: "k"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var internal clientauthentication.ExecCredential
			require.NoError(t, Convert_v1_ExecCredential_To_clientauthentication_ExecCredential(&tt.in, &internal, nil))
			var back ExecCredential
			require.NoError(t, Convert_clientauthentication_ExecCredential_To_v1_ExecCredential(&internal, &back, nil))
			assert.Equal(t, tt.in, back)
		})
	}
}

func TestSchemeConversion(t *testing.T) {
	scheme := runtime.NewScheme()
	require.NoError(t, clientauthentication.AddToScheme(scheme))
	require.NoError(t, AddToScheme(scheme))
	in := &ExecCredential{Status: &ExecCredentialStatus{Token: "t"}}
	out := &clientauthentication.ExecCredential{}
	require.NoError(t, scheme.Convert(in, out, nil))
	require.NotNil(t, out.Status)
	assert.Equal(t, "t", out.Status.Token)
	gvks, _, err := scheme.ObjectKinds(&ExecCredential{})
	require.NoError(t, err)
	assert.Equal(t, SchemeGroupVersion.WithKind("ExecCredential"), gvks[0])
}

func TestJSONFieldNames(t *testing.T) {
	data, err := json.Marshal(ExecCredential{
		TypeMeta: metav1.TypeMeta{APIVersion: "client.authentication.k8s.io/v1", Kind: "ExecCredential"},
		Spec:     ExecCredentialSpec{Cluster: &Cluster{Server: "s", TLSServerName: "n", ProxyURL: "p"}},
		Status:   &ExecCredentialStatus{Token: "t", ClientCertificateData: "c", ClientKeyData: "k"},
	})
	require.NoError(t, err)
	assert.JSONEq(t, `{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",
		"spec":{"interactive":false,"cluster":{"server":"s","tls-server-name":"n","proxy-url":"p","config":null}},
		"status":{"token":"t","clientCertificateData":"c","clientKeyData":"k"}}`, string(data))
}

func TestDeepCopy(t *testing.T) {
	orig := &ExecCredential{Spec: ExecCredentialSpec{Cluster: &Cluster{CertificateAuthorityData: []byte("ca"), Config: runtime.RawExtension{Raw: []byte("{}")}}}}
	cp := orig.DeepCopyObject().(*ExecCredential)
	require.Equal(t, orig, cp)
	cp.Spec.Cluster.CertificateAuthorityData[0] = 'X'
	cp.Spec.Cluster.Config.Raw[0] = 'X'
	assert.Equal(t, "ca", string(orig.Spec.Cluster.CertificateAuthorityData))
	assert.Equal(t, "{}", string(orig.Spec.Cluster.Config.Raw))
	assert.Equal(t, "io.k8s.client-go.pkg.apis.clientauthentication.v1.ExecCredential", ExecCredential{}.OpenAPIModelName())
}
