package resourcelock

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// mapLock is an in-memory Interface for MultiLock tests.
type mapLock struct {
	name   string
	rec    *LeaderElectionRecord
	events []string
}

func (m *mapLock) Get(context.Context) (*LeaderElectionRecord, []byte, error) {
	if m.rec == nil {
		return nil, nil, apierrors.NewNotFound(schema.GroupResource{Resource: "leases"}, m.name)
	}
	cp := *m.rec
	raw, _ := json.Marshal(cp)
	return &cp, raw, nil
}

func (m *mapLock) Create(_ context.Context, ler LeaderElectionRecord) error {
	if m.rec != nil {
		return apierrors.NewAlreadyExists(schema.GroupResource{Resource: "leases"}, m.name)
	}
	m.rec = &ler
	return nil
}

func (m *mapLock) Update(_ context.Context, ler LeaderElectionRecord) error {
	m.rec = &ler
	return nil
}

func (m *mapLock) RecordEvent(s string) { m.events = append(m.events, s) }
func (m *mapLock) Identity() string     { return "me" }
func (m *mapLock) Describe() string     { return "ns/" + m.name }

func TestMultiLock(t *testing.T) {
	ctx := context.Background()
	primary, secondary := &mapLock{name: "p"}, &mapLock{name: "s"}
	ml := &MultiLock{Primary: primary, Secondary: secondary}
	assert.Equal(t, "me", ml.Identity())
	assert.Equal(t, "ns/p", ml.Describe())

	_, _, err := ml.Get(ctx)
	assert.True(t, apierrors.IsNotFound(err))

	// Primary already exists: Create still creates the secondary.
	require.NoError(t, primary.Create(ctx, LeaderElectionRecord{HolderIdentity: "me"}))
	require.NoError(t, ml.Create(ctx, LeaderElectionRecord{HolderIdentity: "me"}))
	require.NotNil(t, secondary.rec)

	rec, raw, err := ml.Get(ctx)
	require.NoError(t, err)
	assert.Equal(t, "me", rec.HolderIdentity)
	assert.Contains(t, string(raw), "},{", "raw combines both records")

	// Disagreeing holders are reported as unknown.
	secondary.rec.HolderIdentity = "someone-else"
	rec, _, err = ml.Get(ctx)
	require.NoError(t, err)
	assert.Equal(t, UnknownLeader, rec.HolderIdentity)

	// Update writes both, re-creating a missing secondary.
	secondary.rec = nil
	require.NoError(t, ml.Update(ctx, LeaderElectionRecord{HolderIdentity: "me", LeaderTransitions: 4}))
	assert.Equal(t, 4, primary.rec.LeaderTransitions)
	require.NotNil(t, secondary.rec)
	assert.Equal(t, 4, secondary.rec.LeaderTransitions)

	// Only the primary exists: its record is returned alone.
	secondary.rec = nil
	rec, raw, err = ml.Get(ctx)
	require.NoError(t, err)
	assert.Equal(t, "me", rec.HolderIdentity)
	assert.NotContains(t, string(raw), "},{")

	ml.RecordEvent("became leader")
	assert.Equal(t, []string{"became leader"}, primary.events)
	assert.Equal(t, []string{"became leader"}, secondary.events)
}
