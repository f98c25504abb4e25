package resourcelock

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	coordinationv1 "k8s.io/api/coordination/v1"
	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/utils/ptr"

	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/rest"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

func TestRecordLeaseSpecRoundTrip(t *testing.T) {
	now := metav1.NewTime(time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC))
	tests := []struct {
		name string
		rec  LeaderElectionRecord
	}{
		{"plain", LeaderElectionRecord{HolderIdentity: "a", LeaseDurationSeconds: 15, AcquireTime: now, RenewTime: now, LeaderTransitions: 3}},
		{"coordinated", LeaderElectionRecord{HolderIdentity: "b", LeaseDurationSeconds: 10, Strategy: coordinationv1.OldestEmulationVersion, PreferredHolder: "c"}},
		{"released", LeaderElectionRecord{LeaseDurationSeconds: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := LeaderElectionRecordToLeaseSpec(&tt.rec)
			assert.Equal(t, tt.rec.HolderIdentity, *spec.HolderIdentity)
			assert.Equal(t, int32(tt.rec.LeaseDurationSeconds), *spec.LeaseDurationSeconds)
			assert.Equal(t, tt.rec.Strategy == "", spec.Strategy == nil)
			assert.Equal(t, tt.rec.PreferredHolder == "", spec.PreferredHolder == nil)
			back := LeaseSpecToLeaderElectionRecord(&spec)
			assert.Equal(t, tt.rec.HolderIdentity, back.HolderIdentity)
			assert.Equal(t, tt.rec.LeaderTransitions, back.LeaderTransitions)
			assert.True(t, tt.rec.AcquireTime.Equal(&back.AcquireTime))
			assert.Equal(t, tt.rec.Strategy, back.Strategy)
			assert.Equal(t, tt.rec.PreferredHolder, back.PreferredHolder)
		})
	}
}

func TestLeaseSpecEmpty(t *testing.T) {
	got := LeaseSpecToLeaderElectionRecord(&coordinationv1.LeaseSpec{})
	assert.Equal(t, &LeaderElectionRecord{}, got)
}

func TestNewLockTypes(t *testing.T) {
	cfg := &rest.Config{Host: "https://127.0.0.1:1"}
	cs, err := kubernetes.NewForConfig(cfg)
	require.NoError(t, err)
	tests := []struct {
		lockType string
		wantErr  string
	}{
		{LeasesResourceLock, ""},
		{"endpoints", "no longer supported"},
		{"configmapsleases", "no longer supported"},
		{"bogus", "invalid lock type"},
	}
	for _, tt := range tests {
		t.Run(tt.lockType, func(t *testing.T) {
			lock, err := New(tt.lockType, "ns", "name", cs.CoreV1(), cs.CoordinationV1(), ResourceLockConfig{Identity: "me"})
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "ns/name", lock.Describe())
			assert.Equal(t, "me", lock.Identity())
		})
	}
	_, err = New(LeasesResourceLock, "ns", "n", nil, nil, ResourceLockConfig{})
	assert.Error(t, err)
	_, err = NewFromKubeconfig(LeasesResourceLock, "ns", "n", ResourceLockConfig{}, nil, time.Second)
	assert.Error(t, err)
}

func TestLeaseLockUpdateBeforeGet(t *testing.T) {
	ll := &LeaseLock{LeaseMeta: metav1.ObjectMeta{Namespace: "ns", Name: "n"}}
	assert.ErrorIs(t, ll.Update(context.Background(), LeaderElectionRecord{}), errLeaseNotLoaded)
	ll.RecordEvent("ignored without recorder")

	_, _, err := ll.Get(context.Background())
	assert.ErrorIs(t, err, errNoClient)
	assert.ErrorIs(t, ll.Create(context.Background(), LeaderElectionRecord{}), errNoClient)
	var nilLock *LeaseLock
	assert.Empty(t, nilLock.Identity())
	assert.Empty(t, nilLock.Describe())
}

func TestConcatRawRecord(t *testing.T) {
	assert.Equal(t, []byte(`{"a":1},{"b":2}`), ConcatRawRecord([]byte(`{"a":1}`), []byte(`{"b":2}`)))
}

type recordedEvent struct {
	obj                        runtime.Object
	eventType, reason, message string
}

type fakeRecorder struct{ events []recordedEvent }

func (f *fakeRecorder) Eventf(obj runtime.Object, eventType, reason, message string, args ...interface{}) {
	f.events = append(f.events, recordedEvent{obj, eventType, reason, fmt.Sprintf(message, args...)})
}

func TestLeaseLockAgainstCluster(t *testing.T) {
	c := testcluster.Get(t)
	cfg := &rest.Config{Host: c.Host, TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData}}
	cs, err := kubernetes.NewForConfig(cfg)
	require.NoError(t, err)
	ctx := context.Background()
	ns := fmt.Sprintf("rl-%d", time.Now().UnixNano())
	_, err = cs.CoreV1().Namespaces().Create(ctx, &v1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{}) })

	rec := &fakeRecorder{}
	lock, err := NewWithLabels(LeasesResourceLock, ns, "lock", cs.CoreV1(), cs.CoordinationV1(), ResourceLockConfig{Identity: "me", EventRecorder: rec}, map[string]string{"holder": "me"})
	require.NoError(t, err)

	_, _, err = lock.Get(ctx)
	require.True(t, apierrors.IsNotFound(err), "got %v", err)

	now := metav1.NewTime(time.Now())
	require.NoError(t, lock.Create(ctx, LeaderElectionRecord{HolderIdentity: "me", LeaseDurationSeconds: 5, AcquireTime: now, RenewTime: now}))
	assert.True(t, apierrors.IsAlreadyExists(lock.Create(ctx, LeaderElectionRecord{HolderIdentity: "me", LeaseDurationSeconds: 5})))

	got, raw, err := lock.Get(ctx)
	require.NoError(t, err)
	assert.Equal(t, "me", got.HolderIdentity)
	assert.Contains(t, string(raw), `"holderIdentity":"me"`)

	require.NoError(t, lock.Update(ctx, LeaderElectionRecord{HolderIdentity: "me", LeaseDurationSeconds: 5, LeaderTransitions: 2}))
	lease, err := cs.CoordinationV1().Leases(ns).Get(ctx, "lock", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, int32(2), *lease.Spec.LeaseTransitions)
	assert.Equal(t, "me", lease.Labels["holder"])

	// Someone else writes the lease; our stale copy now conflicts.
	lease.Spec.HolderIdentity = ptr.To("other")
	_, err = cs.CoordinationV1().Leases(ns).Update(ctx, lease, metav1.UpdateOptions{})
	require.NoError(t, err)
	assert.True(t, apierrors.IsConflict(lock.Update(ctx, LeaderElectionRecord{HolderIdentity: "me", LeaseDurationSeconds: 5})))

	lock.RecordEvent("became leader")
	require.Len(t, rec.events, 1)
	assert.Equal(t, "LeaderElection", rec.events[0].reason)
	assert.Equal(t, "me became leader", rec.events[0].message)
	subject := rec.events[0].obj.(*coordinationv1.Lease)
	assert.Equal(t, "Lease", subject.Kind)
	assert.Equal(t, "lock", subject.Name)
}
