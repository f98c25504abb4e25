package auth_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	_ "github.com/kclient/kclient/plugin/pkg/client/auth"
	"github.com/kclient/kclient/rest"
	clientcmdapi "github.com/kclient/kclient/tools/clientcmd/api"
)

func TestRegisteredProviders(t *testing.T) {
	tests := []struct {
		name    string
		config  map[string]string
		wantErr []string
	}{
		{name: "azure", wantErr: []string{"The azure auth plugin has been removed", "https://github.com/Azure/kubelogin"}},
		{name: "gcp", wantErr: []string{"The gcp auth plugin has been removed", "gke-gcloud-auth-plugin"}},
		{name: "oidc", config: map[string]string{"idp-issuer-url": "https://idp.test", "client-id": "kubectl"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := rest.GetAuthProvider("https://cluster.test", &clientcmdapi.AuthProviderConfig{Name: tt.name, Config: tt.config}, nil)
			if tt.wantErr == nil {
				require.NoError(t, err)
				assert.NotNil(t, p)
				return
			}
			require.Error(t, err)
			assert.Nil(t, p)
			for _, want := range tt.wantErr {
				assert.Contains(t, err.Error(), want)
			}
		})
	}

	// A client configured with a removed provider fails with that message
	// when it is built, before any request is sent.
	_, err := rest.HTTPClientFor(&rest.Config{Host: "https://cluster.test", AuthProvider: &clientcmdapi.AuthProviderConfig{Name: "gcp"}})
	require.ErrorContains(t, err, "gke-gcloud-auth-plugin")
}
