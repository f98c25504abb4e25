package features

import "k8s.io/apimachinery/pkg/util/version"

// Feature is the name of a feature gate.
//
// The constants below are kept sorted by name (byte order), which makes
// additions easy to review.
type Feature string

const (
	// AtomicFIFO lets informers process the events popped off their FIFO
	// atomically rather than as a stream. Beta since 1.36, on by default.
	AtomicFIFO Feature = "AtomicFIFO"

	// ClientsAllowCARotation lets clients pick up a rotated certificate
	// authority without dropping connections or restarting. Beta since 1.36,
	// on by default.
	ClientsAllowCARotation Feature = "ClientsAllowCARotation"

	// ClientsAllowCBOR lets clients send and accept "application/cbor". When
	// disabled, clients configured for CBOR use the JSON equivalents instead
	// ("application/json", "application/apply-patch+yaml"). Alpha since 1.32,
	// off by default.
	ClientsAllowCBOR Feature = "ClientsAllowCBOR"

	// ClientsAllowTLSCacheGC lets unused transports in the TLS transport cache
	// be garbage collected. Beta since 1.36, on by default.
	ClientsAllowTLSCacheGC Feature = "ClientsAllowTLSCacheGC"

	// ClientsPreferCBOR makes "application/cbor" the default request content
	// type (and "application/apply-patch+cbor" the default apply patch type)
	// when ClientsAllowCBOR is also enabled. Alpha since 1.32, off by default.
	ClientsPreferCBOR Feature = "ClientsPreferCBOR"

	// InOrderInformers delivers watch stream events to informers in order.
	// GA and locked on since 1.36.
	InOrderInformers Feature = "InOrderInformers"

	// InOrderInformersBatchProcess lets in-order informers process incoming
	// events in batches. Beta since 1.35, on by default.
	InOrderInformersBatchProcess Feature = "InOrderInformersBatchProcess"

	// InformerResourceVersion exposes the last synced resource version of
	// informers. GA since 1.35, on by default.
	InformerResourceVersion Feature = "InformerResourceVersion"

	// UnlockWhileProcessingFIFO lets other goroutines add to the FIFO while an
	// item is being processed. Beta since 1.36, on by default.
	UnlockWhileProcessingFIFO Feature = "UnlockWhileProcessingFIFO"

	// WatchListClient lets reflectors get the initial list as a stream of
	// watch events instead of paginated LIST calls. Beta, on by default since
	// 1.35.
	WatchListClient Feature = "WatchListClient"
)

// defaultVersionedFeatureGates is the history of every known feature.
var defaultVersionedFeatureGates = map[Feature]VersionedSpecs{
	AtomicFIFO:             {{Version: version.MajorMinor(1, 36), Default: true, PreRelease: Beta}},
	ClientsAllowCARotation: {{Version: version.MajorMinor(1, 36), Default: true, PreRelease: Beta}},
	ClientsAllowCBOR:       {{Version: version.MajorMinor(1, 32), Default: false, PreRelease: Alpha}},
	ClientsAllowTLSCacheGC: {{Version: version.MajorMinor(1, 36), Default: true, PreRelease: Beta}},
	ClientsPreferCBOR:      {{Version: version.MajorMinor(1, 32), Default: false, PreRelease: Alpha}},
	InOrderInformers: {
		{Version: version.MajorMinor(1, 33), Default: true, PreRelease: Beta},
		{Version: version.MajorMinor(1, 36), Default: true, PreRelease: GA, LockToDefault: true},
	},
	InOrderInformersBatchProcess: {{Version: version.MajorMinor(1, 35), Default: true, PreRelease: Beta}},
	InformerResourceVersion: {
		{Version: version.MajorMinor(1, 30), Default: false, PreRelease: Alpha},
		{Version: version.MajorMinor(1, 35), Default: true, PreRelease: GA},
	},
	UnlockWhileProcessingFIFO: {{Version: version.MajorMinor(1, 36), Default: true, PreRelease: Beta}},
	WatchListClient: {
		{Version: version.MajorMinor(1, 30), Default: false, PreRelease: Beta},
		{Version: version.MajorMinor(1, 35), Default: true, PreRelease: Beta},
	},
}
