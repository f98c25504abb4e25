package leaderelection

import (
	"net/http"
	"sync"
	"time"
)

// HealthzAdaptor is a health check that fails while this process believes
// it is the leader but has not managed to renew the lease for longer than
// LeaseDuration plus a tolerance. Such a process should be restarted (e.g. by
// the kubelet's liveness probe) because it can no longer guarantee it is the
// only leader. It can be registered before the elector exists; until
// SetLeaderElection is called it reports healthy. Safe for concurrent use.
type HealthzAdaptor struct {
	mu      sync.Mutex
	le      *LeaderElector
	timeout time.Duration
}

// NewLeaderHealthzAdaptor returns an adaptor that tolerates a lease being
// overdue by up to timeout before it reports unhealthy.
func NewLeaderHealthzAdaptor(timeout time.Duration) *HealthzAdaptor {
	return &HealthzAdaptor{timeout: timeout}
}

// Name returns "leaderElection", the name of this health check.
func (l *HealthzAdaptor) Name() string {
	return "leaderElection"
}

// SetLeaderElection attaches the elector to observe.
func (l *HealthzAdaptor) SetLeaderElection(le *LeaderElector) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.le = le
}

// Check returns an error when the attached elector is leader and its lease
// is overdue by more than the adaptor's timeout; otherwise nil. req is
// unused.
func (l *HealthzAdaptor) Check(req *http.Request) error {
	l.mu.Lock()
	le := l.le
	l.mu.Unlock()
	if le == nil {
		return nil
	}
	return le.Check(l.timeout)
}
