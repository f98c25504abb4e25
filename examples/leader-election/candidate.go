package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/leaderelection"
	"github.com/kclient/kclient/tools/leaderelection/resourcelock"
)

// Timings of the election. Real controllers use 15s/10s/2s; these are short so
// the demo finishes quickly. The lease must outlast the renew deadline, which
// must outlast a retry period.
const (
	leaseDuration = 3 * time.Second
	renewDeadline = 2 * time.Second
	retryPeriod   = 500 * time.Millisecond
)

// runCandidate is what each child process does: campaign for the Lease until
// SIGTERM (or maxRun), doing "work" only while it leads. On SIGTERM the
// context ends and, thanks to ReleaseOnCancel, the Lease is handed back at
// once instead of left to expire.
func runCandidate(config *rest.Config, namespace, lease, id string, maxRun time.Duration) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	// A leftover child (its parent killed hard) still exits on its own.
	ctx, cancel := context.WithTimeout(ctx, maxRun)
	defer cancel()

	clientset, err := kubernetes.NewForConfig(config)
	if err != nil {
		return fmt.Errorf("creating the clientset: %w", err)
	}
	lock := &resourcelock.LeaseLock{
		LeaseMeta:  metav1.ObjectMeta{Name: lease, Namespace: namespace},
		Client:     clientset.CoordinationV1(),
		LockConfig: resourcelock.ResourceLockConfig{Identity: id},
	}
	say := func(format string, args ...any) {
		fmt.Printf("%s %s\n", time.Now().Format("15:04:05.000"), fmt.Sprintf(format, args...))
	}
	elector, err := leaderelection.NewLeaderElector(leaderelection.LeaderElectionConfig{
		Lock:            lock,
		Name:            lease,
		LeaseDuration:   leaseDuration,
		RenewDeadline:   renewDeadline,
		RetryPeriod:     retryPeriod,
		ReleaseOnCancel: true,
		Callbacks: leaderelection.LeaderCallbacks{
			// Runs in its own goroutine when this candidate wins; its context
			// ends when leadership is lost or the program stops.
			OnStartedLeading: func(ctx context.Context) {
				say("started leading")
				tick := time.NewTicker(time.Second)
				defer tick.Stop()
				for n := 1; ; n++ {
					select {
					case <-ctx.Done():
						return
					case <-tick.C:
						say("working as leader (%d)", n)
					}
				}
			},
			OnStoppedLeading: func() { say("stopped leading") },
			OnNewLeader: func(identity string) {
				if identity != id {
					say("the leader is %s", identity)
				}
			},
		},
	})
	if err != nil {
		return fmt.Errorf("configuring leader election: %w", err)
	}
	say("campaigning for lease %s/%s", namespace, lease)
	// Run returns when ctx ends or leadership is lost.
	elector.Run(ctx)
	say("exiting")
	return nil
}
