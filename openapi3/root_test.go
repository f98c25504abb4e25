package openapi3_test

import (
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/openapi"
	"github.com/kclient/kclient/openapi/cached"
	"github.com/kclient/kclient/openapi3"
	"github.com/kclient/kclient/rest"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

func openAPIClient(t *testing.T) openapi.Client {
	c := testcluster.Get(t)
	d, err := discovery.NewDiscoveryClientForConfig(&rest.Config{Host: c.Host, TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData}})
	require.NoError(t, err)
	return cached.NewClient(d.OpenAPIV3())
}

func TestRootAgainstCluster(t *testing.T) {
	root := openapi3.NewRoot(openAPIClient(t))
	gvs, err := root.GroupVersions()
	require.NoError(t, err)
	assert.Contains(t, gvs, schema.GroupVersion{Version: "v1"})
	assert.Contains(t, gvs, schema.GroupVersion{Group: "apps", Version: "v1"})
	for i := 1; i < len(gvs); i++ {
		assert.Less(t, gvs[i-1].String(), gvs[i].String(), "sorted")
	}

	apps, err := root.GVSpec(schema.GroupVersion{Group: "apps", Version: "v1"})
	require.NoError(t, err)
	require.NotNil(t, apps.Components)
	assert.Contains(t, apps.Components.Schemas, "io.k8s.api.apps.v1.Deployment")

	core, err := root.GVSpecAsMap(schema.GroupVersion{Version: "v1"})
	require.NoError(t, err)
	assert.Contains(t, core, "paths")

	_, err = root.GVSpec(schema.GroupVersion{Group: "nosuch.example.com", Version: "v1"})
	var notFound *openapi3.GroupVersionNotFoundError
	require.True(t, errors.As(err, &notFound), "err: %v", err)
	assert.EqualError(t, err, "GroupVersion (nosuch.example.com/v1) not found as OpenAPI V3 path")
}

func TestTypeConverterFromClusterSchemas(t *testing.T) {
	tc, err := openapi.NewTypeConverter(openAPIClient(t), false)
	require.NoError(t, err)
	replicas := int32(2)
	d := &appsv1.Deployment{
		TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec:       appsv1.DeploymentSpec{Replicas: &replicas},
	}
	typed, err := tc.ObjectToTyped(d)
	require.NoError(t, err)
	back, err := tc.TypedToObject(typed)
	require.NoError(t, err)
	assert.NotNil(t, back)
}
