package restmapper_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/discovery/cached/memory"
	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/restmapper"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

func TestMapperAgainstCluster(t *testing.T) {
	c := testcluster.Get(t)
	client, err := discovery.NewDiscoveryClientForConfig(&rest.Config{
		Host:            c.Host,
		TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData},
	})
	require.NoError(t, err)

	groups, err := restmapper.GetAPIGroupResources(client)
	require.NoError(t, err)
	require.NotEmpty(t, groups)
	assert.Equal(t, "", groups[0].Group.Name)
	assert.NotEmpty(t, groups[0].VersionedResources["v1"])

	mapper := restmapper.NewDiscoveryRESTMapper(groups)
	tests := []struct {
		gk        schema.GroupKind
		resource  schema.GroupVersionResource
		namespace bool
	}{
		{schema.GroupKind{Group: "apps", Kind: "Deployment"}, schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}, true},
		{schema.GroupKind{Kind: "Namespace"}, schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}, false},
		{schema.GroupKind{Group: "rbac.authorization.k8s.io", Kind: "ClusterRole"}, schema.GroupVersionResource{Group: "rbac.authorization.k8s.io", Version: "v1", Resource: "clusterroles"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.gk.String(), func(t *testing.T) {
			m, err := mapper.RESTMapping(tt.gk)
			require.NoError(t, err)
			assert.Equal(t, tt.resource, m.Resource)
			assert.Equal(t, tt.namespace, m.Scope.Name() == meta.RESTScopeNameNamespace)
		})
	}

	expander := restmapper.NewShortcutExpander(mapper, memory.NewMemCacheClient(client), nil)
	for short, want := range map[string]string{"deploy": "deployments", "cm": "configmaps", "ns": "namespaces", "po": "pods", "svc": "services"} {
		gvr, err := expander.ResourceFor(schema.GroupVersionResource{Resource: short})
		require.NoError(t, err, short)
		assert.Equal(t, want, gvr.Resource)
	}
}
