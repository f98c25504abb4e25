package cache

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	v1 "k8s.io/api/core/v1"
)

func TestRealFIFO(t *testing.T) {
	type op func(f *RealFIFO) error
	add := func(cm *v1.ConfigMap) op { return func(f *RealFIFO) error { return f.Add(cm) } }
	upd := func(cm *v1.ConfigMap) op { return func(f *RealFIFO) error { return f.Update(cm) } }
	del := func(cm *v1.ConfigMap) op { return func(f *RealFIFO) error { return f.Delete(cm) } }
	replace := func(objs ...interface{}) op { return func(f *RealFIFO) error { return f.Replace(objs, "9") } }
	resync := func(f *RealFIFO) error { return f.Resync() }
	bookmark := func(f *RealFIFO) error { return f.Bookmark("7") }

	tests := []struct {
		name   string
		atomic bool
		known  []*v1.ConfigMap
		ops    []op
		want   []string
	}{
		{
			name: "every change is delivered, in order, unmerged",
			ops:  []op{add(newCM("a", "x", "1")), upd(newCM("a", "x", "2")), del(newCM("a", "x", "3")), del(newCM("a", "x", "3"))},
			want: []string{"Added:a/x@1", "Updated:a/x@2", "Deleted:a/x@3", "Deleted:a/x@3"},
		},
		{
			name:  "Replace tombstones missing known and pending objects before the list",
			known: []*v1.ConfigMap{newCM("a", "k", "1"), newCM("a", "gone", "2")},
			ops:   []op{add(newCM("a", "pending", "3")), replace(newCM("a", "k", "4"))},
			want:  []string{"Added:a/pending@3", "Deleted:tomb(a/pending)@3", "Deleted:tomb(a/gone)@2", "Replaced:a/k@4"},
		},
		{
			name:  "Resync skips objects with pending deltas",
			known: []*v1.ConfigMap{newCM("a", "x", "1"), newCM("a", "y", "2")},
			ops:   []op{upd(newCM("a", "x", "5")), resync},
			want:  []string{"Updated:a/x@5", "Sync:a/y@2"},
		},
		{
			name:   "atomic Replace, Resync and Bookmark are single deltas",
			atomic: true,
			ops:    []op{replace(newCM("a", "x", "1"), newCM("a", "y", "2")), resync, bookmark},
			want:   []string{"ReplacedAll:", "SyncAll:", "Bookmark:"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := RealFIFOOptions{AtomicEvents: tt.atomic, EmitDeltaTypeBookmark: tt.atomic}
			if tt.known != nil {
				known := NewStore(MetaNamespaceKeyFunc)
				for _, cm := range tt.known {
					require.NoError(t, known.Add(cm))
				}
				opts.KnownObjects = known
			}
			f := NewRealFIFOWithOptions(opts)
			for _, o := range tt.ops {
				require.NoError(t, o(f))
			}
			var got []string
			for range tt.want {
				item, err := f.Pop(func(interface{}, bool) error { return nil })
				require.NoError(t, err)
				d := item.(Deltas)
				require.Len(t, d, 1)
				got = append(got, summary(d)...)
			}
			assert.Equal(t, tt.want, got)
			f.Close()
			_, err := f.Pop(func(interface{}, bool) error { return nil })
			assert.ErrorIs(t, err, ErrFIFOClosed)
		})
	}
}

func TestRealFIFOAtomicReplaceCarriesTheList(t *testing.T) {
	f := NewRealFIFOWithOptions(RealFIFOOptions{AtomicEvents: true, UnlockWhileProcessing: true})
	require.NoError(t, f.Replace([]interface{}{newCM("a", "x", "1")}, "5"))
	assert.False(t, f.HasSynced())
	item, err := f.Pop(func(obj interface{}, initial bool) error {
		assert.True(t, initial)
		return nil
	})
	require.NoError(t, err)
	info := item.(Deltas)[0].Object.(ReplacedAllInfo)
	assert.Equal(t, "5", info.ResourceVersion)
	assert.Len(t, info.Objects, 1)
	assert.True(t, f.HasSynced())
}

func TestRealFIFOPopBatch(t *testing.T) {
	f := NewRealFIFOWithOptions(RealFIFOOptions{KnownObjects: NewStore(MetaNamespaceKeyFunc)})
	require.NoError(t, f.Add(newCM("a", "x", "1")))
	require.NoError(t, f.Add(newCM("a", "y", "2")))
	require.NoError(t, f.Update(newCM("a", "x", "3"))) // same key: ends the first batch
	var batches [][]string
	record := func(deltas []Delta, _ bool) error {
		batches = append(batches, summary(deltas))
		return nil
	}
	single := func(obj interface{}, _ bool) error {
		batches = append(batches, summary(obj.(Deltas)))
		return nil
	}
	require.NoError(t, f.PopBatch(record, single))
	require.NoError(t, f.PopBatch(record, single))
	assert.Equal(t, [][]string{{"Added:a/x@1", "Added:a/y@2"}, {"Updated:a/x@3"}}, batches)
}
