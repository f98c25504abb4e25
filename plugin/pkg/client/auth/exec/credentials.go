package exec

import (
	"context"
	"fmt"
	"reflect"
	"time"

	"k8s.io/klog/v2"

	"github.com/kclient/kclient/tools/metrics"
)

// invocation is one run of the plugin that any number of callers may wait
// for. done is closed once creds or err is set.
type invocation struct {
	done  chan struct{}
	creds *credentials
	err   error
}

// getCreds returns the cached credentials, or runs the plugin when there
// are none or they have expired. Only one plugin run happens at a time;
// concurrent callers share its result. If ctx ends first, getCreds returns
// ctx's error while the plugin keeps running for later callers.
func (a *Authenticator) getCreds(ctx context.Context) (*credentials, error) {
	a.mu.Lock()
	if a.creds != nil && !a.expiredLocked() {
		creds := a.creds
		a.mu.Unlock()
		return creds, nil
	}
	run := a.running
	if run == nil {
		run = &invocation{done: make(chan struct{})}
		a.running = run
		go a.refresh(run)
	}
	a.mu.Unlock()

	select {
	case <-run.done:
		return run.creds, run.err
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting for exec plugin %s: %w", a.cmd, context.Cause(ctx))
	}
}

// expiredLocked reports whether the cached credentials are past their
// expiration time. a.mu must be held.
func (a *Authenticator) expiredLocked() bool {
	return !a.exp.IsZero() && a.now().After(a.exp)
}

// invalidate drops creds from the cache if they are still the cached ones,
// so the next caller runs the plugin again. It is called when the server
// rejected creds.
func (a *Authenticator) invalidate(creds *credentials) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.creds == creds {
		klog.V(2).InfoS("Exec plugin credentials rejected by the server, will run the plugin again", "command", a.cmd)
		a.creds = nil
	}
}

// refresh runs the plugin for run, stores the outcome in the cache and
// releases everyone waiting on run.
func (a *Authenticator) refresh(run *invocation) {
	creds, exp, err := a.runPlugin()

	a.mu.Lock()
	defer a.mu.Unlock()
	defer close(run.done)
	a.running = nil
	if err != nil {
		run.err = err
		return
	}
	run.creds = creds
	a.creds, a.exp = creds, exp

	old := a.last
	a.last = creds
	// Token rotation needs no reconnect; a certificate change does, so
	// connections authenticated with the old certificate are closed.
	if old != nil && !reflect.DeepEqual(old.cert, creds.cert) {
		if old.cert != nil && old.cert.Leaf != nil {
			metrics.ClientCertRotationAge.Observe(time.Since(old.cert.Leaf.NotBefore))
		}
		a.connTracker.CloseAll()
	}
	var expiry time.Time
	if creds.cert != nil && creds.cert.Leaf != nil {
		expiry = creds.cert.Leaf.NotAfter
	}
	certExpiries.set(a, expiry)
}
