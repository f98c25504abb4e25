package transport

import (
	"os"
	"strconv"
)

// Client feature gates that change transport behaviour. Both are on by
// default in client-go v0.37 and, as there, can be switched off with the
// environment variable KUBE_FEATURE_<name>=false.
const (
	// featureCARotation makes transports built from a CAFile re-read it and
	// pick up a changed CA bundle.
	featureCARotation = "ClientsAllowCARotation"
	// featureTLSCacheGC lets the transport cache drop transports that are no
	// longer referenced (and stop their certificate rotation goroutines).
	featureTLSCacheGC = "ClientsAllowTLSCacheGC"
)

// featureEnabled reports whether the client feature gate name is on:
// KUBE_FEATURE_<name> when set to a boolean, otherwise on.
func featureEnabled(name string) bool {
	if v, ok := os.LookupEnv("KUBE_FEATURE_" + name); ok {
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	}
	return true
}
