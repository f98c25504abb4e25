package fake_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/version"

	"github.com/kclient/kclient/discovery/fake"
	"github.com/kclient/kclient/restmapper"
	kubetesting "github.com/kclient/kclient/testing"
)

func newFake() *fake.FakeDiscovery {
	f := &fake.FakeDiscovery{Fake: &kubetesting.Fake{}}
	f.Resources = []*metav1.APIResourceList{
		{GroupVersion: "v1", APIResources: []metav1.APIResource{{Name: "pods", Namespaced: true, Kind: "Pod"}}},
		{GroupVersion: "apps/v1", APIResources: []metav1.APIResource{{Name: "deployments", Namespaced: true, Kind: "Deployment", ShortNames: []string{"deploy"}}}},
		{GroupVersion: "apps/v1beta1", APIResources: []metav1.APIResource{{Name: "deployments", Namespaced: true, Kind: "Deployment"}}},
	}
	return f
}

func TestFakeDiscovery(t *testing.T) {
	f := newFake()
	groups, err := f.ServerGroups()
	require.NoError(t, err)
	require.Len(t, groups.Groups, 2)
	assert.Equal(t, "apps", groups.Groups[1].Name)
	assert.Equal(t, "apps/v1", groups.Groups[1].PreferredVersion.GroupVersion)
	assert.Len(t, groups.Groups[1].Versions, 2)

	rl, err := f.ServerResourcesForGroupVersion("apps/v1")
	require.NoError(t, err)
	assert.Equal(t, "deployments", rl.APIResources[0].Name)
	_, err = f.ServerResourcesForGroupVersion("nope/v1")
	assert.True(t, apierrors.IsNotFound(err))

	gs, rls, err := f.ServerGroupsAndResources()
	require.NoError(t, err)
	assert.Len(t, gs, 2)
	assert.Len(t, rls, 3)

	v, err := f.ServerVersion()
	require.NoError(t, err)
	assert.NotNil(t, v)
	f.FakedServerVersion = &version.Info{GitVersion: "v1.99.0"}
	v, err = f.ServerVersion()
	require.NoError(t, err)
	assert.Equal(t, "v1.99.0", v.GitVersion)

	var verbs []string
	for _, a := range f.Actions() {
		verbs = append(verbs, a.GetVerb()+" "+a.GetResource().Resource)
	}
	assert.Equal(t, []string{"get group", "get resource", "get resource", "get group", "get resource", "get version", "get version"}, verbs)

	_, err = f.OpenAPIV3().Paths()
	assert.Error(t, err)
	assert.Same(t, f, f.WithLegacy())
}

func TestFakeDiscoveryReactorsInjectErrors(t *testing.T) {
	f := newFake()
	boom := errors.New("boom")
	f.PrependReactor("get", "group", func(kubetesting.Action) (bool, runtime.Object, error) { return true, nil, boom })
	_, err := f.ServerGroups()
	assert.ErrorIs(t, err, boom)
	_, _, err = f.ServerGroupsAndResources()
	assert.ErrorIs(t, err, boom)
}

func TestFakeDiscoveryFeedsTheRESTMapper(t *testing.T) {
	groups, err := restmapper.GetAPIGroupResources(newFake())
	require.NoError(t, err)
	mapper := restmapper.NewDiscoveryRESTMapper(groups)
	gvr, err := mapper.ResourceFor(schema.GroupVersionResource{Resource: "deployments"})
	require.NoError(t, err)
	assert.Equal(t, schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}, gvr)
	m, err := mapper.RESTMapping(schema.GroupKind{Group: "apps", Kind: "Deployment"}, "v1beta1")
	require.NoError(t, err)
	assert.Equal(t, "v1beta1", m.Resource.Version)
}
