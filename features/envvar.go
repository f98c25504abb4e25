package features

import (
	"os"
	"strconv"
	"sync"

	"k8s.io/klog/v2"
)

// envVarPrefix is prepended to a feature name to form its override variable.
const envVarPrefix = "KUBE_FEATURE_"

// envVarGates is the default Gates: each feature's default, overridden by
// KUBE_FEATURE_<name> when that variable holds a valid boolean and the
// feature is not locked to its default. The environment is read once, on the
// first query. Safe for concurrent use.
type envVarGates struct {
	known map[Feature]FeatureSpec

	once      sync.Once
	overrides map[Feature]bool
}

func newEnvVarGates(known map[Feature]FeatureSpec) *envVarGates {
	return &envVarGates{known: known}
}

// Enabled reports whether key is enabled. An unknown feature is reported as
// disabled (and logged), rather than crashing the process.
func (g *envVarGates) Enabled(key Feature) bool {
	if v, ok := g.fromEnv()[key]; ok {
		return v
	}
	if spec, ok := g.known[key]; ok {
		return spec.Default
	}
	klog.Background().Error(nil, "Unknown feature gate queried", "feature", key)
	return false
}

// fromEnv reads the KUBE_FEATURE_* variables once.
func (g *envVarGates) fromEnv() map[Feature]bool {
	g.once.Do(func() {
		g.overrides = map[Feature]bool{}
		logger := klog.Background()
		for name, spec := range g.known {
			raw, found := os.LookupEnv(envVarPrefix + string(name))
			if !found {
				continue
			}
			v, err := strconv.ParseBool(raw)
			switch {
			case err != nil:
				logger.Info("Warning: ignoring a feature gate variable that is not a boolean", "variable", envVarPrefix+string(name), "value", raw)
			case spec.LockToDefault && v != spec.Default:
				logger.Info("Warning: ignoring a feature gate variable for a feature locked to its default", "variable", envVarPrefix+string(name), "value", raw, "default", spec.Default)
			default:
				g.overrides[name] = v
				logger.V(1).Info("Feature gate set from the environment", "feature", name, "enabled", v)
			}
		}
	})
	return g.overrides
}

// hasOverrides reports whether the environment was read and changed a gate.
func (g *envVarGates) hasOverrides() bool {
	return len(g.fromEnv()) > 0
}
