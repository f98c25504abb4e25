package cache

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	v1 "k8s.io/api/core/v1"
)

// popAll pops until the queue is empty, returning what came out.
func popAll(t *testing.T, q Queue, n int) []Deltas {
	t.Helper()
	var out []Deltas
	for i := 0; i < n; i++ {
		item, err := q.Pop(func(interface{}, bool) error { return nil })
		require.NoError(t, err)
		out = append(out, item.(Deltas))
	}
	return out
}

// summary renders Deltas as "Type:key@rv" strings.
func summary(d Deltas) []string {
	var out []string
	for _, x := range d {
		s := string(x.Type) + ":"
		switch o := x.Object.(type) {
		case DeletedFinalStateUnknown:
			s += "tomb(" + o.Key + ")"
			if cm, ok := o.Obj.(*v1.ConfigMap); ok {
				s += "@" + cm.ResourceVersion
			}
		case *v1.ConfigMap:
			s += o.Namespace + "/" + o.Name + "@" + o.ResourceVersion
		}
		out = append(out, s)
	}
	return out
}

func TestDeltaFIFO(t *testing.T) {
	type op func(f *DeltaFIFO) error
	add := func(cm *v1.ConfigMap) op { return func(f *DeltaFIFO) error { return f.Add(cm) } }
	upd := func(cm *v1.ConfigMap) op { return func(f *DeltaFIFO) error { return f.Update(cm) } }
	del := func(obj interface{}) op { return func(f *DeltaFIFO) error { return f.Delete(obj) } }
	replace := func(objs ...interface{}) op { return func(f *DeltaFIFO) error { return f.Replace(objs, "0") } }
	resync := func(f *DeltaFIFO) error { return f.Resync() }

	tests := []struct {
		name  string
		known []*v1.ConfigMap
		ops   []op
		want  [][]string // per popped key, in order
	}{
		{
			name: "changes to one object accumulate, keys pop in first-change order",
			ops:  []op{add(newCM("a", "x", "1")), add(newCM("a", "y", "2")), upd(newCM("a", "x", "3"))},
			want: [][]string{{"Added:a/x@1", "Updated:a/x@3"}, {"Added:a/y@2"}},
		},
		{
			name: "consecutive deletes collapse into one",
			ops:  []op{add(newCM("a", "x", "1")), del(newCM("a", "x", "2")), del(newCM("a", "x", "3"))},
			want: [][]string{{"Added:a/x@1", "Deleted:a/x@2"}},
		},
		{
			name: "a real delete replaces a preceding tombstone",
			ops: []op{
				add(newCM("a", "x", "1")),
				del(DeletedFinalStateUnknown{Key: "a/x", Obj: newCM("a", "x", "1")}),
				del(newCM("a", "x", "2")),
			},
			want: [][]string{{"Added:a/x@1", "Deleted:a/x@2"}},
		},
		{
			name: "a tombstone does not replace a preceding real delete",
			ops: []op{
				add(newCM("a", "x", "1")),
				del(newCM("a", "x", "2")),
				del(DeletedFinalStateUnknown{Key: "a/x", Obj: newCM("a", "x", "1")}),
			},
			want: [][]string{{"Added:a/x@1", "Deleted:a/x@2"}},
		},
		{
			name: "deleting an unknown object is ignored",
			ops:  []op{del(newCM("a", "x", "2"))},
			want: nil,
		},
		{
			name:  "deleting an object known only to KnownObjects is queued",
			known: []*v1.ConfigMap{newCM("a", "x", "1")},
			ops:   []op{del(newCM("a", "x", "2"))},
			want:  [][]string{{"Deleted:a/x@2"}},
		},
		{
			name:  "Replace emits Replaced and tombstones for missing known objects",
			known: []*v1.ConfigMap{newCM("a", "kept", "1"), newCM("a", "gone", "2")},
			ops:   []op{replace(newCM("a", "kept", "3"), newCM("a", "new", "4"))},
			want:  [][]string{{"Replaced:a/kept@3"}, {"Replaced:a/new@4"}, {"Deleted:tomb(a/gone)@2"}},
		},
		{
			name: "Replace tombstones queued objects with their newest state",
			ops:  []op{add(newCM("a", "q", "1")), upd(newCM("a", "q", "2")), replace()},
			want: [][]string{{"Added:a/q@1", "Updated:a/q@2", "Deleted:tomb(a/q)@2"}},
		},
		{
			name:  "Resync queues Sync for known objects not already queued",
			known: []*v1.ConfigMap{newCM("a", "x", "1"), newCM("a", "y", "2")},
			ops:   []op{upd(newCM("a", "x", "5")), resync},
			want:  [][]string{{"Updated:a/x@5"}, {"Sync:a/y@2"}},
		},
		{
			name: "Resync without KnownObjects does nothing",
			ops:  []op{resync},
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := DeltaFIFOOptions{EmitDeltaTypeReplaced: true}
			if tt.known != nil {
				known := NewStore(MetaNamespaceKeyFunc)
				for _, cm := range tt.known {
					require.NoError(t, known.Add(cm))
				}
				opts.KnownObjects = known
			}
			f := NewDeltaFIFOWithOptions(opts)
			for _, o := range tt.ops {
				require.NoError(t, o(f))
			}
			var got [][]string
			for _, d := range popAll(t, f, len(tt.want)) {
				got = append(got, summary(d))
			}
			if len(tt.want) > 0 {
				// Tombstones of a Replace come after the listed objects but in
				// no particular order among themselves; this table has at
				// most one.
				assert.Equal(t, tt.want, got)
			}
			f.Close()
			_, err := f.Pop(func(interface{}, bool) error { return nil })
			assert.ErrorIs(t, err, ErrFIFOClosed, "nothing else may be queued")
		})
	}
}

func TestDeltaFIFOReplaceWithoutReplacedEmitsSync(t *testing.T) {
	f := NewDeltaFIFO(MetaNamespaceKeyFunc, nil)
	require.NoError(t, f.Replace([]interface{}{newCM("a", "x", "1")}, "1"))
	assert.Equal(t, [][]string{{"Sync:a/x@1"}}, [][]string{summary(popAll(t, f, 1)[0])})
}

func TestDeltaFIFOHasSynced(t *testing.T) {
	tests := []struct {
		name  string
		ops   func(f *DeltaFIFO)
		pops  int
		after []bool // HasSynced after 0..pops pops
	}{
		{"nothing happened", func(f *DeltaFIFO) {}, 0, []bool{false}},
		{"empty Replace", func(f *DeltaFIFO) { _ = f.Replace(nil, "1") }, 0, []bool{true}},
		{"Add first", func(f *DeltaFIFO) { _ = f.Add(newCM("a", "x", "1")) }, 0, []bool{true}},
		{"Replace then pops", func(f *DeltaFIFO) {
			_ = f.Replace([]interface{}{newCM("a", "x", "1"), newCM("a", "y", "2")}, "2")
			_ = f.Add(newCM("a", "z", "3"))
		}, 3, []bool{false, false, true, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := NewDeltaFIFOWithOptions(DeltaFIFOOptions{})
			tt.ops(f)
			assert.Equal(t, tt.after[0], f.HasSynced())
			for i := 1; i <= tt.pops; i++ {
				var initial bool
				_, err := f.Pop(func(_ interface{}, isInInitialList bool) error { initial = isInInitialList; return nil })
				require.NoError(t, err)
				assert.Equal(t, i <= 2, initial, "pop %d isInInitialList", i)
				assert.Equal(t, tt.after[i], f.HasSynced(), "after pop %d", i)
			}
			assert.Equal(t, tt.after[len(tt.after)-1], IsDone(f.HasSyncedChecker()))
		})
	}
}

func TestDeltaFIFOTransformerAndKeyOf(t *testing.T) {
	f := NewDeltaFIFOWithOptions(DeltaFIFOOptions{Transformer: func(obj interface{}) (interface{}, error) {
		cm := obj.(*v1.ConfigMap)
		if cm.Name == "bad" {
			return nil, errors.New("no")
		}
		cm.Annotations = map[string]string{"seen": "yes"}
		return cm, nil
	}})
	require.NotNil(t, f.Transformer())
	require.NoError(t, f.Add(newCM("a", "x", "1")))
	require.Error(t, f.Add(newCM("a", "bad", "1")))
	d := popAll(t, f, 1)[0]
	assert.Equal(t, "yes", d.Newest().Object.(*v1.ConfigMap).Annotations["seen"])
	k, err := f.KeyOf(d)
	require.NoError(t, err)
	assert.Equal(t, "a/x", k)
	_, err = f.KeyOf(Deltas{})
	assert.ErrorIs(t, err, ErrZeroLengthDeltasObject)
	assert.Equal(t, "DeltaFIFO", f.Name())
	assert.Same(t, d.Oldest(), d.Newest())
	assert.Nil(t, Deltas{}.Newest())
	assert.Nil(t, Deltas{}.Oldest())
}

func TestDeltaFIFOPopBlocksUntilAddOrClose(t *testing.T) {
	checkNoGoroutineLeak(t)
	f := NewDeltaFIFOWithOptions(DeltaFIFOOptions{})
	got := make(chan interface{})
	go func() {
		item, err := f.Pop(func(interface{}, bool) error { return nil })
		if err != nil {
			got <- err
			return
		}
		got <- item
	}()
	require.NoError(t, f.Add(newCM("a", "x", "1")))
	assert.Equal(t, []string{"Added:a/x@1"}, summary((<-got).(Deltas)))

	go func() {
		_, err := f.Pop(func(interface{}, bool) error { return nil })
		got <- err
	}()
	f.Close()
	assert.ErrorIs(t, (<-got).(error), ErrFIFOClosed)
	assert.True(t, f.IsClosed())
}

func TestFIFO(t *testing.T) {
	f := NewFIFO(MetaNamespaceKeyFunc)
	require.NoError(t, f.Add(newCM("a", "x", "1")))
	require.NoError(t, f.Add(newCM("a", "y", "2")))
	require.NoError(t, f.Update(newCM("a", "x", "3")))
	require.NoError(t, f.Add(newCM("a", "z", "4")))
	require.NoError(t, f.Delete(newCM("a", "z", "5")))
	require.NoError(t, f.Resync())
	var got []string
	for i := 0; i < 2; i++ {
		item, err := f.Pop(func(interface{}, bool) error { return nil })
		require.NoError(t, err)
		cm := item.(*v1.ConfigMap)
		got = append(got, cm.Name+"@"+cm.ResourceVersion)
	}
	assert.Equal(t, []string{"x@3", "y@2"}, got, "newest version, first-queued order, deleted dropped")
	assert.True(t, f.HasSynced())

	g := NewFIFO(nil)
	require.NoError(t, g.Replace([]interface{}{newCM("a", "x", "1"), newCM("a", "y", "1")}, "1"))
	assert.False(t, g.HasSynced())
	_, err := g.Pop(func(_ interface{}, initial bool) error { assert.True(t, initial); return nil })
	require.NoError(t, err)
	_, err = g.Pop(func(interface{}, bool) error { return nil })
	require.NoError(t, err)
	assert.True(t, g.HasSynced())
	assert.True(t, IsDone(g.HasSyncedChecker()))
	g.Close()
	assert.True(t, g.IsClosed())
	_, err = g.Pop(func(interface{}, bool) error { return nil })
	assert.ErrorIs(t, err, ErrFIFOClosed)
	assert.Equal(t, "FIFO", g.Name())
	select {
	case <-g.Done():
	case <-time.After(time.Second):
		t.Fatal("Done not closed")
	}
}
