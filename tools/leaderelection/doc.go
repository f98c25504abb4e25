// Package leaderelection lets a set of replicas agree that one of them, the
// leader, does some work while the others stand by.
//
// A LeaderElector repeatedly reads and writes a lock (package resourcelock,
// normally a Lease). The leader renews the record every RetryPeriod; the
// others only take over after they have seen the record unchanged for a
// whole LeaseDuration, measured on their own clock. Timestamps written by
// other machines are never compared with the local clock, so clock offsets
// between nodes do not matter; only differing clock rates do. Choosing
// LeaseDuration/RenewDeadline = r tolerates clocks that run up to r times
// faster than others.
//
// There is no fencing: a leader that is paused (GC, partition) may still act
// for a moment after another replica took over. Work guarded by an election
// must tolerate that, or stop as soon as the context handed to
// OnStartedLeading is cancelled, which happens when renewal fails.
//
// Typical use:
//
//	lock := &resourcelock.LeaseLock{
//		LeaseMeta:  metav1.ObjectMeta{Namespace: "kube-system", Name: "my-controller"},
//		Client:     clientset.CoordinationV1(),
//		LockConfig: resourcelock.ResourceLockConfig{Identity: podName},
//	}
//	leaderelection.RunOrDie(ctx, leaderelection.LeaderElectionConfig{
//		Lock:            lock,
//		LeaseDuration:   15 * time.Second,
//		RenewDeadline:   10 * time.Second,
//		RetryPeriod:     2 * time.Second,
//		ReleaseOnCancel: true,
//		Callbacks: leaderelection.LeaderCallbacks{
//			OnStartedLeading: func(ctx context.Context) { runController(ctx) },
//			OnStoppedLeading: func() { klog.Info("no longer leading") },
//		},
//	})
package leaderelection
