package cache

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
)

func TestMetaNamespaceKeyFunc(t *testing.T) {
	var nilPod *v1.Pod
	tests := []struct {
		name    string
		obj     interface{}
		want    string
		wantErr bool
	}{
		{"namespaced", newPod("ns", "a", nil), "ns/a", false},
		{"cluster scoped", &v1.Node{}, "", false},
		{"explicit key", ExplicitKey("x/y"), "x/y", false},
		{"no metadata", 42, "", true},
		{"nil", nil, "", true},
		{"typed nil pointer", nilPod, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MetaNamespaceKeyFunc(tt.obj)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSplitMetaNamespaceKey(t *testing.T) {
	tests := []struct {
		key      string
		ns, name string
		wantErr  bool
	}{
		{"a", "", "a", false},
		{"ns/a", "ns", "a", false},
		{"/a", "", "a", false},
		{"ns/", "", "", true},
		{"a/b/c", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			ns, name, err := SplitMetaNamespaceKey(tt.key)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, []string{tt.ns, tt.name}, []string{ns, name})
		})
	}
}

func TestObjectName(t *testing.T) {
	n := NewObjectName("ns", "a")
	assert.Equal(t, "ns/a", n.String())
	assert.Equal(t, "a", NewObjectName("", "a").String())
	assert.Equal(t, types.NamespacedName{Namespace: "ns", Name: "a"}, n.AsNamespacedName())
	assert.Equal(t, n, NamespacedNameAsObjectName(n.AsNamespacedName()))
	parsed, err := ParseObjectName("ns/a")
	require.NoError(t, err)
	assert.Equal(t, n, parsed)
	_, err = ParseObjectName("a/b/c")
	require.Error(t, err)
	got, err := DeletionHandlingObjectToName(DeletedFinalStateUnknown{Key: "ns/a"})
	require.NoError(t, err)
	assert.Equal(t, n, got)
	got, err = ObjectToName(newPod("ns", "a", nil))
	require.NoError(t, err)
	assert.Equal(t, n, got)
	ns, name := n.Parts()
	assert.Equal(t, []string{"ns", "a"}, []string{ns, name})
}

func TestDeletionHandlingMetaNamespaceKeyFunc(t *testing.T) {
	k, err := DeletionHandlingMetaNamespaceKeyFunc(DeletedFinalStateUnknown{Key: "ns/gone"})
	require.NoError(t, err)
	assert.Equal(t, "ns/gone", k)
	_, _, err = NewStore(MetaNamespaceKeyFunc).Get(42)
	var ke KeyError
	require.ErrorAs(t, err, &ke)
	assert.Equal(t, 42, ke.Obj)
}

func labelIndex(obj interface{}) ([]string, error) {
	p, ok := obj.(*v1.Pod)
	if !ok {
		return nil, errors.New("not a pod")
	}
	var out []string
	for k, v := range p.Labels {
		out = append(out, k+"="+v)
	}
	return out, nil
}

func TestIndexer(t *testing.T) {
	type step func(t *testing.T, idx Indexer)
	add := func(p *v1.Pod) step {
		return func(t *testing.T, idx Indexer) { require.NoError(t, idx.Add(p)) }
	}
	update := func(p *v1.Pod) step {
		return func(t *testing.T, idx Indexer) { require.NoError(t, idx.Update(p)) }
	}
	del := func(p *v1.Pod) step {
		return func(t *testing.T, idx Indexer) { require.NoError(t, idx.Delete(p)) }
	}
	tests := []struct {
		name       string
		steps      []step
		byLabel    map[string][]string // indexed value -> keys
		byNS       map[string][]string
		labelVals  []string
		storedKeys []string
	}{
		{
			name:       "add indexes every value",
			steps:      []step{add(newPod("a", "p1", map[string]string{"app": "x", "tier": "fe"})), add(newPod("b", "p2", map[string]string{"app": "x"}))},
			byLabel:    map[string][]string{"app=x": {"a/p1", "b/p2"}, "tier=fe": {"a/p1"}, "app=y": nil},
			byNS:       map[string][]string{"a": {"a/p1"}, "b": {"b/p2"}},
			labelVals:  []string{"app=x", "tier=fe"},
			storedKeys: []string{"a/p1", "b/p2"},
		},
		{
			name: "update moves the object between values",
			steps: []step{
				add(newPod("a", "p1", map[string]string{"app": "x"})),
				update(newPod("a", "p1", map[string]string{"app": "y"})),
			},
			byLabel:    map[string][]string{"app=x": nil, "app=y": {"a/p1"}},
			labelVals:  []string{"app=y"},
			storedKeys: []string{"a/p1"},
		},
		{
			name: "delete removes from every index and drops empty values",
			steps: []step{
				add(newPod("a", "p1", map[string]string{"app": "x"})),
				add(newPod("a", "p2", map[string]string{"app": "z"})),
				del(newPod("a", "p1", nil)),
			},
			byLabel:    map[string][]string{"app=x": nil, "app=z": {"a/p2"}},
			byNS:       map[string][]string{"a": {"a/p2"}},
			labelVals:  []string{"app=z"},
			storedKeys: []string{"a/p2"},
		},
		{
			name:       "deleting an unknown object is not an error",
			steps:      []step{del(newPod("a", "nope", nil))},
			labelVals:  []string{},
			storedKeys: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idx := NewIndexer(MetaNamespaceKeyFunc, Indexers{"label": labelIndex, NamespaceIndex: MetaNamespaceIndexFunc})
			for _, s := range tt.steps {
				s(t, idx)
			}
			for v, want := range tt.byLabel {
				keys, err := idx.IndexKeys("label", v)
				require.NoError(t, err)
				assert.ElementsMatch(t, want, keys, "IndexKeys(label, %s)", v)
				objs, err := idx.ByIndex("label", v)
				require.NoError(t, err)
				assert.ElementsMatch(t, want, sortedKeys(objs), "ByIndex(label, %s)", v)
			}
			for v, want := range tt.byNS {
				objs, err := idx.ByIndex(NamespaceIndex, v)
				require.NoError(t, err)
				assert.ElementsMatch(t, want, sortedKeys(objs))
			}
			assert.ElementsMatch(t, tt.labelVals, idx.ListIndexFuncValues("label"))
			assert.ElementsMatch(t, tt.storedKeys, idx.ListKeys())
			assert.ElementsMatch(t, tt.storedKeys, sortedKeys(idx.List()))
		})
	}
}

func TestIndexerQueries(t *testing.T) {
	idx := NewIndexer(MetaNamespaceKeyFunc, Indexers{"label": labelIndex})
	require.NoError(t, idx.Add(newPod("a", "p1", map[string]string{"app": "x"})))
	require.NoError(t, idx.Add(newPod("a", "p2", map[string]string{"app": "y"})))
	require.NoError(t, idx.Add(newPod("a", "p3", map[string]string{"app": "z"})))

	objs, err := idx.Index("label", newPod("", "", map[string]string{"app": "x", "other": "y"}))
	require.NoError(t, err)
	assert.Equal(t, []string{"a/p1"}, sortedKeys(objs))
	objs, err = idx.Index("label", newPod("", "", map[string]string{"app": "y"}))
	require.NoError(t, err)
	assert.Equal(t, []string{"a/p2"}, sortedKeys(objs))

	_, err = idx.ByIndex("missing", "x")
	require.Error(t, err)
	_, err = idx.IndexKeys("missing", "x")
	require.Error(t, err)
	_, err = idx.Index("missing", newPod("", "", nil))
	require.Error(t, err)

	item, exists, err := idx.GetByKey("a/p2")
	require.NoError(t, err)
	require.True(t, exists)
	assert.Equal(t, "p2", item.(*v1.Pod).Name)
	_, exists, err = idx.Get(newPod("a", "zz", nil))
	require.NoError(t, err)
	assert.False(t, exists)
}

func TestIndexerAddIndexersAfterItems(t *testing.T) {
	idx := NewIndexer(MetaNamespaceKeyFunc, Indexers{})
	require.NoError(t, idx.Add(newPod("a", "p1", map[string]string{"app": "x"})))
	require.NoError(t, idx.AddIndexers(Indexers{"label": labelIndex}))
	keys, err := idx.IndexKeys("label", "app=x")
	require.NoError(t, err)
	assert.Equal(t, []string{"a/p1"}, keys)
	assert.Contains(t, idx.GetIndexers(), "label")

	err = idx.AddIndexers(Indexers{"label": labelIndex})
	require.Error(t, err, "reusing an index name must fail")
	require.NoError(t, idx.Add(newPod("a", "p2", map[string]string{"app": "x"})))
	keys, err = idx.IndexKeys("label", "app=x")
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"a/p1", "a/p2"}, keys)
}

func TestIndexerBrokenIndexFuncDoesNotPanic(t *testing.T) {
	idx := NewIndexer(MetaNamespaceKeyFunc, Indexers{"label": labelIndex})
	require.NoError(t, idx.Add(newCM("a", "cm", "1"))) // labelIndex fails on ConfigMaps
	require.NoError(t, idx.Delete(newCM("a", "cm", "2")))
	assert.Empty(t, idx.ListIndexFuncValues("label"))
	assert.Equal(t, "2", idx.LastStoreSyncResourceVersion())
}

func TestStoreReplaceAndResourceVersion(t *testing.T) {
	idx := NewIndexer(MetaNamespaceKeyFunc, Indexers{NamespaceIndex: MetaNamespaceIndexFunc})
	require.NoError(t, idx.Add(newCM("a", "old", "5")))
	assert.Equal(t, "5", idx.LastStoreSyncResourceVersion())
	require.NoError(t, idx.Replace([]interface{}{newCM("b", "x", "7"), newCM("b", "y", "8")}, "10"))
	assert.Equal(t, []string{"b/x", "b/y"}, sortedKeys(idx.List()))
	assert.Equal(t, "10", idx.LastStoreSyncResourceVersion())
	objs, err := idx.ByIndex(NamespaceIndex, "a")
	require.NoError(t, err)
	assert.Empty(t, objs, "Replace must rebuild the indices")
	idx.Bookmark("12")
	assert.Equal(t, "12", idx.LastStoreSyncResourceVersion())
	require.Error(t, idx.Replace([]interface{}{42}, "13"), "unkeyable objects fail Replace")
	assert.Equal(t, []string{"b/x", "b/y"}, sortedKeys(idx.List()), "failed Replace leaves the store alone")
	require.NoError(t, idx.Resync())
}

func TestStoreWithTransformer(t *testing.T) {
	s := NewStore(MetaNamespaceKeyFunc, WithTransformer(func(obj interface{}) (interface{}, error) {
		cm := obj.(*v1.ConfigMap)
		if cm.Name == "bad" {
			return nil, errors.New("refused")
		}
		cm.Data = nil
		return cm, nil
	}))
	cm := newCM("a", "x", "1")
	cm.Data = map[string]string{"big": "value"}
	require.NoError(t, s.Add(cm))
	got, _, _ := s.GetByKey("a/x")
	assert.Nil(t, got.(*v1.ConfigMap).Data)
	require.Error(t, s.Add(newCM("a", "bad", "2")))
}

func TestStoreTransaction(t *testing.T) {
	s := NewStore(MetaNamespaceKeyFunc).(TransactionStore)
	require.Nil(t, s.Transaction(
		Transaction{Type: TransactionTypeAdd, Object: newCM("a", "x", "1")},
		Transaction{Type: TransactionTypeAdd, Object: newCM("a", "y", "2")},
		Transaction{Type: TransactionTypeDelete, Object: newCM("a", "x", "3")},
	))
	assert.Equal(t, []string{"a/y"}, s.(Store).ListKeys())
	err := s.Transaction(
		Transaction{Type: TransactionTypeUpdate, Object: newCM("a", "z", "4")},
		Transaction{Type: TransactionTypeAdd, Object: 42},
	)
	require.NotNil(t, err)
	assert.Equal(t, []int{0}, err.SuccessfulIndices)
	assert.Equal(t, 2, err.TotalTransactions)
	assert.Len(t, err.Errors, 1)
	assert.Contains(t, err.Error(), "1 of 2")
}

func TestThreadSafeStoreTransaction(t *testing.T) {
	s := NewThreadSafeStore(Indexers{NamespaceIndex: MetaNamespaceIndexFunc}, Indices{}).(ThreadSafeStoreWithTransaction)
	s.Transaction(
		ThreadSafeStoreTransaction{Key: "a/x", Transaction: Transaction{Type: TransactionTypeAdd, Object: newCM("a", "x", "1")}},
		ThreadSafeStoreTransaction{Key: "b/y", Transaction: Transaction{Type: TransactionTypeUpdate, Object: newCM("b", "y", "2")}},
	)
	keys, err := s.IndexKeys(NamespaceIndex, "b")
	require.NoError(t, err)
	assert.Equal(t, []string{"b/y"}, keys)
	s.Delete("b/y")
	_, ok := s.Get("b/y")
	assert.False(t, ok)
	assert.Equal(t, []string{"a/x"}, s.ListKeys())
}

func TestListAllAndGenericLister(t *testing.T) {
	idx := NewIndexer(MetaNamespaceKeyFunc, Indexers{NamespaceIndex: MetaNamespaceIndexFunc})
	for _, p := range []*v1.Pod{
		newPod("a", "p1", map[string]string{"app": "x"}),
		newPod("a", "p2", map[string]string{"app": "y"}),
		newPod("b", "p3", map[string]string{"app": "x"}),
	} {
		require.NoError(t, idx.Add(p))
	}
	noIndex := NewIndexer(MetaNamespaceKeyFunc, Indexers{})
	for _, o := range idx.List() {
		require.NoError(t, noIndex.Add(o))
	}
	sel := labels.SelectorFromSet(labels.Set{"app": "x"})
	tests := []struct {
		name     string
		indexer  Indexer
		ns       string
		selector labels.Selector
		want     []string
	}{
		{"all, everything", idx, "", labels.Everything(), []string{"a/p1", "a/p2", "b/p3"}},
		{"all, selector", idx, "", sel, []string{"a/p1", "b/p3"}},
		{"namespace, everything", idx, "a", labels.Everything(), []string{"a/p1", "a/p2"}},
		{"namespace, selector", idx, "a", sel, []string{"a/p1"}},
		{"namespace without index", noIndex, "a", sel, []string{"a/p1"}},
		{"nil selector", idx, "b", nil, []string{"b/p3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []interface{}
			require.NoError(t, ListAllByNamespace(tt.indexer, tt.ns, tt.selector, func(o interface{}) { got = append(got, o) }))
			assert.Equal(t, tt.want, sortedKeys(got))
		})
	}

	lister := NewGenericLister(idx, gr)
	objs, err := lister.List(sel)
	require.NoError(t, err)
	assert.Len(t, objs, 2)
	nsObjs, err := lister.ByNamespace("a").List(labels.Everything())
	require.NoError(t, err)
	assert.Len(t, nsObjs, 2)
	got, err := lister.ByNamespace("b").Get("p3")
	require.NoError(t, err)
	assert.Equal(t, "p3", got.(*v1.Pod).Name)
	got, err = lister.Get("a/p1")
	require.NoError(t, err)
	assert.Equal(t, "p1", got.(*v1.Pod).Name)
	_, err = lister.ByNamespace("b").Get("p1")
	assert.True(t, apierrors.IsNotFound(err), "want NotFound, got %v", err)
}

func TestIndexFuncToKeyFuncAdapter(t *testing.T) {
	kf := IndexFuncToKeyFuncAdapter(labelIndex)
	k, err := kf(newPod("a", "p", map[string]string{"app": "x"}))
	require.NoError(t, err)
	assert.Equal(t, "app=x", k)
	_, err = kf(newPod("a", "p", nil))
	require.Error(t, err)
	_, err = kf(newPod("a", "p", map[string]string{"a": "1", "b": "2"}))
	require.Error(t, err)
	_, err = kf(newCM("a", "c", ""))
	require.Error(t, err)
}

func TestTypedIndexers(t *testing.T) {
	idx := NewIndexer(MetaNamespaceKeyFunc, TypedIndexersToIndexers(TypedIndexers[*v1.Pod]{
		"name": func(p *v1.Pod) ([]string, error) { return []string{p.Name}, nil },
	}))
	require.NoError(t, idx.Add(newPod("a", "p1", nil)))
	typed := typedIndexer[*v1.Pod]{Indexer: idx}
	pods, err := typed.ByTypedIndex("name", "p1")
	require.NoError(t, err)
	require.Len(t, pods, 1)
	assert.Equal(t, "p1", pods[0].Name)
	pods, err = typed.TypedIndex("name", newPod("", "p1", nil))
	require.NoError(t, err)
	assert.Len(t, pods, 1)
	require.NoError(t, typed.AddTypedIndexers(TypedIndexers[*v1.Pod]{"ns": func(p *v1.Pod) ([]string, error) { return []string{p.Namespace}, nil }}))
	_, err = TypedIndexerFuncToIndexerFunc(TypedIndexFunc[*v1.Pod](func(p *v1.Pod) ([]string, error) { return nil, nil }))(newCM("a", "b", ""))
	require.Error(t, err, "a wrong type is an error, not a panic")
}
