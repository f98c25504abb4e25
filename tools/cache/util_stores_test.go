package cache

import (
	"errors"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/klog/v2"
	testingclock "k8s.io/utils/clock/testing"
)

func TestTTLExpirationCache(t *testing.T) {
	now := time.Unix(1000, 0)
	c := testingclock.NewFakeClock(now)
	deleted := make(chan string, 10)
	s := NewFakeExpirationStore(MetaNamespaceKeyFunc, deleted, &TTLPolicy{TTL: time.Minute, Clock: c}, c)
	require.NoError(t, s.Add(newCM("a", "old", "1")))
	c.SetTime(now.Add(45 * time.Second))
	require.NoError(t, s.Add(newCM("a", "new", "2")))
	c.SetTime(now.Add(90 * time.Second)) // "old" is 90s old, "new" 45s

	assert.ElementsMatch(t, []string{"a/new", "a/old"}, s.ListKeys(), "ListKeys does not expire")
	_, exists, err := s.GetByKey("a/old")
	require.NoError(t, err)
	assert.False(t, exists, "expired entries are never returned")
	assert.Equal(t, "a/old", <-deleted)
	got, exists, err := s.Get(newCM("a", "new", ""))
	require.NoError(t, err)
	require.True(t, exists)
	assert.Equal(t, "2", got.(*v1.ConfigMap).ResourceVersion, "entries come back unwrapped")

	require.NoError(t, s.Update(newCM("a", "new", "3"))) // refreshes the timestamp
	c.SetTime(now.Add(140 * time.Second))
	assert.Len(t, s.List(), 1)
	require.NoError(t, s.Replace([]interface{}{newCM("a", "x", "4")}, "4"))
	assert.Equal(t, "4", s.LastStoreSyncResourceVersion())
	s.Bookmark("5")
	assert.Equal(t, "5", s.LastStoreSyncResourceVersion())
	require.NoError(t, s.Delete(newCM("a", "x", "")))
	assert.Equal(t, "a/x", <-deleted)
	assert.Empty(t, s.List())
	require.NoError(t, s.Resync())
	require.Error(t, s.Add(42))

	never := NewTTLStore(MetaNamespaceKeyFunc, 0)
	require.NoError(t, never.Add(newCM("a", "x", "1")))
	assert.Len(t, never.List(), 1, "ttl <= 0 never expires")
}

func TestFakeExpirationPolicy(t *testing.T) {
	p := &FakeExpirationPolicy{
		NeverExpire: sets.New("a/keep"),
		RetrieveKeyFunc: func(obj interface{}) (string, error) {
			return MetaNamespaceKeyFunc(obj.(*TimestampedEntry).Obj)
		},
	}
	s := NewExpirationStore(MetaNamespaceKeyFunc, p)
	require.NoError(t, s.Add(newCM("a", "keep", "1")))
	require.NoError(t, s.Add(newCM("a", "drop", "1")))
	assert.Equal(t, []string{"a/keep"}, sortedKeys(s.List()))
}

func TestHeap(t *testing.T) {
	checkNoGoroutineLeak(t)
	byName := func(a, b interface{}) bool { return a.(*v1.ConfigMap).Name < b.(*v1.ConfigMap).Name }
	h := NewHeap(MetaNamespaceKeyFunc, byName)
	require.NoError(t, h.BulkAdd([]interface{}{newCM("a", "d", "1"), newCM("a", "b", "1")}))
	require.NoError(t, h.Add(newCM("a", "c", "1")))
	require.NoError(t, h.AddIfNotPresent(newCM("a", "c", "2")))
	require.NoError(t, h.Update(newCM("a", "a", "1")))
	require.NoError(t, h.Delete(newCM("a", "d", "")))
	require.Error(t, h.Delete(newCM("a", "zz", "")))
	got, exists, err := h.Get(newCM("a", "c", ""))
	require.NoError(t, err)
	require.True(t, exists)
	assert.Equal(t, "1", got.(*v1.ConfigMap).ResourceVersion, "AddIfNotPresent keeps the present object")
	keys := h.ListKeys()
	sort.Strings(keys)
	assert.Equal(t, []string{"a/a", "a/b", "a/c"}, keys)
	assert.Len(t, h.List(), 3)
	var order []string
	for i := 0; i < 3; i++ {
		obj, err := h.Pop()
		require.NoError(t, err)
		order = append(order, obj.(*v1.ConfigMap).Name)
	}
	assert.Equal(t, []string{"a", "b", "c"}, order)

	var wg sync.WaitGroup
	wg.Add(1)
	var popErr error
	go func() {
		defer wg.Done()
		_, popErr = h.Pop()
	}()
	h.Close()
	wg.Wait()
	require.Error(t, popErr, "a blocked Pop fails when the heap closes")
	assert.True(t, h.IsClosed())
	require.Error(t, h.Add(newCM("a", "x", "1")))
	_, exists, err = h.GetByKey("a/x")
	require.NoError(t, err)
	assert.False(t, exists)
}

func TestUndeltaStore(t *testing.T) {
	var pushes [][]string
	u := NewUndeltaStore(func(objs []interface{}) { pushes = append(pushes, sortedKeys(objs)) }, MetaNamespaceKeyFunc)
	require.NoError(t, u.Add(newCM("a", "x", "1")))
	require.NoError(t, u.Update(newCM("a", "x", "2")))
	require.NoError(t, u.Add(newCM("a", "y", "3")))
	require.NoError(t, u.Delete(newCM("a", "x", "")))
	require.NoError(t, u.Replace([]interface{}{newCM("a", "z", "5")}, "5"))
	require.Error(t, u.Add(42))
	assert.Equal(t, [][]string{{"a/x"}, {"a/x"}, {"a/x", "a/y"}, {"a/y"}, {"a/z"}}, pushes)
}

func TestFakeCustomStore(t *testing.T) {
	var calls []string
	rec := func(s string) { calls = append(calls, s) }
	f := &FakeCustomStore{
		AddFunc:                          func(interface{}) error { rec("add"); return nil },
		UpdateFunc:                       func(interface{}) error { rec("update"); return nil },
		DeleteFunc:                       func(interface{}) error { rec("delete"); return errors.New("x") },
		ListFunc:                         func() []interface{} { rec("list"); return nil },
		ListKeysFunc:                     func() []string { rec("listkeys"); return nil },
		GetFunc:                          func(interface{}) (interface{}, bool, error) { rec("get"); return nil, true, nil },
		GetByKeyFunc:                     func(string) (interface{}, bool, error) { rec("getbykey"); return nil, false, nil },
		ReplaceFunc:                      func([]interface{}, string) error { rec("replace"); return nil },
		ResyncFunc:                       func() error { rec("resync"); return nil },
		BookmarkFunc:                     func(string) { rec("bookmark") },
		LastStoreSyncResourceVersionFunc: func() string { rec("rv"); return "7" },
	}
	_ = f.Add(nil)
	_ = f.Update(nil)
	require.Error(t, f.Delete(nil))
	f.List()
	f.ListKeys()
	_, exists, _ := f.Get(nil)
	assert.True(t, exists)
	_, _, _ = f.GetByKey("")
	_ = f.Replace(nil, "")
	_ = f.Resync()
	f.Bookmark("")
	assert.Equal(t, "7", f.LastStoreSyncResourceVersion())
	assert.Equal(t, []string{"add", "update", "delete", "list", "listkeys", "get", "getbykey", "replace", "resync", "bookmark", "rv"}, calls)

	empty := &FakeCustomStore{}
	require.NoError(t, empty.Add(nil))
	assert.Nil(t, empty.List())
	assert.Equal(t, "", empty.LastStoreSyncResourceVersion())
}

func TestMutationCache(t *testing.T) {
	idx := NewIndexer(MetaNamespaceKeyFunc, Indexers{NamespaceIndex: MetaNamespaceIndexFunc})
	require.NoError(t, idx.Add(newCM("a", "x", "5")))
	tests := []struct {
		name        string
		includeAdds bool
		mutations   []*v1.ConfigMap
		key         string
		wantRV      string // "" means not found
		byIndexRVs  []string
	}{
		{"no mutation: the store's object", false, nil, "a/x", "5", []string{"5"}},
		{"newer mutation wins", false, []*v1.ConfigMap{newCM("a", "x", "7")}, "a/x", "7", []string{"7"}},
		{"older mutation loses", false, []*v1.ConfigMap{newCM("a", "x", "3")}, "a/x", "5", []string{"5"}},
		{"adds hidden without includeAdds", false, []*v1.ConfigMap{newCM("a", "y", "9")}, "a/y", "", []string{"5"}},
		{"adds visible with includeAdds", true, []*v1.ConfigMap{newCM("a", "y", "9")}, "a/y", "9", []string{"5", "9"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mc := NewIntegerResourceVersionMutationCache(klog.Background(), idx, idx, time.Minute, tt.includeAdds)
			for _, m := range tt.mutations {
				mc.Mutation(m)
			}
			obj, exists, err := mc.GetByKey(tt.key)
			require.NoError(t, err)
			if tt.wantRV == "" {
				assert.False(t, exists)
			} else {
				require.True(t, exists)
				assert.Equal(t, tt.wantRV, obj.(*v1.ConfigMap).ResourceVersion)
			}
			objs, err := mc.ByIndex(NamespaceIndex, "a")
			require.NoError(t, err)
			var rvs []string
			for _, o := range objs {
				rvs = append(rvs, o.(*v1.ConfigMap).ResourceVersion)
			}
			assert.ElementsMatch(t, tt.byIndexRVs, rvs)
		})
	}

	mc := NewIntegerResourceVersionMutationCacheWithOptions(klog.Background(), idx, MutationCacheOptions{IncludeAdds: true, MaxCacheSize: 1})
	mc.Mutation(newCM("a", "p", "1"))
	mc.Mutation(newCM("a", "q", "1")) // evicts p
	_, exists, _ := mc.GetByKey("a/p")
	assert.False(t, exists, "least recently used entries are evicted")
	mc.OnDelete(newCM("a", "q", "2"))
	_, exists, _ = mc.GetByKey("a/q")
	assert.False(t, exists)
	mc.Mutation(newCM("a", "x", "8"))
	mc.OnAddOrUpdate(newCM("a", "x", "8")) // the store caught up
	obj, _, _ := mc.GetByKey("a/x")
	assert.Equal(t, "5", obj.(*v1.ConfigMap).ResourceVersion, "overlay dropped once the store has that version")
	mc.Mutation("not an object")
	_, err := NewIntegerResourceVersionMutationCacheWithOptions(klog.Background(), idx, MutationCacheOptions{}).ByIndex(NamespaceIndex, "a")
	require.Error(t, err, "ByIndex needs an indexer")
}

func TestMutationDetector(t *testing.T) {
	d := &mutationDetector{name: "test", period: time.Hour, retain: time.Minute}
	var found []string
	d.onMutation = func(msg string) { found = append(found, msg) }
	cm := newCM("a", "x", "1")
	d.AddObject(cm)
	d.AddObject(DeletedFinalStateUnknown{Key: "a/y"})
	d.check(time.Now())
	assert.Empty(t, found)
	cm.Labels = map[string]string{"mutated": "yes"}
	d.check(time.Now())
	d.check(time.Now())
	require.Len(t, found, 1, "each mutation is reported once")
	assert.Contains(t, found[0], "mutated")
	d.check(time.Now().Add(2 * time.Minute))
	assert.Empty(t, d.objects, "objects are forgotten after the retention period")

	t.Setenv("KUBE_CACHE_MUTATION_DETECTOR", "false")
	noop := NewCacheMutationDetector("x")
	noop.AddObject(cm)
	stop := make(chan struct{})
	close(stop)
	noop.Run(stop)
	t.Setenv("KUBE_CACHE_MUTATION_DETECTOR", "true")
	real := NewCacheMutationDetector("x")
	real.Run(stop)
	_, ok := real.(*mutationDetector)
	assert.True(t, ok)
}
