package clientauthentication

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

func TestDeepCopyIsIndependent(t *testing.T) {
	exp := metav1.NewTime(time.Unix(100, 0))
	orig := &ExecCredential{
		TypeMeta: metav1.TypeMeta{Kind: "ExecCredential"},
		Spec: ExecCredentialSpec{
			Interactive: true,
			Cluster: &Cluster{
				Server:                   "https://a",
				CertificateAuthorityData: []byte("ca"),
				Config:                   &runtime.Unknown{Raw: []byte(`{"a":1}`)},
			},
		},
		Status: &ExecCredentialStatus{Token: "t", ExpirationTimestamp: &exp},
	}
	cp := orig.DeepCopyObject().(*ExecCredential)
	require.Equal(t, orig, cp)

	cp.Spec.Cluster.CertificateAuthorityData[0] = 'X'
	cp.Spec.Cluster.Config.(*runtime.Unknown).Raw[0] = 'X'
	cp.Status.ExpirationTimestamp.Time = time.Unix(200, 0)
	cp.Status.Token = "other"
	cp.Spec.Cluster.Server = "https://b"

	assert.Equal(t, []byte("ca"), orig.Spec.Cluster.CertificateAuthorityData)
	assert.Equal(t, `{"a":1}`, string(orig.Spec.Cluster.Config.(*runtime.Unknown).Raw))
	assert.Equal(t, time.Unix(100, 0), orig.Status.ExpirationTimestamp.Time)
	assert.Equal(t, "t", orig.Status.Token)
	assert.Equal(t, "https://a", orig.Spec.Cluster.Server)
}

func TestDeepCopyNil(t *testing.T) {
	var c *ExecCredential
	assert.Nil(t, c.DeepCopy())
	assert.Nil(t, c.DeepCopyObject())
	var s *ExecCredentialSpec
	assert.Nil(t, s.DeepCopy())
	var st *ExecCredentialStatus
	assert.Nil(t, st.DeepCopy())
	var cl *Cluster
	assert.Nil(t, cl.DeepCopy())
}

func TestKindAndResource(t *testing.T) {
	assert.Equal(t, "ExecCredential.client.authentication.k8s.io", Kind("ExecCredential").String())
	assert.Equal(t, "foos.client.authentication.k8s.io", Resource("foos").String())
	assert.Equal(t, runtime.APIVersionInternal, SchemeGroupVersion.Version)
}
