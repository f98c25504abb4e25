package fakeresource

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	kt "github.com/kclient/kclient/testing"
)

var pods = schema.GroupVersionResource{Version: "v1", Resource: "pods"}

func TestScopeActions(t *testing.T) {
	obj := &metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{Name: "web"}}
	for _, tt := range []struct {
		namespace, verb, sub string
		subs                 []string
		action               func(s Scope, subs []string) kt.Action
	}{
		{verb: "create", action: func(s Scope, subs []string) kt.Action { return s.Create("web", obj, metav1.CreateOptions{}, subs) }},
		{verb: "update", action: func(s Scope, subs []string) kt.Action { return s.Update(obj, metav1.UpdateOptions{}, subs) }},
		{verb: "delete", action: func(s Scope, subs []string) kt.Action { return s.Delete("web", metav1.DeleteOptions{}, subs) }},
		{verb: "get", action: func(s Scope, subs []string) kt.Action { return s.Get("web", metav1.GetOptions{}, subs) }},
		{verb: "patch", action: func(s Scope, subs []string) kt.Action {
			return s.Patch("web", types.MergePatchType, []byte("{}"), metav1.PatchOptions{}, subs)
		}},
	} {
		for _, ns := range []string{"", "team"} {
			for _, subs := range [][]string{nil, {"status"}} {
				a := tt.action(Scope{Resource: pods, Namespace: ns}, subs)
				assert.Equal(t, tt.verb, a.GetVerb())
				assert.Equal(t, pods, a.GetResource())
				assert.Equal(t, ns, a.GetNamespace(), tt.verb)
				want := ""
				if len(subs) > 0 {
					want = subs[0]
				}
				assert.Equal(t, want, a.GetSubresource(), "%s %q", tt.verb, ns)
			}
		}
	}
	for _, ns := range []string{"", "team"} {
		s := Scope{Resource: pods, Namespace: ns}
		for verb, a := range map[string]kt.Action{
			"list":              s.List(pods.GroupVersion().WithKind("Pod"), metav1.ListOptions{}),
			"watch":             s.Watch(metav1.ListOptions{}),
			"delete-collection": s.DeleteCollection(metav1.DeleteOptions{}, metav1.ListOptions{}),
		} {
			assert.Equal(t, verb, a.GetVerb())
			assert.Equal(t, ns, a.GetNamespace(), verb)
		}
	}
}

func TestNewTrackerAnswersTheFake(t *testing.T) {
	scheme := runtime.NewScheme()
	gvk := schema.GroupVersionKind{Version: "v1", Kind: "Pod"}
	scheme.AddKnownTypeWithName(gvk, &metav1.PartialObjectMetadata{})
	obj := &metav1.PartialObjectMetadata{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"}, ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "team"}}
	var f kt.Fake
	tracker := NewTracker(&f, scheme, obj)
	s := Scope{Resource: pods, Namespace: "team"}

	got, err := f.Invokes(s.Get("web", metav1.GetOptions{}, nil), nil)
	require.NoError(t, err)
	assert.Equal(t, "web", got.(*metav1.PartialObjectMetadata).Name)

	w, err := f.InvokesWatch(s.Watch(metav1.ListOptions{}))
	require.NoError(t, err)
	defer w.Stop()
	require.NoError(t, tracker.Delete(pods, "team", "web"))
	for ev := range w.ResultChan() {
		if ev.Type == watch.Deleted {
			break
		}
	}
	assert.Len(t, f.Actions(), 2)
}

func TestSelector(t *testing.T) {
	assert.True(t, Selector(metav1.ListOptions{}).Empty())
	sel := Selector(metav1.ListOptions{LabelSelector: "app=web"})
	assert.Equal(t, "app=web", sel.String())
}
