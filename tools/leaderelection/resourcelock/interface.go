package resourcelock

import (
	"context"

	coordinationv1 "k8s.io/api/coordination/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

const (
	// LeaderElectionRecordAnnotationKey is the annotation under which the
	// retired annotation-based locks kept their JSON record. It is kept for
	// tools that still look for it.
	LeaderElectionRecordAnnotationKey = "control-plane.alpha.kubernetes.io/leader"

	// LeasesResourceLock is the lock type New accepts for a Lease-backed lock.
	LeasesResourceLock = "leases"
)

// LeaderElectionRecord is the election state a lock persists: who holds the
// lease, for how long, when it was taken and last renewed, and how often it
// changed hands. Candidates never trust the timestamps for expiry decisions
// (clocks differ between machines); they only watch whether the record
// changes. An empty HolderIdentity means the lease is free, which is what a
// leader writes when it steps down voluntarily.
type LeaderElectionRecord struct {
	// HolderIdentity is the identity of the current holder, or "" if the
	// lease was released and anyone may take it at once.
	HolderIdentity string `json:"holderIdentity"`
	// LeaseDurationSeconds is how long other candidates wait without seeing
	// a renewal before they may take over.
	LeaseDurationSeconds int `json:"leaseDurationSeconds"`
	// AcquireTime is when the current holder took the lease.
	AcquireTime metav1.Time `json:"acquireTime"`
	// RenewTime is when the current holder last renewed the lease.
	RenewTime metav1.Time `json:"renewTime"`
	// LeaderTransitions counts how often the lease changed holders.
	LeaderTransitions int `json:"leaderTransitions"`
	// Strategy is the coordinated-election strategy of the lease, if any.
	Strategy coordinationv1.CoordinatedLeaseStrategy `json:"strategy"`
	// PreferredHolder is the identity a coordinated-election controller asks
	// the current holder to hand over to, if any.
	PreferredHolder string `json:"preferredHolder"`
}

// EventRecorder is the subset of record.EventRecorder a lock needs to report
// leadership changes as Events on the lock object.
type EventRecorder interface {
	// Eventf records an event about obj with a printf-style message.
	Eventf(obj runtime.Object, eventType, reason, message string, args ...interface{})
}

// ResourceLockConfig holds what every lock needs regardless of its storage.
type ResourceLockConfig struct {
	// Identity names this candidate; it must be unique among all candidates
	// of one election (a pod name plus a random suffix is common).
	Identity string
	// EventRecorder, if set, receives an Event for each leadership change.
	EventRecorder EventRecorder
}

// Interface is what the leader elector needs from a lock. Implementations
// are used by a single elector and need not be safe for concurrent use by
// several electors.
type Interface interface {
	// Get reads the current record together with a raw encoding of it; the
	// elector compares raw encodings to notice renewals by other holders.
	// A missing lock object is reported as a NotFound API error.
	Get(ctx context.Context) (*LeaderElectionRecord, []byte, error)

	// Create stores ler in a new lock object; it fails with AlreadyExists
	// when another candidate created it first.
	Create(ctx context.Context, ler LeaderElectionRecord) error

	// Update replaces the record in the lock object last read by Get or
	// written by Create, failing with Conflict when it changed meanwhile.
	Update(ctx context.Context, ler LeaderElectionRecord) error

	// RecordEvent reports a leadership change ("became leader", ...) as an
	// Event, if the lock has a recorder.
	RecordEvent(string)

	// Identity returns the identity of this candidate.
	Identity() string

	// Describe names the lock object for logs, e.g. "namespace/name".
	Describe() string
}
