package leaderelection_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/leaderelection"
	"github.com/kclient/kclient/tools/leaderelection/resourcelock"
)

var restConfigUnreachable = rest.Config{Host: "https://127.0.0.1:1"}

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

func clusterConfig(t *testing.T) *rest.Config {
	t.Helper()
	c := testcluster.Get(t)
	return &rest.Config{
		Host:            c.Host,
		TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData},
		QPS:             100,
		Burst:           200,
	}
}

func newNamespace(t *testing.T, cs kubernetes.Interface) string {
	t.Helper()
	name := fmt.Sprintf("le-%d", time.Now().UnixNano())
	_, err := cs.CoreV1().Namespaces().Create(context.Background(), &v1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = cs.CoreV1().Namespaces().Delete(context.Background(), name, metav1.DeleteOptions{})
	})
	return name
}

// candidate is one elector under test with what its callbacks observed.
type candidate struct {
	id      string
	elector *leaderelection.LeaderElector
	cancel  context.CancelFunc
	started chan struct{}
	done    chan struct{}
}

func startCandidate(t *testing.T, cfg *rest.Config, ns, id string) *candidate {
	t.Helper()
	lock, err := resourcelock.NewFromKubeconfig(resourcelock.LeasesResourceLock, ns, "election", resourcelock.ResourceLockConfig{Identity: id}, cfg, time.Second)
	require.NoError(t, err)
	c := &candidate{id: id, started: make(chan struct{}), done: make(chan struct{})}
	var once sync.Once
	c.elector, err = leaderelection.NewLeaderElector(leaderelection.LeaderElectionConfig{
		Lock:            lock,
		LeaseDuration:   2 * time.Second,
		RenewDeadline:   time.Second,
		RetryPeriod:     250 * time.Millisecond,
		ReleaseOnCancel: true,
		Name:            "it",
		Callbacks: leaderelection.LeaderCallbacks{
			OnStartedLeading: func(context.Context) { once.Do(func() { close(c.started) }) },
			OnStoppedLeading: func() {},
		},
	})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	go func() { defer close(c.done); c.elector.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-c.done })
	return c
}

func TestTwoElectorsHandOverOnRelease(t *testing.T) {
	cfg := clusterConfig(t)
	cs, err := kubernetes.NewForConfig(cfg)
	require.NoError(t, err)
	ns := newNamespace(t, cs)

	a := startCandidate(t, cfg, ns, "alpha")
	b := startCandidate(t, cfg, ns, "beta")

	var leader, follower *candidate
	select {
	case <-a.started:
		leader, follower = a, b
	case <-b.started:
		leader, follower = b, a
	case <-time.After(15 * time.Second):
		t.Fatal("nobody became leader")
	}
	// Give the follower a few retry periods to observe the leader.
	require.Eventually(t, func() bool { return follower.elector.GetLeader() == leader.id }, 5*time.Second, 50*time.Millisecond)
	assert.True(t, leader.elector.IsLeader())
	assert.False(t, follower.elector.IsLeader())
	select {
	case <-follower.started:
		t.Fatal("both candidates lead")
	default:
	}

	lease, err := cs.CoordinationV1().Leases(ns).Get(context.Background(), "election", metav1.GetOptions{})
	require.NoError(t, err)
	require.NotNil(t, lease.Spec.HolderIdentity)
	assert.Equal(t, leader.id, *lease.Spec.HolderIdentity)

	released := time.Now()
	leader.cancel()
	<-leader.done
	select {
	case <-follower.started:
		assert.Less(t, time.Since(released), 2*time.Second+500*time.Millisecond, "take-over within one LeaseDuration")
	case <-time.After(10 * time.Second):
		t.Fatal("follower never took over")
	}
	lease, err = cs.CoordinationV1().Leases(ns).Get(context.Background(), "election", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, follower.id, *lease.Spec.HolderIdentity)
	assert.Equal(t, int32(1), *lease.Spec.LeaseTransitions)
}
