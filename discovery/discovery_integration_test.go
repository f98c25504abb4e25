package discovery_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	openapi_v2 "github.com/google/gnostic-models/openapiv2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilrand "k8s.io/apimachinery/pkg/util/rand"

	"github.com/kclient/kclient/discovery"
	"github.com/kclient/kclient/dynamic"
	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/rest"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

// restConfig returns an admin config for the shared test cluster.
func restConfig(t *testing.T) *rest.Config {
	c := testcluster.Get(t)
	return &rest.Config{
		Host: c.Host,
		TLSClientConfig: rest.TLSClientConfig{
			CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData,
		},
	}
}

// countingConfig returns a config whose requests are counted by path.
func countingConfig(t *testing.T) (*rest.Config, *atomic.Int64) {
	cfg := restConfig(t)
	var n atomic.Int64
	cfg.Wrap(func(rt http.RoundTripper) http.RoundTripper {
		return roundTripperFunc(func(r *http.Request) (*http.Response, error) {
			n.Add(1)
			return rt.RoundTrip(r)
		})
	})
	return cfg, &n
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// builtIn reports whether gv belongs to a group the apiserver itself serves,
// so results do not depend on CRDs other test packages create meanwhile.
func builtIn(groupVersion string) bool {
	gv, err := schema.ParseGroupVersion(groupVersion)
	if err != nil {
		return false
	}
	return gv.Group == "" || !strings.Contains(gv.Group, ".") || strings.HasSuffix(gv.Group, ".k8s.io")
}

// resourceSet summarises resource lists as comparable strings.
func resourceSet(rls []*metav1.APIResourceList) []string {
	var out []string
	for _, rl := range rls {
		if !builtIn(rl.GroupVersion) {
			continue
		}
		for _, r := range rl.APIResources {
			verbs := slices.Clone(r.Verbs)
			slices.Sort(verbs)
			out = append(out, fmt.Sprintf("%s %s kind=%s ns=%v verbs=%v", rl.GroupVersion, r.Name, r.Kind, r.Namespaced, verbs))
		}
	}
	slices.Sort(out)
	return out
}

func TestAggregatedAndLegacyDiscoveryAgree(t *testing.T) {
	cfg, requests := countingConfig(t)
	client, err := discovery.NewDiscoveryClientForConfig(cfg)
	require.NoError(t, err)

	groups, aggregated, err := client.ServerGroupsAndResources()
	require.NoError(t, err)
	assert.EqualValues(t, 2, requests.Load(), "aggregated discovery needs exactly /api and /apis")
	require.NotEmpty(t, groups)
	assert.Equal(t, "", groups[0].Name, "the core group comes first")

	requests.Store(0)
	legacyGroups, legacy, err := client.WithLegacy().ServerGroupsAndResources()
	require.NoError(t, err)
	assert.Greater(t, requests.Load(), int64(10), "legacy discovery asks every group-version")
	assert.Len(t, legacyGroups, len(groups))

	assert.Equal(t, resourceSet(legacy), resourceSet(aggregated))
	assert.Contains(t, resourceSet(aggregated), "apps/v1 deployments/scale kind=Scale ns=true verbs=[get patch update]")
}

func TestServerGroupsAndPreferredResources(t *testing.T) {
	client, err := discovery.NewDiscoveryClientForConfig(restConfig(t))
	require.NoError(t, err)

	for _, d := range []discovery.DiscoveryInterface{client, client.WithLegacy()} {
		groups, err := d.ServerGroups()
		require.NoError(t, err)
		names := map[string]metav1.APIGroup{}
		for _, g := range groups.Groups {
			names[g.Name] = g
		}
		require.Contains(t, names, "apps")
		assert.Equal(t, "apps/v1", names["apps"].PreferredVersion.GroupVersion)
		assert.Equal(t, "v1", names[""].PreferredVersion.Version)

		preferred, err := d.ServerPreferredResources()
		require.NoError(t, err)
		gvrs, err := discovery.GroupVersionResources(preferred)
		require.NoError(t, err)
		assert.Contains(t, gvrs, schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"})
		assert.Contains(t, gvrs, schema.GroupVersionResource{Version: "v1", Resource: "namespaces"})
		assert.NotContains(t, gvrs, schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments/scale"})

		namespaced, err := d.ServerPreferredNamespacedResources()
		require.NoError(t, err)
		gvrs, err = discovery.GroupVersionResources(namespaced)
		require.NoError(t, err)
		assert.Contains(t, gvrs, schema.GroupVersionResource{Version: "v1", Resource: "pods"})
		assert.NotContains(t, gvrs, schema.GroupVersionResource{Version: "v1", Resource: "namespaces"})
	}
}

func TestServerResourcesForGroupVersion(t *testing.T) {
	client, err := discovery.NewDiscoveryClientForConfig(restConfig(t))
	require.NoError(t, err)

	rl, err := client.ServerResourcesForGroupVersion("apps/v1")
	require.NoError(t, err)
	assert.Equal(t, "apps/v1", rl.GroupVersion)
	assert.True(t, slices.ContainsFunc(rl.APIResources, func(r metav1.APIResource) bool { return r.Name == "deployments" && r.Kind == "Deployment" }))

	_, err = client.ServerResourcesForGroupVersion("nosuchgroup.example.com/v1")
	require.Error(t, err)

	_, err = client.ServerResourcesForGroupVersion("")
	require.Error(t, err)

	ok, err := discovery.IsResourceEnabled(client, schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"})
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = discovery.IsResourceEnabled(client, schema.GroupVersionResource{Group: "nosuchgroup.example.com", Version: "v1", Resource: "things"})
	require.NoError(t, err)
	assert.False(t, ok)

	require.NoError(t, discovery.ServerSupportsVersion(client, schema.GroupVersion{Group: "apps", Version: "v1"}))
	require.ErrorContains(t, discovery.ServerSupportsVersion(client, schema.GroupVersion{Group: "apps", Version: "v0"}), `"apps/v0"`)
}

func TestServerVersionAndOpenAPI(t *testing.T) {
	client, err := discovery.NewDiscoveryClientForConfig(restConfig(t))
	require.NoError(t, err)

	v, err := client.ServerVersion()
	require.NoError(t, err)
	assert.Equal(t, "1", v.Major)
	assert.True(t, strings.HasPrefix(v.GitVersion, "v1."), v.GitVersion)
	require.NoError(t, discovery.MatchesServerVersion(*v, client))
	other := *v
	other.GitVersion = "v0.0.0"
	require.ErrorContains(t, discovery.MatchesServerVersion(other, client), "differs from client version")

	doc, err := client.OpenAPISchema()
	require.NoError(t, err)
	require.NotNil(t, doc.Definitions)
	assert.True(t, slices.ContainsFunc(doc.Definitions.AdditionalProperties, func(p *openapi_v2.NamedSchema) bool {
		return p.Name == "io.k8s.api.apps.v1.Deployment"
	}))

	paths, err := client.OpenAPIV3().Paths()
	require.NoError(t, err)
	require.Contains(t, paths, "apis/apps/v1")
	assert.Contains(t, paths["apis/apps/v1"].ServerRelativeURL(), "/openapi/v3/apis/apps/v1?hash=")
	body, err := paths["apis/apps/v1"].Schema("application/json")
	require.NoError(t, err)
	assert.Contains(t, string(body), "io.k8s.api.apps.v1.Deployment")

	ctxPaths, err := client.OpenAPIV3WithContext(context.Background()).PathsWithContext(context.Background())
	require.NoError(t, err)
	assert.Len(t, ctxPaths, len(paths))
}

// TestBrokenAggregatedAPIGivesPartialResults registers an APIService backed
// by a Service that does not exist: discovery must still return everything
// else, and name the broken group-version in ErrGroupDiscoveryFailed.
func TestBrokenAggregatedAPIGivesPartialResults(t *testing.T) {
	cfg := restConfig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	dyn, err := dynamic.NewForConfig(cfg)
	require.NoError(t, err)
	group := "broken" + utilrand.String(6) + ".example.com"
	gv := schema.GroupVersion{Group: group, Version: "v1"}
	apiServices := dyn.Resource(schema.GroupVersionResource{Group: "apiregistration.k8s.io", Version: "v1", Resource: "apiservices"})
	_, err = apiServices.Create(ctx, &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apiregistration.k8s.io/v1",
		"kind":       "APIService",
		"metadata":   map[string]any{"name": "v1." + group},
		"spec": map[string]any{
			"group": group, "version": "v1",
			"service":               map[string]any{"namespace": "default", "name": "does-not-exist"},
			"insecureSkipTLSVerify": true,
			"groupPriorityMinimum":  int64(1000),
			"versionPriority":       int64(15),
		},
	}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = apiServices.Delete(context.Background(), "v1."+group, metav1.DeleteOptions{})
	})

	client, err := discovery.NewDiscoveryClientForConfig(cfg)
	require.NoError(t, err)
	for name, d := range map[string]discovery.DiscoveryInterface{"aggregated": client, "legacy": client.WithLegacy()} {
		t.Run(name, func(t *testing.T) {
			var (
				rls []*metav1.APIResourceList
				err error
			)
			// The aggregator notices the broken service asynchronously.
			require.Eventually(t, func() bool {
				_, rls, err = d.ServerGroupsAndResources()
				failed, ok := discovery.GroupDiscoveryFailedErrorGroups(err)
				return ok && failed[gv] != nil
			}, time.Minute, 250*time.Millisecond, "last error: %v", err)
			assert.True(t, discovery.IsGroupDiscoveryFailedError(err))
			assert.ErrorContains(t, err, "unable to retrieve the complete list of server APIs: "+gv.String())
			gvrs, gerr := discovery.GroupVersionResources(rls)
			require.NoError(t, gerr)
			assert.Contains(t, gvrs, schema.GroupVersionResource{Version: "v1", Resource: "pods"})
			assert.Contains(t, gvrs, schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"})

			preferred, err := d.ServerPreferredResources()
			require.True(t, discovery.IsGroupDiscoveryFailedError(err), "err: %v", err)
			gvrs, gerr = discovery.GroupVersionResources(preferred)
			require.NoError(t, gerr)
			assert.Contains(t, gvrs, schema.GroupVersionResource{Version: "v1", Resource: "pods"})
		})
	}
}
