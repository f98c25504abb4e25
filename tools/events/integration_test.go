package events_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/kubernetes/scheme"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/events"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

func setup(t *testing.T) (kubernetes.Interface, string) {
	t.Helper()
	c := testcluster.Get(t)
	cs, err := kubernetes.NewForConfig(&rest.Config{
		Host:            c.Host,
		TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData},
		QPS:             100,
		Burst:           200,
	})
	require.NoError(t, err)
	ns := fmt.Sprintf("ev-%d", time.Now().UnixNano())
	_, err = cs.CoreV1().Namespaces().Create(context.Background(), &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{}) })
	return cs, ns
}

func TestEventsV1AgainstCluster(t *testing.T) {
	cs, ns := setup(t)
	ctx := context.Background()
	cm, err := cs.CoreV1().ConfigMaps(ns).Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "subject"}}, metav1.CreateOptions{})
	require.NoError(t, err)
	other, err := cs.CoreV1().ConfigMaps(ns).Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "related"}}, metav1.CreateOptions{})
	require.NoError(t, err)

	b := events.NewBroadcaster(&events.EventSinkImpl{Interface: cs.EventsV1()})
	defer b.Shutdown()
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	require.NoError(t, b.StartRecordingToSinkWithContext(runCtx))
	r := b.NewRecorder(scheme.Scheme, "kclient.io/test-controller")

	// The second occurrence turns the event into a series.
	r.Eventf(cm, other, corev1.EventTypeNormal, "Reconciled", "Reconcile", "reconciled %s", cm.Name)
	require.Eventually(t, func() bool {
		list, err := cs.EventsV1().Events(ns).List(ctx, metav1.ListOptions{})
		return err == nil && len(list.Items) == 1
	}, 15*time.Second, 50*time.Millisecond)
	r.Eventf(cm, other, corev1.EventTypeNormal, "Reconciled", "Reconcile", "reconciled %s", cm.Name)

	sel, err := events.GetFieldSelector(eventsv1.SchemeGroupVersion, cm.GroupVersionKind(), cm.Name, cm.UID)
	require.NoError(t, err)
	var got eventsv1.Event
	require.Eventually(t, func() bool {
		list, err := cs.EventsV1().Events(ns).List(ctx, metav1.ListOptions{FieldSelector: sel.String()})
		if err != nil || len(list.Items) != 1 {
			return false
		}
		got = list.Items[0]
		return got.Series != nil && got.Series.Count == 2
	}, 15*time.Second, 50*time.Millisecond)

	assert.Equal(t, "ConfigMap", got.Regarding.Kind)
	assert.Equal(t, "subject", got.Regarding.Name)
	assert.Equal(t, cm.UID, got.Regarding.UID)
	require.NotNil(t, got.Related)
	assert.Equal(t, "related", got.Related.Name)
	assert.Equal(t, "Reconcile", got.Action)
	assert.Equal(t, "reconciled subject", got.Note)
	assert.Equal(t, "kclient.io/test-controller", got.ReportingController)
}

func TestBroadcasterAdapterAgainstCluster(t *testing.T) {
	cs, ns := setup(t)
	ctx := context.Background()
	cm, err := cs.CoreV1().ConfigMaps(ns).Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "subject"}}, metav1.CreateOptions{})
	require.NoError(t, err)

	a := events.NewEventBroadcasterAdapterWithContext(ctx, cs)
	stopCh := make(chan struct{})
	a.StartRecordingToSink(stopCh)
	defer func() { close(stopCh); a.Shutdown() }()

	a.NewRecorder("kclient-adapter").Eventf(cm, nil, corev1.EventTypeNormal, "New", "Act", "via events/v1")
	a.DeprecatedNewLegacyRecorder("kclient-legacy").Eventf(cm, corev1.EventTypeNormal, "Old", "via core/v1")

	require.Eventually(t, func() bool {
		list, err := cs.CoreV1().Events(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			return false
		}
		reasons := map[string]bool{}
		for _, e := range list.Items {
			reasons[e.Reason] = e.InvolvedObject.Name == "subject"
		}
		return reasons["New"] && reasons["Old"]
	}, 15*time.Second, 50*time.Millisecond)
}
