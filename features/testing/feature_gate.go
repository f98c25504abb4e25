// Package testing lets tests switch kclient feature gates for their own
// duration.
package testing

import (
	"testing"

	clientfeatures "github.com/kclient/kclient/features"
)

// override reports value for one feature and defers to base for the others.
type override struct {
	base    clientfeatures.Gates
	feature clientfeatures.Feature
	value   bool
}

func (o override) Enabled(key clientfeatures.Feature) bool {
	if key == o.feature {
		return o.value
	}
	return o.base.Enabled(key)
}

// SetFeatureDuringTest makes feature report featureValue until the test
// ends: the gates in effect are wrapped with the override and restored by
// tb.Cleanup. Feature gates are process-wide, so tests that
// use this must not run in parallel with tests depending on the same gate.
//
// For instance, a test of the watch-list code path starts with:
//
//	featurestesting.SetFeatureDuringTest(t, features.WatchListClient, true)
func SetFeatureDuringTest(tb testing.TB, feature clientfeatures.Feature, featureValue bool) {
	tb.Helper()
	previous := clientfeatures.FeatureGates()
	clientfeatures.ReplaceFeatureGates(override{base: previous, feature: feature, value: featureValue})
	tb.Cleanup(func() { clientfeatures.ReplaceFeatureGates(previous) })
}
