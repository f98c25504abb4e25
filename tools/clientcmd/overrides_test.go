package clientcmd

import (
	"testing"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBindOverrideFlags(t *testing.T) {
	tests := []struct {
		name   string
		prefix string
		args   []string
		check  func(t *testing.T, o *ConfigOverrides)
	}{
		{"all flags", "", []string{
			"--server=https://s", "--certificate-authority=/ca", "--insecure-skip-tls-verify", "--tls-server-name=n",
			"--proxy-url=http://p", "--disable-compression", "--client-certificate=/c", "--client-key=/k", "--token=t",
			"--as=alice", "--as-uid=1", "--as-group=g1", "--as-group=g2", "--username=u", "--password=p",
			"--cluster=cl", "--user=us", "-n", "ns/team", "--context=ctx", "--request-timeout=5s"},
			func(t *testing.T, o *ConfigOverrides) {
				assert.Equal(t, "https://s", o.ClusterInfo.Server)
				assert.Equal(t, "/ca", o.ClusterInfo.CertificateAuthority)
				assert.True(t, o.ClusterInfo.InsecureSkipTLSVerify)
				assert.Equal(t, "n", o.ClusterInfo.TLSServerName)
				assert.Equal(t, "http://p", o.ClusterInfo.ProxyURL)
				assert.True(t, o.ClusterInfo.DisableCompression)
				assert.Equal(t, "/c", o.AuthInfo.ClientCertificate)
				assert.Equal(t, "/k", o.AuthInfo.ClientKey)
				assert.Equal(t, "t", o.AuthInfo.Token)
				assert.Equal(t, "alice", o.AuthInfo.Impersonate)
				assert.Equal(t, "1", o.AuthInfo.ImpersonateUID)
				assert.Equal(t, []string{"g1", "g2"}, o.AuthInfo.ImpersonateGroups)
				assert.Equal(t, "u", o.AuthInfo.Username)
				assert.Equal(t, "p", o.AuthInfo.Password)
				assert.Equal(t, "cl", o.Context.Cluster)
				assert.Equal(t, "us", o.Context.AuthInfo)
				assert.Equal(t, "team", o.Context.Namespace, "namespace prefix stripped")
				assert.Equal(t, "ctx", o.CurrentContext)
				assert.Equal(t, "5s", o.Timeout)
			}},
		{"prefixed", "kube-", []string{"--kube-server=https://x", "--kube-namespace=Namespaces/y"},
			func(t *testing.T, o *ConfigOverrides) {
				assert.Equal(t, "https://x", o.ClusterInfo.Server)
				assert.Equal(t, "y", o.Context.Namespace)
				assert.Equal(t, "0", o.Timeout, "timeout default")
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
			o := &ConfigOverrides{}
			BindOverrideFlags(o, fs, RecommendedConfigOverrideFlags(tt.prefix))
			require.NoError(t, fs.Parse(tt.args))
			tt.check(t, o)
		})
	}

	fs := pflag.NewFlagSet("secret", pflag.ContinueOnError)
	BindOverrideFlags(&ConfigOverrides{}, fs, RecommendedConfigOverrideFlags(""))
	assert.Equal(t, []string{"true"}, fs.Lookup(FlagBearerToken).Annotations["classified"])
	assert.Nil(t, fs.Lookup(FlagAPIServer).Annotations["classified"])

	// An empty LongName binds nothing.
	fs = pflag.NewFlagSet("empty", pflag.ContinueOnError)
	var s string
	FlagInfo{}.BindStringFlag(fs, &s)
	var b bool
	FlagInfo{LongName: "b", Default: "not-bool"}.BindBoolFlag(fs, &b)
	assert.False(t, b)
	fs.VisitAll(func(f *pflag.Flag) { assert.Equal(t, "b", f.Name) })
}

func TestRemoveNamespacesPrefix(t *testing.T) {
	for in, want := range map[string]string{
		"ns/a": "a", "NS/a": "a", "namespace/a": "a", "namespaces/a": "a", "a": "a", "ns/": "ns/", "pods/a": "pods/a",
	} {
		got, err := RemoveNamespacesPrefix(in)
		require.NoError(t, err)
		assert.Equal(t, want, got, in)
	}
}
