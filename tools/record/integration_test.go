package record_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kclient/kclient/internal/testcluster"
	"github.com/kclient/kclient/kubernetes"
	"github.com/kclient/kclient/kubernetes/scheme"
	typedcorev1 "github.com/kclient/kclient/kubernetes/typed/core/v1"
	"github.com/kclient/kclient/rest"
	"github.com/kclient/kclient/tools/record"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

func clusterClient(t *testing.T) kubernetes.Interface {
	t.Helper()
	c := testcluster.Get(t)
	cs, err := kubernetes.NewForConfig(&rest.Config{
		Host:            c.Host,
		TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData, CertData: c.ClientCertData, KeyData: c.ClientKeyData},
		QPS:             100,
		Burst:           200,
	})
	require.NoError(t, err)
	return cs
}

func newNamespace(t *testing.T, cs kubernetes.Interface) string {
	t.Helper()
	name := fmt.Sprintf("rec-%d", time.Now().UnixNano())
	_, err := cs.CoreV1().Namespaces().Create(context.Background(), &v1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.CoreV1().Namespaces().Delete(context.Background(), name, metav1.DeleteOptions{}) })
	return name
}

func TestEventsReachTheAPIServer(t *testing.T) {
	cs := clusterClient(t)
	ns := newNamespace(t, cs)
	ctx := context.Background()
	cm, err := cs.CoreV1().ConfigMaps(ns).Create(ctx, &v1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "subject"}}, metav1.CreateOptions{})
	require.NoError(t, err)

	b := record.NewBroadcaster(record.WithSleepDuration(100 * time.Millisecond))
	defer b.Shutdown()
	b.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: cs.CoreV1().Events("")})
	r := b.NewRecorder(scheme.Scheme, v1.EventSource{Component: "kclient-test"})

	// The same event three times is one Event with count 3.
	for range 3 {
		r.Eventf(cm, v1.EventTypeNormal, "Synced", "synced %s", cm.Name)
	}
	// Twelve messages of one reason are aggregated after the tenth.
	for i := range 12 {
		r.Eventf(cm, v1.EventTypeWarning, "Flapping", "flap #%d", i)
	}

	var events []v1.Event
	require.Eventually(t, func() bool {
		list, err := cs.CoreV1().Events(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			return false
		}
		events = list.Items
		synced, combined := false, false
		for _, e := range events {
			synced = synced || (e.Reason == "Synced" && e.Count == 3)
			combined = combined || (strings.HasPrefix(e.Message, "(combined from similar events): ") && e.Count == 3)
		}
		return synced && combined
	}, 20*time.Second, 100*time.Millisecond, "events: %+v", events)

	for _, e := range events {
		assert.Equal(t, "ConfigMap", e.InvolvedObject.Kind)
		assert.Equal(t, "subject", e.InvolvedObject.Name)
		assert.Equal(t, ns, e.InvolvedObject.Namespace)
		assert.Equal(t, cm.UID, e.InvolvedObject.UID)
		assert.Equal(t, "kclient-test", e.Source.Component)
		if e.Reason == "Synced" {
			assert.Equal(t, "synced subject", e.Message)
			assert.True(t, e.LastTimestamp.After(e.FirstTimestamp.Time) || e.LastTimestamp.Equal(&e.FirstTimestamp))
		}
	}
	// 9 individual Flapping events, 1 aggregate, 1 Synced.
	assert.Len(t, events, 11)
}
