package cache

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	v1 "k8s.io/api/core/v1"

	"github.com/kclient/kclient/features"
)

// The classic low-level setup: a DeltaFIFO with the consumer's store as
// known objects, and a Process function applying Deltas.
func TestControllerWithDeltaFIFO(t *testing.T) {
	checkNoGoroutineLeak(t)
	setGate(t, features.WatchListClient, false)
	s := newFakeServer()
	s.upsert("ns", "a", nil)
	s.upsert("ns", "b", nil)
	store := NewStore(DeletionHandlingMetaNamespaceKeyFunc)
	fifo := NewDeltaFIFOWithOptions(DeltaFIFOOptions{KnownObjects: store, EmitDeltaTypeReplaced: true})
	var mu sync.Mutex
	var seen []string
	ctrl := New(&Config{
		Queue:         fifo,
		ListerWatcher: s.lw(),
		ObjectType:    &v1.ConfigMap{},
		Process: func(obj interface{}, isInInitialList bool) error {
			for _, d := range obj.(Deltas) {
				mu.Lock()
				seen = append(seen, string(d.Type)+":"+name(d.Object))
				mu.Unlock()
				var err error
				switch d.Type {
				case Deleted:
					err = store.Delete(d.Object)
				default:
					err = store.Update(d.Object)
				}
				if err != nil {
					return err
				}
			}
			return nil
		},
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); ctrl.RunWithContext(ctx) }()
	require.True(t, WaitFor(ctx, "", ctrl.HasSyncedChecker()))
	assert.True(t, ctrl.HasSynced())
	s.whileDisconnected(func() { s.removeLocked("ns", "a") })
	eventually(t, func() bool { return assert.ObjectsAreEqual([]string{"ns/b"}, store.ListKeys()) }, "relist deletes a")
	mu.Lock()
	assert.Equal(t, []string{"Replaced:a", "Replaced:b"}, seen[:2])
	assert.Contains(t, seen, "Deleted:tomb:ns/a")
	mu.Unlock()
	assert.NotEmpty(t, ctrl.LastSyncResourceVersion())
	cancel()
	<-done
}
