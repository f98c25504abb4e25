package resourcelock

import (
	"bytes"
	"context"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

// UnknownLeader is the holder MultiLock reports when its two locks disagree.
//
// Deprecated: only MultiLock uses it, and MultiLock is deprecated.
const UnknownLeader = "leaderelection.k8s.io/unknown"

// MultiLock mirrors one record into two locks, which once let clusters move
// from one lock kind to another without two leaders.
//
// Deprecated: with Lease the only supported lock kind there is nothing left
// to migrate between; use a LeaseLock directly.
type MultiLock struct {
	// Primary is the lock whose record is reported.
	Primary Interface
	// Secondary is kept in sync with Primary.
	Secondary Interface
}

// Get returns Primary's record. If Secondary exists and names a different
// holder, the holder is reported as UnknownLeader so nobody takes over
// prematurely. The raw bytes combine both locks' encodings.
func (ml *MultiLock) Get(ctx context.Context) (*LeaderElectionRecord, []byte, error) {
	primary, primaryRaw, err := ml.Primary.Get(ctx)
	if err != nil {
		return nil, nil, err
	}
	secondary, secondaryRaw, err := ml.Secondary.Get(ctx)
	switch {
	case apierrors.IsNotFound(err):
		return primary, primaryRaw, nil
	case err != nil:
		return nil, nil, err
	}
	if primary.HolderIdentity != secondary.HolderIdentity {
		primary.HolderIdentity = UnknownLeader
		primaryRaw = encodeRecord(primary, primaryRaw)
	}
	return primary, ConcatRawRecord(primaryRaw, secondaryRaw), nil
}

// Create creates both locks; an existing Primary is not an error.
func (ml *MultiLock) Create(ctx context.Context, ler LeaderElectionRecord) error {
	if err := ml.Primary.Create(ctx, ler); err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	return ml.Secondary.Create(ctx, ler)
}

// Update writes ler to Primary and then to Secondary, creating Secondary if
// it does not exist yet.
func (ml *MultiLock) Update(ctx context.Context, ler LeaderElectionRecord) error {
	if err := ml.Primary.Update(ctx, ler); err != nil {
		return err
	}
	if _, _, err := ml.Secondary.Get(ctx); err != nil {
		if apierrors.IsNotFound(err) {
			return ml.Secondary.Create(ctx, ler)
		}
		return err
	}
	return ml.Secondary.Update(ctx, ler)
}

// RecordEvent records s on both locks.
func (ml *MultiLock) RecordEvent(s string) {
	for _, lock := range []Interface{ml.Primary, ml.Secondary} {
		lock.RecordEvent(s)
	}
}

// Describe describes Primary.
func (ml *MultiLock) Describe() string { return ml.Primary.Describe() }

// Identity returns Primary's identity.
func (ml *MultiLock) Identity() string { return ml.Primary.Identity() }

// ConcatRawRecord joins two raw records with a comma, so a change to either
// changes the result.
//
// Deprecated: only MultiLock uses it, and MultiLock is deprecated.
func ConcatRawRecord(primaryRaw, secondaryRaw []byte) []byte {
	return bytes.Join([][]byte{primaryRaw, secondaryRaw}, []byte(","))
}
