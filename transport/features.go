package transport

import "github.com/kclient/kclient/features"

// Client feature gates that change transport behaviour (both on by default;
// see package features for how to switch them):
//   - ClientsAllowCARotation: transports built from a CAFile re-read it and
//     pick up a changed CA bundle.
//   - ClientsAllowTLSCacheGC: the transport cache drops transports that are no
//     longer referenced and stops their certificate rotation goroutines.
const (
	featureCARotation = features.ClientsAllowCARotation
	featureTLSCacheGC = features.ClientsAllowTLSCacheGC
)

// featureEnabled reports whether the client feature gate is on, as decided by
// the current features.FeatureGates().
func featureEnabled(f features.Feature) bool {
	return features.FeatureGates().Enabled(f)
}
