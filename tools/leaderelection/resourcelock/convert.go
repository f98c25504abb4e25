package resourcelock

import (
	"encoding/json"

	coordinationv1 "k8s.io/api/coordination/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

// LeaseSpecToLeaderElectionRecord reads a Lease spec as an election record;
// absent optional fields become zero values. spec must not be nil.
func LeaseSpecToLeaderElectionRecord(spec *coordinationv1.LeaseSpec) *LeaderElectionRecord {
	out := &LeaderElectionRecord{
		HolderIdentity:       ptr.Deref(spec.HolderIdentity, ""),
		LeaseDurationSeconds: int(ptr.Deref(spec.LeaseDurationSeconds, 0)),
		LeaderTransitions:    int(ptr.Deref(spec.LeaseTransitions, 0)),
		Strategy:             ptr.Deref(spec.Strategy, ""),
		PreferredHolder:      ptr.Deref(spec.PreferredHolder, ""),
	}
	if spec.AcquireTime != nil {
		out.AcquireTime = metav1.Time{Time: spec.AcquireTime.Time}
	}
	if spec.RenewTime != nil {
		out.RenewTime = metav1.Time{Time: spec.RenewTime.Time}
	}
	return out
}

// LeaderElectionRecordToLeaseSpec writes an election record as a Lease spec.
// Strategy and PreferredHolder are only set when non-empty. ler must not be
// nil.
func LeaderElectionRecordToLeaseSpec(ler *LeaderElectionRecord) coordinationv1.LeaseSpec {
	spec := coordinationv1.LeaseSpec{
		HolderIdentity:       ptr.To(ler.HolderIdentity),
		LeaseDurationSeconds: ptr.To(int32(ler.LeaseDurationSeconds)),
		AcquireTime:          &metav1.MicroTime{Time: ler.AcquireTime.Time},
		RenewTime:            &metav1.MicroTime{Time: ler.RenewTime.Time},
		LeaseTransitions:     ptr.To(int32(ler.LeaderTransitions)),
	}
	if ler.Strategy != "" {
		spec.Strategy = ptr.To(ler.Strategy)
	}
	if ler.PreferredHolder != "" {
		spec.PreferredHolder = ptr.To(ler.PreferredHolder)
	}
	return spec
}

// encodeRecord re-encodes ler as JSON, keeping fallback if that fails.
func encodeRecord(ler *LeaderElectionRecord, fallback []byte) []byte {
	raw, err := json.Marshal(ler)
	if err != nil {
		return fallback
	}
	return raw
}
