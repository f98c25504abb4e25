// Package features holds the feature gates of the kclient library. By default
// each gate takes its documented default, and can be overridden per process
// with an environment variable KUBE_FEATURE_<FeatureName>=true|false, read the
// first time a gate is queried. Binaries that manage their own feature gates
// register ours with AddFeaturesToExistingFeatureGates and then hand their
// implementation over with ReplaceFeatureGates.
package features

import (
	"sync/atomic"

	"k8s.io/apimachinery/pkg/util/version"
	"k8s.io/klog/v2"
)

// prerelease is the maturity of a feature.
type prerelease string

// Values for PreRelease.
const (
	Alpha = prerelease("ALPHA")
	Beta  = prerelease("BETA")
	GA    = prerelease("")

	// Deprecated marks features that are being removed.
	Deprecated = prerelease("DEPRECATED")
)

// FeatureSpec describes one feature at one version.
type FeatureSpec struct {
	// Default is whether the feature is on when nobody overrides it.
	Default bool
	// LockToDefault pins the feature to Default: an attempt to set the
	// other value is ignored (the environment-variable gates log a
	// warning) or rejected, depending on the gate implementation.
	LockToDefault bool
	// PreRelease is the feature's maturity: Alpha, Beta, GA or Deprecated.
	PreRelease prerelease
	// Version is the release this spec takes effect in. Of several specs
	// of one feature, a component uses the one with the newest Version
	// that is not newer than its own (effective) version.
	Version *version.Version
}

// VersionedSpecs is the history of a feature, ordered by ascending Version.
type VersionedSpecs []FeatureSpec

// Gates answers whether features are on. Implementations must be safe for
// concurrent use: the library queries them from any goroutine.
type Gates interface {
	// Enabled reports whether the feature named key is on.
	Enabled(key Feature) bool
}

// Registry is a feature-gate set owned by someone else (typically a
// binary's component-base gates) that this library's features can be
// registered with.
type Registry interface {
	// Add registers the given features, with their current specs, in the
	// registry. AddFeaturesToExistingFeatureGates calls it, normally just
	// before the registry is installed with ReplaceFeatureGates.
	Add(map[Feature]FeatureSpec) error
}

// VersionedRegistry is a Registry that keeps each feature's full version
// history.
type VersionedRegistry interface {
	// AddVersioned registers the given features with all their versioned
	// specs. AddVersionedFeaturesToExistingFeatureGates calls it, normally
	// just before the registry is installed with ReplaceFeatureGates.
	AddVersioned(in map[Feature]VersionedSpecs) error
}

// gatesHolder lets the Gates implementation be swapped atomically.
type gatesHolder struct{ Gates }

var currentGates atomic.Pointer[gatesHolder]

func init() {
	currentGates.Store(&gatesHolder{newEnvVarGates(latestSpecs(defaultVersionedFeatureGates))})
}

// FeatureGates returns the gates the library consults right now; it is
// safe for concurrent use.
//
// Until ReplaceFeatureGates installs another implementation, these are the
// library's own gates: each feature has its documented default, which a
// process can override with the environment variable
// KUBE_FEATURE_<FeatureName> set to "true" or "false" (for a feature
// "MyFeature": KUBE_FEATURE_MyFeature=true).
func FeatureGates() Gates {
	return currentGates.Load().Gates
}

// AddFeaturesToExistingFeatureGates registers every feature of this library,
// with its current default and maturity, in registry. Call it before handing
// registry to ReplaceFeatureGates, so that the registry knows our features.
func AddFeaturesToExistingFeatureGates(registry Registry) error {
	return registry.Add(latestSpecs(defaultVersionedFeatureGates))
}

// AddVersionedFeaturesToExistingFeatureGates is
// AddFeaturesToExistingFeatureGates for a registry that tracks versions: it
// registers each feature's complete spec history (a copy). Mostly of use to
// the Kubernetes components themselves.
func AddVersionedFeaturesToExistingFeatureGates(registry VersionedRegistry) error {
	return registry.AddVersioned(cloneVersioned(defaultVersionedFeatureGates))
}

// ReplaceFeatureGates makes newFeatureGates the gates this library consults,
// process-wide, from the next query on. A binary that exposes feature gates
// on its command line uses it so that its flags govern our features too:
//
//	// let the binary's gates know about kclient's features,
//	features.AddFeaturesToExistingFeatureGates(utilfeature.DefaultMutableFeatureGate)
//	// then have kclient ask the binary's gates.
//	features.ReplaceFeatureGates(utilfeature.DefaultMutableFeatureGate)
//
// Overrides already taken from KUBE_FEATURE_* variables are lost; a warning
// is logged when that happens.
func ReplaceFeatureGates(newFeatureGates Gates) {
	old := currentGates.Swap(&gatesHolder{newFeatureGates})
	if env, ok := old.Gates.(*envVarGates); ok && env.hasOverrides() {
		klog.Background().Info("Warning: the feature gates of kclient were replaced, overrides set through KUBE_FEATURE_* environment variables no longer apply")
	}
}

// latestSpecs keeps the newest spec of each feature, without its version.
func latestSpecs(in map[Feature]VersionedSpecs) map[Feature]FeatureSpec {
	out := make(map[Feature]FeatureSpec, len(in))
	for name, specs := range in {
		if len(specs) == 0 {
			continue
		}
		latest := specs[len(specs)-1]
		latest.Version = nil
		out[name] = latest
	}
	return out
}

func cloneVersioned(in map[Feature]VersionedSpecs) map[Feature]VersionedSpecs {
	out := make(map[Feature]VersionedSpecs, len(in))
	for k, v := range in {
		out[k] = append(VersionedSpecs(nil), v...)
	}
	return out
}
