package testing

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
)

var (
	podsGVR        = schema.GroupVersionResource{Version: "v1", Resource: "pods"}
	configMapsGVR  = schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}
	namespacesGVR  = schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}
	deploymentsGVR = schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "deployments"}
	podGVK         = schema.GroupVersionKind{Version: "v1", Kind: "Pod"}
)

func TestActionConstructors(t *testing.T) {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p"}}
	patch := []byte(`{}`)
	tests := []struct {
		name   string
		action Action
		verb   string
		ns     string
		sub    string
	}{
		{"get", NewGetAction(podsGVR, "ns", "p"), "get", "ns", ""},
		{"root get", NewRootGetAction(namespacesGVR, "n"), "get", "", ""},
		{"get subresource", NewGetSubresourceAction(podsGVR, "ns", "status", "p"), "get", "ns", "status"},
		{"root get subresource", NewRootGetSubresourceAction(namespacesGVR, "status", "n"), "get", "", "status"},
		{"list", NewListAction(podsGVR, podGVK, "ns", metav1.ListOptions{}), "list", "ns", ""},
		{"root list", NewRootListAction(namespacesGVR, podGVK, metav1.ListOptions{}), "list", "", ""},
		{"create", NewCreateAction(podsGVR, "ns", pod), "create", "ns", ""},
		{"root create", NewRootCreateAction(namespacesGVR, pod), "create", "", ""},
		{"create subresource", NewCreateSubresourceAction(podsGVR, "p", "eviction", "ns", pod), "create", "ns", "eviction"},
		{"root create subresource", NewRootCreateSubresourceAction(namespacesGVR, "n", "x", pod), "create", "", "x"},
		{"update", NewUpdateAction(podsGVR, "ns", pod), "update", "ns", ""},
		{"root update", NewRootUpdateAction(namespacesGVR, pod), "update", "", ""},
		{"update subresource", NewUpdateSubresourceAction(podsGVR, "status", "ns", pod), "update", "ns", "status"},
		{"root update subresource", NewRootUpdateSubresourceAction(namespacesGVR, "status", pod), "update", "", "status"},
		{"patch", NewPatchAction(podsGVR, "ns", "p", types.MergePatchType, patch), "patch", "ns", ""},
		{"root patch", NewRootPatchAction(namespacesGVR, "n", types.MergePatchType, patch), "patch", "", ""},
		{"patch nested subresource", NewPatchSubresourceAction(podsGVR, "ns", "p", types.MergePatchType, patch, "a", "b"), "patch", "ns", "a/b"},
		{"root patch subresource", NewRootPatchSubresourceAction(namespacesGVR, "n", types.MergePatchType, patch, "status"), "patch", "", "status"},
		{"delete", NewDeleteAction(podsGVR, "ns", "p"), "delete", "ns", ""},
		{"root delete", NewRootDeleteAction(namespacesGVR, "n"), "delete", "", ""},
		{"delete subresource", NewDeleteSubresourceAction(podsGVR, "x", "ns", "p"), "delete", "ns", "x"},
		{"root delete subresource", NewRootDeleteSubresourceAction(namespacesGVR, "x", "n"), "delete", "", "x"},
		{"delete collection", NewDeleteCollectionAction(podsGVR, "ns", metav1.ListOptions{}), "delete-collection", "ns", ""},
		{"root delete collection", NewRootDeleteCollectionAction(namespacesGVR, metav1.ListOptions{}), "delete-collection", "", ""},
		{"watch", NewWatchAction(podsGVR, "ns", metav1.ListOptions{}), "watch", "ns", ""},
		{"root watch", NewRootWatchAction(namespacesGVR, metav1.ListOptions{}), "watch", "", ""},
		{"proxy", NewProxyGetAction(podsGVR, "ns", "https", "p", "8080", "/x", map[string]string{"a": "b"}), "get", "ns", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.verb, tt.action.GetVerb())
			assert.Equal(t, tt.ns, tt.action.GetNamespace())
			assert.Equal(t, tt.sub, tt.action.GetSubresource())
			assert.Equal(t, tt.action, tt.action.DeepCopy(), "a deep copy is equal")
		})
	}
}

func TestActionConstructorsRecordOptions(t *testing.T) {
	dryRun := []string{metav1.DryRunAll}
	get := NewGetActionWithOptions(podsGVR, "ns", "p", metav1.GetOptions{ResourceVersion: "7"})
	assert.Equal(t, "7", get.GetGetOptions().ResourceVersion)
	assert.Equal(t, "p", get.GetName())

	create := NewCreateActionWithOptions(podsGVR, "ns", &corev1.Pod{}, metav1.CreateOptions{DryRun: dryRun})
	assert.Equal(t, dryRun, create.GetCreateOptions().DryRun)

	update := NewUpdateSubresourceActionWithOptions(podsGVR, "status", "ns", &corev1.Pod{}, metav1.UpdateOptions{FieldManager: "m"})
	assert.Equal(t, "m", update.GetUpdateOptions().FieldManager)

	patch := NewPatchActionWithOptions(podsGVR, "ns", "p", types.JSONPatchType, []byte(`[]`), metav1.PatchOptions{FieldManager: "m"})
	assert.Equal(t, "m", patch.GetPatchOptions().FieldManager)
	assert.Equal(t, types.JSONPatchType, patch.GetPatchType())
	assert.Equal(t, []byte(`[]`), patch.GetPatch())

	grace := int64(3)
	del := NewDeleteActionWithOptions(podsGVR, "ns", "p", metav1.DeleteOptions{GracePeriodSeconds: &grace})
	assert.Equal(t, &grace, del.GetDeleteOptions().GracePeriodSeconds)
	assert.Equal(t, "p", del.GetName())

	list := NewListActionWithOptions(podsGVR, podGVK, "ns", metav1.ListOptions{LabelSelector: "app=web", Limit: 5})
	assert.Equal(t, int64(5), list.GetListOptions().Limit, "the WithOptions form keeps all options")
	assert.Equal(t, podGVK, list.GetKind())
	assert.True(t, list.GetListRestrictions().Labels.Matches(labels.Set{"app": "web"}))
	assert.False(t, list.GetListRestrictions().Labels.Matches(labels.Set{"app": "db"}))

	untyped := NewListAction(podsGVR, podGVK, "ns", metav1.ListOptions{LabelSelector: "app=web", Limit: 5})
	assert.Equal(t, metav1.ListOptions{LabelSelector: "app=web", FieldSelector: ""}, untyped.GetListOptions(),
		"the untyped form records only the selectors")

	dc := NewDeleteCollectionActionWithOptions(podsGVR, "ns", metav1.DeleteOptions{DryRun: dryRun}, metav1.ListOptions{FieldSelector: "metadata.name=a"})
	assert.Equal(t, dryRun, dc.GetDeleteOptions().DryRun)
	assert.Equal(t, "metadata.name=a", dc.GetListOptions().FieldSelector)
	assert.True(t, dc.GetListRestrictions().Fields.Matches(fields.Set{"metadata.name": "a"}))

	w := NewWatchActionWithOptions(podsGVR, "ns", metav1.ListOptions{ResourceVersion: "42", LabelSelector: "a"})
	assert.Equal(t, "42", w.GetWatchRestrictions().ResourceVersion)
	assert.Equal(t, "42", w.GetListOptions().ResourceVersion)
	assert.True(t, w.GetWatchRestrictions().Labels.Matches(labels.Set{"a": ""}))

	proxy := NewProxyGetAction(podsGVR, "ns", "https", "p", "8080", "/healthz", map[string]string{"q": "1"})
	assert.Equal(t, "https", proxy.GetScheme())
	assert.Equal(t, "p", proxy.GetName())
	assert.Equal(t, "8080", proxy.GetPort())
	assert.Equal(t, "/healthz", proxy.GetPath())
	assert.Equal(t, map[string]string{"q": "1"}, proxy.GetParams())

	generic := GenericActionImpl{ActionImpl: ActionImpl{Verb: "x"}, Value: 3}
	assert.Equal(t, 3, generic.GetValue())
	assert.Equal(t, generic, generic.DeepCopy())
}

func TestActionMatches(t *testing.T) {
	status := NewUpdateSubresourceAction(podsGVR, "status", "ns", &corev1.Pod{})
	tests := []struct {
		verb, resource string
		want           bool
	}{
		{"update", "pods", true},
		{"UPDATE", "Pods", true},
		{"update", "pods/status", true},
		{"update", "pods/STATUS", true},
		{"update", "pods/scale", false},
		{"get", "pods", false},
		{"update", "configmaps", false},
		{"update", "configmaps/status", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, status.Matches(tt.verb, tt.resource), "%s %s", tt.verb, tt.resource)
	}
}

func TestActionDeepCopyIsIndependent(t *testing.T) {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "before"}}

	create := NewCreateAction(podsGVR, "ns", pod)
	createCopy := create.DeepCopy().(CreateActionImpl)
	pod.Name = "after"
	assert.Equal(t, "before", createCopy.GetObject().(*corev1.Pod).Name)

	patch := NewPatchAction(podsGVR, "ns", "p", types.MergePatchType, []byte(`{"a":1}`))
	patchCopy := patch.DeepCopy().(PatchActionImpl)
	patch.Patch[2] = 'b'
	assert.Equal(t, `{"a":1}`, string(patchCopy.GetPatch()))

	params := map[string]string{"k": "v"}
	proxy := NewProxyGetAction(podsGVR, "ns", "", "p", "", "", params)
	proxyCopy := proxy.DeepCopy().(ProxyGetActionImpl)
	params["k"] = "changed"
	assert.Equal(t, "v", proxyCopy.GetParams()["k"])

	get := NewGetActionWithOptions(podsGVR, "ns", "p", metav1.GetOptions{TypeMeta: metav1.TypeMeta{Kind: "a"}})
	getCopy := get.DeepCopy()
	get.GetOptions.Kind = "b"
	assert.Equal(t, "a", getCopy.(GetActionImpl).GetOptions.Kind)
}

func TestActionDeepCopyOfZeroValues(t *testing.T) {
	// Zero values (nil objects, nil selectors) must copy without panicking.
	zeros := []Action{
		ActionImpl{}, GenericActionImpl{}, GetActionImpl{}, ListActionImpl{}, CreateActionImpl{},
		UpdateActionImpl{}, PatchActionImpl{}, DeleteActionImpl{}, DeleteCollectionActionImpl{},
		WatchActionImpl{}, ProxyGetActionImpl{},
	}
	for _, a := range zeros {
		require.NotPanics(t, func() { _ = a.DeepCopy() }, "%T", a)
	}
}

func TestExtractFromListOptions(t *testing.T) {
	tests := []struct {
		name       string
		opts       interface{}
		labelSet   labels.Set
		fieldSet   fields.Set
		wantLabels bool
		wantFields bool
		wantRV     string
	}{
		{"selectors match", metav1.ListOptions{LabelSelector: "app=web", FieldSelector: "metadata.name=a", ResourceVersion: "9"},
			labels.Set{"app": "web"}, fields.Set{"metadata.name": "a"}, true, true, "9"},
		{"selectors reject", metav1.ListOptions{LabelSelector: "app=web", FieldSelector: "metadata.name=a"},
			labels.Set{"app": "db"}, fields.Set{"metadata.name": "b"}, false, false, ""},
		{"pointer", &metav1.ListOptions{LabelSelector: "app"}, labels.Set{"app": "x"}, fields.Set{}, true, true, ""},
		{"empty selects everything", metav1.ListOptions{}, labels.Set{"x": "y"}, fields.Set{"a": "b"}, true, true, ""},
		{"nil selects everything", nil, labels.Set{"x": "y"}, fields.Set{"a": "b"}, true, true, ""},
		{"wrong type selects everything", "app=web", labels.Set{"x": "y"}, fields.Set{"a": "b"}, true, true, ""},
		{"invalid selectors select nothing", metav1.ListOptions{LabelSelector: "a b c !!", FieldSelector: "==="},
			labels.Set{}, fields.Set{}, false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ls labels.Selector
			var fs fields.Selector
			var rv string
			require.NotPanics(t, func() { ls, fs, rv = ExtractFromListOptions(tt.opts) })
			require.True(t, ls != nil && fs != nil, "selectors are non-nil interfaces")
			assert.Equal(t, tt.wantLabels, ls.Matches(tt.labelSet))
			assert.Equal(t, tt.wantFields, fs.Matches(tt.fieldSet))
			assert.Equal(t, tt.wantRV, rv)
		})
	}

	// The untyped constructors record a malformed selector verbatim.
	a := NewListAction(podsGVR, podGVK, "", metav1.ListOptions{LabelSelector: "a b c !!"})
	assert.Equal(t, "a b c !!", a.GetListOptions().LabelSelector)
}

func TestRootConstructorsWithOptions(t *testing.T) {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p"}}
	dryRun := []string{metav1.DryRunAll}
	tests := []struct {
		name   string
		action Action
		verb   string
		sub    string
	}{
		{"get", NewRootGetActionWithOptions(namespacesGVR, "n", metav1.GetOptions{ResourceVersion: "1"}), "get", ""},
		{"get subresource", NewRootGetSubresourceActionWithOptions(namespacesGVR, "status", "n", metav1.GetOptions{ResourceVersion: "1"}), "get", "status"},
		{"list", NewRootListActionWithOptions(namespacesGVR, podGVK, metav1.ListOptions{Limit: 3}), "list", ""},
		{"create", NewRootCreateActionWithOptions(namespacesGVR, pod, metav1.CreateOptions{DryRun: dryRun}), "create", ""},
		{"create subresource", NewRootCreateSubresourceActionWithOptions(namespacesGVR, "n", "x", pod, metav1.CreateOptions{DryRun: dryRun}), "create", "x"},
		{"update", NewRootUpdateActionWithOptions(namespacesGVR, pod, metav1.UpdateOptions{DryRun: dryRun}), "update", ""},
		{"update subresource", NewRootUpdateSubresourceActionWithOptions(namespacesGVR, "status", pod, metav1.UpdateOptions{DryRun: dryRun}), "update", "status"},
		{"patch", NewRootPatchActionWithOptions(namespacesGVR, "n", types.MergePatchType, nil, metav1.PatchOptions{DryRun: dryRun}), "patch", ""},
		{"patch subresource", NewRootPatchSubresourceActionWithOptions(namespacesGVR, "n", types.MergePatchType, nil, metav1.PatchOptions{DryRun: dryRun}, "status"), "patch", "status"},
		{"delete", NewRootDeleteActionWithOptions(namespacesGVR, "n", metav1.DeleteOptions{DryRun: dryRun}), "delete", ""},
		{"delete subresource", NewRootDeleteSubresourceActionWithOptions(namespacesGVR, "x", "n", metav1.DeleteOptions{DryRun: dryRun}), "delete", "x"},
		{"delete collection", NewRootDeleteCollectionActionWithOptions(namespacesGVR, metav1.DeleteOptions{DryRun: dryRun}, metav1.ListOptions{Limit: 3}), "delete-collection", ""},
		{"watch", NewRootWatchActionWithOptions(namespacesGVR, metav1.ListOptions{ResourceVersion: "1"}), "watch", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.verb, tt.action.GetVerb())
			assert.Equal(t, "", tt.action.GetNamespace())
			assert.Equal(t, tt.sub, tt.action.GetSubresource())
			assert.Equal(t, namespacesGVR, tt.action.GetResource())
			switch a := tt.action.(type) {
			case GetActionImpl:
				assert.Equal(t, "1", a.GetGetOptions().ResourceVersion)
				assert.Equal(t, "n", a.GetName())
			case ListActionImpl:
				assert.Equal(t, int64(3), a.GetListOptions().Limit)
			case CreateActionImpl:
				assert.Equal(t, dryRun, a.GetCreateOptions().DryRun)
				assert.Same(t, pod, a.GetObject())
			case UpdateActionImpl:
				assert.Equal(t, dryRun, a.GetUpdateOptions().DryRun)
				assert.Same(t, pod, a.GetObject())
			case PatchActionImpl:
				assert.Equal(t, dryRun, a.GetPatchOptions().DryRun)
				assert.Equal(t, "n", a.GetName())
			case DeleteActionImpl:
				assert.Equal(t, dryRun, a.GetDeleteOptions().DryRun)
				assert.Equal(t, "n", a.GetName())
			case DeleteCollectionActionImpl:
				assert.Equal(t, dryRun, a.GetDeleteOptions().DryRun)
				assert.Equal(t, int64(3), a.GetListOptions().Limit)
			case WatchActionImpl:
				assert.Equal(t, "1", a.GetWatchRestrictions().ResourceVersion)
			default:
				t.Fatalf("unexpected %T", a)
			}
		})
	}
}

func TestUntypedOptionsConstructors(t *testing.T) {
	opts := metav1.ListOptions{LabelSelector: "app=web", ResourceVersion: "5"}
	for _, o := range []interface{}{opts, &opts} {
		w := NewWatchAction(podsGVR, "ns", o)
		assert.Equal(t, opts, w.GetListOptions())
		assert.Equal(t, "5", w.GetWatchRestrictions().ResourceVersion)
		rw := NewRootWatchAction(namespacesGVR, o)
		assert.Equal(t, opts, rw.GetListOptions())
		dc := NewDeleteCollectionAction(podsGVR, "ns", o)
		assert.Equal(t, opts, dc.GetListOptions())
		rdc := NewRootDeleteCollectionAction(namespacesGVR, o)
		assert.True(t, rdc.GetListRestrictions().Labels.Matches(labels.Set{"app": "web"}))
		l := NewRootListAction(namespacesGVR, podGVK, o)
		assert.Equal(t, "app=web", l.GetListOptions().LabelSelector)
	}
	for _, o := range []interface{}{nil, (*metav1.ListOptions)(nil), 42} {
		w := NewWatchAction(podsGVR, "ns", o)
		assert.Equal(t, metav1.ListOptions{}, w.GetListOptions())
		assert.True(t, w.GetWatchRestrictions().Labels.Empty())
		dc := NewDeleteCollectionAction(podsGVR, "ns", o)
		assert.True(t, dc.GetListRestrictions().Labels.Matches(labels.Set{"any": "thing"}))
	}
}
