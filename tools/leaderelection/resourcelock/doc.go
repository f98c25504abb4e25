// Package resourcelock stores leader-election state in an API object. A lock
// is the only thing the elector in package leaderelection talks to: it reads
// the current LeaderElectionRecord, creates the backing object when there is
// none, and writes a new record with optimistic concurrency (the object's
// resourceVersion), so two candidates can never both win the same update.
//
// Only Lease objects (coordination.k8s.io/v1) are supported as storage; the
// older Endpoints and ConfigMap locks are gone and asking New for them fails.
package resourcelock
