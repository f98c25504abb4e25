package leaderelection_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	coordinationv1 "k8s.io/api/coordination/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/internal/localcluster"
	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/leaderelection"
)

func TestNewCandidateValidation(t *testing.T) {
	_, _, err := leaderelection.NewCandidate(nil, "ns", "me", "lease", "1.37.0", "1.37.0", coordinationv1.OldestEmulationVersion)
	assert.Error(t, err)
	cs, err := kubernetes.NewForConfig(&restConfigUnreachable)
	require.NoError(t, err)
	_, _, err = leaderelection.NewCandidate(cs, "ns", "", "lease", "1.37.0", "1.37.0", coordinationv1.OldestEmulationVersion)
	assert.Error(t, err)
	lc, waiter, err := leaderelection.NewCandidate(cs, "ns", "me", "lease", "1.37.0", "1.37.0", coordinationv1.OldestEmulationVersion)
	require.NoError(t, err)
	assert.NotNil(t, lc)
	stop := make(chan struct{})
	close(stop)
	assert.Empty(t, waiter.WaitForCacheSync(stop), "nothing started, nothing to wait for")
}

func TestLeaseCandidateAnswersPings(t *testing.T) {
	cfg := clusterConfig(t)
	cs, err := kubernetes.NewForConfig(cfg)
	require.NoError(t, err)
	resources, err := cs.Discovery().ServerResourcesForGroupVersion("coordination.k8s.io/v1beta1")
	served := false
	if err == nil {
		for _, r := range resources.APIResources {
			served = served || r.Name == "leasecandidates"
		}
	}
	if !served {
		// The shared cluster runs without beta APIs; start one that serves them.
		c := testcluster.New(t, localcluster.Options{ExtraAPIServerFlags: []string{"--runtime-config=coordination.k8s.io/v1beta1=true"}})
		cfg = &rest.Config{Host: c.Host, TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData}}
		cs, err = kubernetes.NewForConfig(cfg)
		require.NoError(t, err)
	}
	ns := newNamespace(t, cs)

	lc, waiter, err := leaderelection.NewCandidate(cs, ns, "me", "target", "1.37.0", "1.37.0", coordinationv1.OldestEmulationVersion)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); lc.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })

	client := cs.CoordinationV1beta1().LeaseCandidates(ns)
	require.Eventually(t, func() bool {
		_, err := client.Get(ctx, "me", metav1.GetOptions{})
		return err == nil
	}, 10*time.Second, 50*time.Millisecond)
	synced := waiter.WaitForCacheSync(ctx.Done())
	require.Len(t, synced, 1)
	for _, ok := range synced {
		assert.True(t, ok)
	}

	got, err := client.Get(ctx, "me", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, "target", got.Spec.LeaseName)
	require.NotNil(t, got.Spec.RenewTime)
	firstRenew := got.Spec.RenewTime.Time

	// Ping it: a PingTime after RenewTime asks for a renewal.
	ping := metav1.NewMicroTime(firstRenew.Add(time.Second))
	got.Spec.PingTime = &ping
	_, err = client.Update(ctx, got, metav1.UpdateOptions{})
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		cur, err := client.Get(ctx, "me", metav1.GetOptions{})
		return err == nil && cur.Spec.RenewTime != nil && cur.Spec.RenewTime.After(firstRenew)
	}, 10*time.Second, 50*time.Millisecond)
}
