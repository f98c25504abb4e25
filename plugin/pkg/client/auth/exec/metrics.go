package exec

import (
	"errors"
	"io/fs"
	"os/exec"
	"sync"
	"time"

	"k8s.io/klog/v2"

	"github.com/kclient/kclient/tools/metrics"
)

// Values of the call status label of metrics.ExecPluginCalls, and exit codes
// recorded when the plugin did not run to completion.
const (
	callSucceeded      = "no_error"
	callPluginFailed   = "plugin_execution_error"
	callPluginNotFound = "plugin_not_found_error"
	callInternalError  = "client_internal_error"

	exitCodeSuccess = 0
	exitCodeFailure = 1
)

// Values of the status label of metrics.ExecPluginPolicyCalls.
const (
	policyAllowed = "allowed"
	policyDenied  = "denied"
)

// recordPluginCall counts one plugin run by exit code and outcome; err is
// what exec.Cmd.Run returned.
func recordPluginCall(err error) {
	var exitErr *exec.ExitError
	var execErr *exec.Error
	var pathErr *fs.PathError
	switch {
	case err == nil:
		metrics.ExecPluginCalls.Increment(exitCodeSuccess, callSucceeded)
	case errors.As(err, &exitErr):
		metrics.ExecPluginCalls.Increment(exitErr.ExitCode(), callPluginFailed)
	case errors.As(err, &execErr), errors.As(err, &pathErr):
		metrics.ExecPluginCalls.Increment(exitCodeFailure, callPluginNotFound)
	default:
		klog.V(2).InfoS("Unexpected exec plugin error type", "err", err)
		metrics.ExecPluginCalls.Increment(exitCodeFailure, callInternalError)
	}
}

// recordPolicyCall counts one plugin policy decision; err is nil when the
// plugin was allowed to run.
func recordPolicyCall(err error) {
	if err != nil {
		metrics.ExecPluginPolicyCalls.Increment(policyDenied)
		return
	}
	metrics.ExecPluginPolicyCalls.Increment(policyAllowed)
}

// certExpiries reports, through metrics.ClientCertExpiry, the earliest expiry
// of the client certificates currently held by any Authenticator.
var certExpiries = &expiryTracker{
	byAuth: map[*Authenticator]time.Time{},
	report: func(t *time.Time) { metrics.ClientCertExpiry.Set(t) },
}

// expiryTracker remembers each Authenticator's certificate expiry. It is
// safe for concurrent use.
type expiryTracker struct {
	mu     sync.Mutex
	byAuth map[*Authenticator]time.Time
	report func(*time.Time)
}

// set records a's certificate expiry (zero for no certificate) and reports
// the earliest non-zero expiry, or nil when there is none.
func (e *expiryTracker) set(a *Authenticator, expiry time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.byAuth[a] = expiry
	var earliest time.Time
	for _, t := range e.byAuth {
		if !t.IsZero() && (earliest.IsZero() || t.Before(earliest)) {
			earliest = t
		}
	}
	if earliest.IsZero() {
		e.report(nil)
		return
	}
	e.report(&earliest)
}
