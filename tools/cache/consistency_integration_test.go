package cache

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"

	"github.com/kclient/kclient/features"
	"github.com/kclient/kclient/util/consistencydetector"
)

// TestIntegrationWatchListConsistencyCheck turns on the watch-list data
// consistency detector: after the streamed initial state is stored, the
// reflector LISTs at exactly the synced resourceVersion and finds the same
// objects (a mismatch would panic and fail the run).
func TestIntegrationWatchListConsistencyCheck(t *testing.T) {
	client := coreClient(t)
	checkNoGoroutineLeak(t)
	setGate(t, features.WatchListClient, true)
	t.Cleanup(consistencydetector.SetDataConsistencyDetectionForWatchListEnabledForTest(true))
	ns := testNamespace(t, client)
	for i := 0; i < 5; i++ {
		require.NoError(t, createCM(context.Background(), client, ns, fmt.Sprintf("cm%d", i), "x"))
	}
	lw := &recordingLW{ListerWatcher: NewListWatchFromClient(client, "configmaps", ns, fields.Everything())}
	store := NewStore(MetaNamespaceKeyFunc)
	r := startReflector(t, lw, store, nil)

	eventually(t, func() bool { lists, _ := lw.calls(); return len(lists) == 1 }, "the consistency LIST")
	lists, watches := lw.calls()
	require.NotEmpty(t, watches)
	require.NotNil(t, watches[0].SendInitialEvents, "the initial state was streamed")
	assert.Equal(t, metav1.ResourceVersionMatchExact, lists[0].ResourceVersionMatch)
	assert.Equal(t, r.LastSyncResourceVersion(), lists[0].ResourceVersion)
	assert.Len(t, store.List(), 5)
}
