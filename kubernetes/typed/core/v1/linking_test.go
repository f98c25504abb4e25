package v1_test

import (
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLinksOnlyItsOwnAPIGroups checks the point of the per-package schemes:
// a program that uses only this package depends on the few k8s.io/api
// packages its clients' signatures name, never on the others or on a global
// scheme of every group.
func TestLinksOnlyItsOwnAPIGroups(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not available")
	}
	out, err := exec.Command(goTool, "list", "-deps", "./testdata/coreonly").CombinedOutput()
	require.NoError(t, err, "%s", out)

	var api []string
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "k8s.io/api/") {
			api = append(api, p)
		}
		assert.NotEqual(t, "github.com/kclient/kclient/kubernetes/scheme", p, "the global scheme must not be linked")
		assert.NotEqual(t, "github.com/kclient/kclient/kubernetes", p, "the umbrella clientset must not be linked")
		assert.False(t, strings.HasPrefix(p, "k8s.io/client-go"), "client-go must never be linked: %s", p)
		// The fakes' machinery (gentype's FakeClient*, the object tracker,
		// field management) is for tests only.
		assert.NotEqual(t, "github.com/kclient/kclient/testing", p, "package testing must not be linked")
		assert.NotEqual(t, "github.com/kclient/kclient/gentype", p, "typed clients use internal/gentypecore, not gentype")
		assert.NotEqual(t, "k8s.io/apimachinery/pkg/util/managedfields", p, "field management must not be linked")
		// The structured-merge-diff schema of every built-in type is for
		// applyconfigurations.NewTypeConverter and the fake Clientset only.
		assert.NotEqual(t, "github.com/kclient/kclient/applyconfigurations/internal/schema", p, "the built-in API schema must not be linked")
		assert.NotEqual(t, "github.com/kclient/kclient/applyconfigurations", p, "the apply configurations root (every group, NewTypeConverter) must not be linked")
		if ac, ok := strings.CutPrefix(p, "github.com/kclient/kclient/applyconfigurations/"); ok {
			group, _, _ := strings.Cut(ac, "/")
			assert.Contains(t, []string{"core", "meta", "internal"}, group, "apply configurations of another group linked: %s", p)
		}
	}
	sort.Strings(api)
	assert.Equal(t, []string{
		"k8s.io/api/authentication/v1", // ServiceAccounts.CreateToken
		"k8s.io/api/autoscaling/v1",    // ReplicationControllers.GetScale
		"k8s.io/api/core/v1",
		"k8s.io/api/policy/v1",      // Pods.EvictV1
		"k8s.io/api/policy/v1beta1", // Pods.Evict, EvictV1beta1
	}, api)
}
