package leaderelection

import (
	"context"
	"encoding/json"
	"errors"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"

	rl "github.com/kclient/kclient/tools/leaderelection/resourcelock"
)

// memStore is an in-memory lock object shared by several memLocks, with
// resourceVersion-style optimistic concurrency.
type memStore struct {
	mu      sync.Mutex
	exists  bool
	rec     rl.LeaderElectionRecord
	version int
	fail    error // returned by every call while set
}

var leaseGR = schema.GroupResource{Group: "coordination.k8s.io", Resource: "leases"}

func (s *memStore) record() (rl.LeaderElectionRecord, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rec, s.exists
}

func (s *memStore) setFail(err error) {
	s.mu.Lock()
	s.fail = err
	s.mu.Unlock()
}

// memLock is one candidate's view of a memStore.
type memLock struct {
	store    *memStore
	id       string
	seen     int
	mu       sync.Mutex
	events   []string
	updates  int
	getCalls int
}

func (l *memLock) Get(context.Context) (*rl.LeaderElectionRecord, []byte, error) {
	l.store.mu.Lock()
	defer l.store.mu.Unlock()
	l.mu.Lock()
	l.getCalls++
	l.mu.Unlock()
	if l.store.fail != nil {
		return nil, nil, l.store.fail
	}
	if !l.store.exists {
		return nil, nil, apierrors.NewNotFound(leaseGR, "lock")
	}
	l.seen = l.store.version
	rec := l.store.rec
	raw, _ := json.Marshal(rec)
	return &rec, raw, nil
}

func (l *memLock) Create(_ context.Context, ler rl.LeaderElectionRecord) error {
	l.store.mu.Lock()
	defer l.store.mu.Unlock()
	if l.store.fail != nil {
		return l.store.fail
	}
	if l.store.exists {
		return apierrors.NewAlreadyExists(leaseGR, "lock")
	}
	l.store.exists = true
	l.store.rec = ler
	l.store.version++
	l.seen = l.store.version
	return nil
}

func (l *memLock) Update(_ context.Context, ler rl.LeaderElectionRecord) error {
	l.store.mu.Lock()
	defer l.store.mu.Unlock()
	if l.store.fail != nil {
		return l.store.fail
	}
	if !l.store.exists {
		return errors.New("not loaded")
	}
	if l.seen != l.store.version {
		return apierrors.NewConflict(leaseGR, "lock", errors.New("stale"))
	}
	l.store.rec = ler
	l.store.version++
	l.seen = l.store.version
	l.mu.Lock()
	l.updates++
	l.mu.Unlock()
	return nil
}

func (l *memLock) RecordEvent(s string) {
	l.mu.Lock()
	l.events = append(l.events, s)
	l.mu.Unlock()
}

func (l *memLock) eventList() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.events...)
}

func (l *memLock) Identity() string { return l.id }
func (l *memLock) Describe() string { return "mem/lock" }
