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
	// Default is the default enablement state for the feature
	Default bool
	// LockToDefault indicates that the feature is locked to its default and cannot be changed
	LockToDefault bool
	// PreRelease indicates the maturity level of the feature
	PreRelease prerelease
	// Version indicates the earliest version from which this FeatureSpec is valid.
	// If multiple FeatureSpecs exist for a Feature, the one with the highest version that is less
	// than or equal to the effective version of the component is used.
	Version *version.Version
}

// VersionedSpecs is the history of a feature, ordered by ascending Version.
type VersionedSpecs []FeatureSpec

// Gates indicates whether a given feature is enabled or not.
type Gates interface {
	// Enabled returns true if the key is enabled.
	Enabled(key Feature) bool
}

// Registry represents an external feature gates registry.
type Registry interface {
	// Add adds existing feature gates to the provided registry.
	//
	// As of today, this method is used by AddFeaturesToExistingFeatureGates and
	// ReplaceFeatureGates to take control of the features exposed by this library.
	Add(map[Feature]FeatureSpec) error
}

// VersionedRegistry represents an external versioned feature gates registry.
type VersionedRegistry interface {
	// AddVersioned adds existing versioned feature gates to the provided registry.
	//
	// As of today, this method is used by AddVersionedFeaturesToExistingFeatureGates and
	// ReplaceFeatureGates to take control of the features exposed by this library.
	AddVersioned(in map[Feature]VersionedSpecs) error
}

// gatesHolder lets the Gates implementation be swapped atomically.
type gatesHolder struct{ Gates }

var currentGates atomic.Pointer[gatesHolder]

func init() {
	currentGates.Store(&gatesHolder{newEnvVarGates(latestSpecs(defaultVersionedFeatureGates))})
}

// FeatureGates returns the feature gates exposed by this library.
//
// By default, only the default features gates will be returned. The default
// implementation allows controlling the features via environmental variables.
// For example, if you have a feature named "MyFeature" setting an
// environmental variable "KUBE_FEATURE_MyFeature" will allow you to configure
// the state of that feature.
//
// Please note that the actual set of the feature gates might be overwritten by
// calling ReplaceFeatureGates method.
func FeatureGates() Gates {
	return currentGates.Load().Gates
}

// AddFeaturesToExistingFeatureGates adds the default feature gates
// to the provided registry. Usually this function is combined with
// ReplaceFeatureGates to take control of the features exposed by this library.
func AddFeaturesToExistingFeatureGates(registry Registry) error {
	return registry.Add(latestSpecs(defaultVersionedFeatureGates))
}

// AddVersionedFeaturesToExistingFeatureGates adds the default versioned feature
// gates to the provided registry. Usually this function is combined with
// ReplaceFeatureGates to take control of the features exposed by this library.
// Generally only used by k/k.
func AddVersionedFeaturesToExistingFeatureGates(registry VersionedRegistry) error {
	return registry.AddVersioned(cloneVersioned(defaultVersionedFeatureGates))
}

// ReplaceFeatureGates overwrites the default implementation of the feature
// gates used by this library.
//
// Useful for binaries that would like to have full control of the features
// exposed by this library, such as allowing consumers of a binary to interact
// with the features via a command line flag.
//
// For example:
//
//	// first, register kclient's features to your registry.
//	features.AddFeaturesToExistingFeatureGates(utilfeature.DefaultMutableFeatureGate)
//	// then replace kclient's feature gates implementation with your implementation
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
