package cache

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	v1 "k8s.io/api/core/v1"
)

func TestInitialEvents(t *testing.T) {
	type ev struct {
		op string
		cm *v1.ConfigMap
	}
	tests := []struct {
		name   string
		events []ev
		want   []string // name@rv in order
		keyed  bool
	}{
		{"adds stay a plain slice", []ev{{"add", newCM("a", "x", "1")}, {"add", newCM("a", "y", "2")}}, []string{"x@1", "y@2"}, false},
		{"an update replaces in place", []ev{{"add", newCM("a", "x", "1")}, {"add", newCM("a", "y", "2")}, {"update", newCM("a", "x", "3")}}, []string{"x@3", "y@2"}, true},
		{"a delete removes", []ev{{"add", newCM("a", "x", "1")}, {"add", newCM("a", "y", "2")}, {"delete", newCM("a", "x", "3")}, {"add", newCM("a", "z", "4")}}, []string{"y@2", "z@4"}, true},
		{"deleting the unknown is harmless", []ev{{"add", newCM("a", "x", "1")}, {"delete", newCM("a", "q", "3")}}, []string{"x@1"}, true},
		{"an update of the unknown adds", []ev{{"update", newCM("a", "x", "1")}}, []string{"x@1"}, true},
		{"a duplicate add before indexing keeps the last", []ev{{"add", newCM("a", "x", "1")}, {"add", newCM("a", "x", "2")}, {"update", newCM("a", "y", "3")}}, []string{"x@2", "y@3"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &initialEvents{transform: func(obj interface{}) (interface{}, error) {
				cm := obj.(*v1.ConfigMap)
				cm.Annotations = map[string]string{"t": "1"}
				return cm, nil
			}}
			for _, e := range tt.events {
				var err error
				switch e.op {
				case "add":
					err = s.Add(e.cm)
				case "update":
					err = s.Update(e.cm)
				case "delete":
					err = s.Delete(e.cm)
				}
				require.NoError(t, err)
			}
			assert.Equal(t, tt.keyed, s.index != nil)
			var got []string
			for _, obj := range s.list() {
				cm := obj.(*v1.ConfigMap)
				got = append(got, cm.Name+"@"+cm.ResourceVersion)
				assert.Equal(t, "1", cm.Annotations["t"], "transformed")
			}
			assert.Equal(t, tt.want, got)
		})
	}
	s := &initialEvents{}
	require.NoError(t, s.Add(42), "unkeyable objects are only rejected once keys are needed")
	require.Error(t, s.Update(newCM("a", "x", "1")))
	require.NoError(t, s.Replace(nil, ""))
	require.NoError(t, s.Resync())
}

func TestReplaceAllWithDuplicateKeys(t *testing.T) {
	c := NewIndexer(DeletionHandlingMetaNamespaceKeyFunc, Indexers{}).(*cache)
	require.NoError(t, c.Add(newCM("a", "gone", "1")))
	h := &eventLog{}
	sink := handlerSink{handler: h, store: c}
	err := c.replaceAll(sink, ReplacedAllInfo{ResourceVersion: "9", Objects: []interface{}{newCM("a", "x", "2"), newCM("a", "x", "3")}}, false)
	require.NoError(t, err)
	assert.Equal(t, []string{"delete:tomb:a/gone", "add:x"}, h.get())
	obj, _, _ := c.GetByKey("a/x")
	assert.Equal(t, "3", obj.(*v1.ConfigMap).ResourceVersion)
	assert.Equal(t, "9", c.LastStoreSyncResourceVersion())
}
