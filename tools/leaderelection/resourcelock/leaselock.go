package resourcelock

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	coordinationv1client "github.com/kclient/kclient/kubernetes/typed/coordination/v1"
)

// LeaseLock keeps the election record in the spec of a coordination.k8s.io/v1
// Lease. It remembers the Lease it last read or wrote so Update can send the
// matching resourceVersion. It is safe for concurrent use, although one
// elector calls it from one goroutine at a time.
type LeaseLock struct {
	// LeaseMeta names the Lease (Name and Namespace are used).
	LeaseMeta metav1.ObjectMeta
	// Client reaches the Lease API.
	Client coordinationv1client.LeasesGetter
	// LockConfig carries this candidate's identity and event recorder.
	LockConfig ResourceLockConfig
	// Labels, if set, are added to the Lease on Create and on every Update.
	Labels map[string]string

	mu    sync.Mutex
	lease *coordinationv1.Lease
}

// errLeaseNotLoaded is returned by Update before any Get or Create.
var errLeaseNotLoaded = errors.New("lease not loaded yet: call Get or Create first")

// errNoClient is returned when a LeaseLock has no Client.
var errNoClient = errors.New("lease lock has no client")

// Get reads the Lease and returns its record; the raw bytes are the record's
// JSON encoding. A missing Lease yields the NotFound API error unchanged.
func (ll *LeaseLock) Get(ctx context.Context) (*LeaderElectionRecord, []byte, error) {
	if ll.Client == nil {
		return nil, nil, errNoClient
	}
	lease, err := ll.Client.Leases(ll.LeaseMeta.Namespace).Get(ctx, ll.LeaseMeta.Name, metav1.GetOptions{})
	if err != nil {
		return nil, nil, err
	}
	ll.remember(lease)
	record := LeaseSpecToLeaderElectionRecord(&lease.Spec)
	raw, err := json.Marshal(record)
	if err != nil {
		return nil, nil, fmt.Errorf("encoding record of lease %s: %w", ll.Describe(), err)
	}
	return record, raw, nil
}

// Create creates the Lease holding ler (and Labels).
func (ll *LeaseLock) Create(ctx context.Context, ler LeaderElectionRecord) error {
	if ll.Client == nil {
		return errNoClient
	}
	lease := &coordinationv1.Lease{
		ObjectMeta: metav1.ObjectMeta{
			Namespace: ll.LeaseMeta.Namespace,
			Name:      ll.LeaseMeta.Name,
			Labels:    copyLabels(nil, ll.Labels),
		},
		Spec: LeaderElectionRecordToLeaseSpec(&ler),
	}
	created, err := ll.Client.Leases(ll.LeaseMeta.Namespace).Create(ctx, lease, metav1.CreateOptions{})
	if err != nil {
		return err
	}
	ll.remember(created)
	return nil
}

// Update writes ler into the Lease last seen by Get or Create. It fails
// with a Conflict API error when someone else wrote the Lease in between.
func (ll *LeaseLock) Update(ctx context.Context, ler LeaderElectionRecord) error {
	ll.mu.Lock()
	current := ll.lease
	ll.mu.Unlock()
	if current == nil {
		return errLeaseNotLoaded
	}
	if ll.Client == nil {
		return errNoClient
	}
	next := current.DeepCopy()
	next.Spec = LeaderElectionRecordToLeaseSpec(&ler)
	if len(ll.Labels) > 0 {
		next.Labels = copyLabels(next.Labels, ll.Labels)
	}
	updated, err := ll.Client.Leases(ll.LeaseMeta.Namespace).Update(ctx, next, metav1.UpdateOptions{})
	if err != nil {
		return err
	}
	ll.remember(updated)
	return nil
}

// RecordEvent emits a Normal "LeaderElection" Event on the Lease whose
// message is the identity followed by s. It does nothing without an event
// recorder or before the Lease was read.
func (ll *LeaseLock) RecordEvent(s string) {
	rec := ll.LockConfig.EventRecorder
	if rec == nil {
		return
	}
	ll.mu.Lock()
	current := ll.lease
	ll.mu.Unlock()
	if current == nil {
		return
	}
	subject := &coordinationv1.Lease{ObjectMeta: *current.ObjectMeta.DeepCopy()}
	subject.APIVersion = coordinationv1.SchemeGroupVersion.String()
	subject.Kind = "Lease"
	rec.Eventf(subject, corev1.EventTypeNormal, "LeaderElection", "%s %s", ll.LockConfig.Identity, s)
}

// Describe returns "namespace/name" of the Lease ("" for a nil lock).
func (ll *LeaseLock) Describe() string {
	if ll == nil {
		return ""
	}
	return ll.LeaseMeta.Namespace + "/" + ll.LeaseMeta.Name
}

// Identity returns this candidate's identity ("" for a nil lock, which
// NewLeaderElector therefore rejects).
func (ll *LeaseLock) Identity() string {
	if ll == nil {
		return ""
	}
	return ll.LockConfig.Identity
}

func (ll *LeaseLock) remember(lease *coordinationv1.Lease) {
	ll.mu.Lock()
	ll.lease = lease
	ll.mu.Unlock()
}

// copyLabels returns dst (allocated if nil) with every entry of src set.
func copyLabels(dst, src map[string]string) map[string]string {
	if len(src) == 0 {
		return dst
	}
	if dst == nil {
		dst = make(map[string]string, len(src))
	}
	for k, v := range src {
		dst[k] = v
	}
	return dst
}
