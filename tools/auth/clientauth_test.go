package auth

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	restclient "github.com/kclient/kclient/rest"
)

func TestLoadFromFile(t *testing.T) {
	yes := true
	tests := []struct {
		name     string
		path     string
		want     *Info
		notExist bool
		errHas   string
	}{
		{name: "basic", path: "testdata/basic.json",
			want: &Info{User: "admin", Password: "s3cret", CAFile: "/etc/ca.crt", Insecure: &yes}},
		{name: "missing", path: "testdata/nope.json", notExist: true},
		{name: "malformed", path: "testdata/broken.json", errHas: "testdata/broken.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LoadFromFile(tt.path)
			switch {
			case tt.notExist:
				require.Error(t, err)
				assert.True(t, os.IsNotExist(err))
			case tt.errHas != "":
				require.ErrorContains(t, err, tt.errHas)
			default:
				require.NoError(t, err)
				assert.Equal(t, tt.want, got)
			}
		})
	}
}

func TestMergeWithConfig(t *testing.T) {
	yes := true
	base := restclient.Config{Host: "https://h", Username: "old", BearerToken: "old-token"}
	base.Insecure = false
	got, err := Info{User: "u", Password: "p", CertFile: "c", KeyFile: "k", Insecure: &yes}.MergeWithConfig(base)
	require.NoError(t, err)
	assert.Equal(t, "https://h", got.Host)
	assert.Equal(t, "u", got.Username)
	assert.Equal(t, "p", got.Password)
	assert.Equal(t, "c", got.CertFile)
	assert.Equal(t, "k", got.KeyFile)
	assert.Empty(t, got.BearerToken, "empty token in info replaces the config's")
	assert.True(t, got.Insecure)
	assert.Equal(t, "old", base.Username, "input config is not modified")

	got, err = Info{}.MergeWithConfig(restclient.Config{TLSClientConfig: restclient.TLSClientConfig{Insecure: true}})
	require.NoError(t, err)
	assert.True(t, got.Insecure, "unset Insecure keeps the config's value")
}

func TestComplete(t *testing.T) {
	assert.False(t, Info{Password: "p", CAFile: "x"}.Complete())
	assert.True(t, Info{User: "u"}.Complete())
	assert.True(t, Info{CertFile: "c"}.Complete())
	assert.True(t, Info{BearerToken: "t"}.Complete())
}
