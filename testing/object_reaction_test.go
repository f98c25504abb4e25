package testing

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/utils/ptr"
)

// newFakeWithTracker returns a Fake answering from a tracker seeded with
// objs, wired the way the generated fake clientsets do it.
func newFakeWithTracker(t *testing.T, objs ...runtime.Object) (*Fake, ObjectTracker) {
	t.Helper()
	tr := newTestTracker(t)
	for _, obj := range objs {
		require.NoError(t, tr.Add(obj))
	}
	f := &Fake{}
	f.AddReactor("*", "*", ObjectReaction(tr))
	f.AddWatchReactor("*", func(action Action) (bool, watch.Interface, error) {
		w, err := tr.Watch(action.GetResource(), action.GetNamespace())
		return true, w, err
	})
	return f, tr
}

func testPod(ns, name string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, Labels: map[string]string{"app": "web"}},
		Spec: corev1.PodSpec{Containers: []corev1.Container{
			{Name: "app", Image: "app:1"},
			{Name: "sidecar", Image: "sidecar:1"},
		}},
	}
}

func testDeployment(ns, name string, replicas int32) *appsv1.Deployment {
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
		Spec:       appsv1.DeploymentSpec{Replicas: ptr.To(replicas)},
	}
}

func TestObjectReactionVerbs(t *testing.T) {
	tests := []struct {
		name   string
		seed   []runtime.Object
		action Action
		check  func(t *testing.T, obj runtime.Object, tr ObjectTracker)
	}{
		{
			name:   "get",
			seed:   []runtime.Object{configMap("ns", "a", map[string]string{"k": "v"})},
			action: NewGetAction(configMapsGVR, "ns", "a"),
			check: func(t *testing.T, obj runtime.Object, _ ObjectTracker) {
				assert.Equal(t, "v", obj.(*corev1.ConfigMap).Data["k"])
			},
		},
		{
			name:   "list in a namespace",
			seed:   []runtime.Object{testPod("ns", "a"), testPod("ns", "b"), testPod("other", "c")},
			action: NewListAction(podsGVR, podGVK, "ns", metav1.ListOptions{}),
			check: func(t *testing.T, obj runtime.Object, _ ObjectTracker) {
				list := obj.(*corev1.PodList)
				require.Len(t, list.Items, 2)
				assert.Equal(t, "a", list.Items[0].Name)
				assert.Equal(t, "b", list.Items[1].Name)
				assert.NotEmpty(t, list.ResourceVersion)
			},
		},
		{
			name: "list deployments across namespaces",
			seed: []runtime.Object{testDeployment("a", "d1", 1), testDeployment("b", "d2", 1)},
			action: NewListAction(deploymentsGVR, schema.GroupVersionKind{Group: "apps", Version: "v1", Kind: "Deployment"},
				"", metav1.ListOptions{}),
			check: func(t *testing.T, obj runtime.Object, _ ObjectTracker) {
				assert.Len(t, obj.(*appsv1.DeploymentList).Items, 2)
			},
		},
		{
			name:   "create returns the stored object",
			action: NewCreateAction(configMapsGVR, "ns", configMap("", "new", map[string]string{"k": "v"})),
			check: func(t *testing.T, obj runtime.Object, tr ObjectTracker) {
				assert.Equal(t, "ns", obj.(*corev1.ConfigMap).Namespace)
				stored, err := tr.Get(configMapsGVR, "ns", "new")
				require.NoError(t, err)
				assert.Equal(t, obj, stored)
			},
		},
		{
			name:   "update",
			seed:   []runtime.Object{testDeployment("ns", "d", 1)},
			action: NewUpdateAction(deploymentsGVR, "ns", testDeployment("ns", "d", 5)),
			check: func(t *testing.T, obj runtime.Object, tr ObjectTracker) {
				assert.Equal(t, int32(5), *obj.(*appsv1.Deployment).Spec.Replicas)
				stored, err := tr.Get(deploymentsGVR, "ns", "d")
				require.NoError(t, err)
				assert.Equal(t, int32(5), *stored.(*appsv1.Deployment).Spec.Replicas)
			},
		},
		{
			name: "status update replaces the stored object",
			seed: []runtime.Object{testPod("ns", "p")},
			action: NewUpdateSubresourceAction(podsGVR, "status", "ns", func() *corev1.Pod {
				p := testPod("ns", "p")
				p.Status.Phase = corev1.PodRunning
				return p
			}()),
			check: func(t *testing.T, obj runtime.Object, tr ObjectTracker) {
				assert.Equal(t, corev1.PodRunning, obj.(*corev1.Pod).Status.Phase)
				stored, err := tr.Get(podsGVR, "ns", "p")
				require.NoError(t, err)
				assert.Equal(t, corev1.PodRunning, stored.(*corev1.Pod).Status.Phase)
			},
		},
		{
			name: "eviction (a create of another type) is returned, not stored",
			seed: []runtime.Object{testPod("ns", "p")},
			action: NewCreateSubresourceAction(podsGVR, "p", "eviction", "ns",
				&policyv1.Eviction{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "p"}}),
			check: func(t *testing.T, obj runtime.Object, tr ObjectTracker) {
				assert.IsType(t, &policyv1.Eviction{}, obj)
				stored, err := tr.Get(podsGVR, "ns", "p")
				require.NoError(t, err)
				assert.IsType(t, &corev1.Pod{}, stored)
			},
		},
		{
			name: "delete",
			seed: []runtime.Object{configMap("ns", "a", nil)},
			action: NewDeleteActionWithOptions(configMapsGVR, "ns", "a",
				metav1.DeleteOptions{PropagationPolicy: ptr.To(metav1.DeletePropagationForeground)}),
			check: func(t *testing.T, obj runtime.Object, tr ObjectTracker) {
				assert.Nil(t, obj)
				_, err := tr.Get(configMapsGVR, "ns", "a")
				assert.True(t, apierrors.IsNotFound(err))
			},
		},
		{
			name: "delete-collection by label",
			seed: []runtime.Object{
				testPod("ns", "web-1"), testPod("ns", "web-2"), testPod("other", "web-3"),
				&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "db", Labels: map[string]string{"app": "db"}}},
			},
			action: NewDeleteCollectionAction(podsGVR, "ns", metav1.ListOptions{LabelSelector: "app=web"}),
			check: func(t *testing.T, _ runtime.Object, tr ObjectTracker) {
				list, err := tr.List(podsGVR, podGVK, "")
				require.NoError(t, err)
				var left []string
				for _, p := range list.(*corev1.PodList).Items {
					left = append(left, p.Namespace+"/"+p.Name)
				}
				assert.Equal(t, []string{"ns/db", "other/web-3"}, left)
			},
		},
		{
			name:   "delete-collection by field",
			seed:   []runtime.Object{configMap("ns", "a", nil), configMap("ns", "b", nil)},
			action: NewDeleteCollectionAction(configMapsGVR, "ns", metav1.ListOptions{FieldSelector: "metadata.name=b"}),
			check: func(t *testing.T, _ runtime.Object, tr ObjectTracker) {
				_, err := tr.Get(configMapsGVR, "ns", "a")
				assert.NoError(t, err)
				_, err = tr.Get(configMapsGVR, "ns", "b")
				assert.True(t, apierrors.IsNotFound(err))
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, tr := newFakeWithTracker(t, tt.seed...)
			obj, err := f.Invokes(tt.action, nil)
			require.NoError(t, err)
			tt.check(t, obj, tr)
			require.Len(t, f.Actions(), 1)
			assert.Equal(t, tt.action.GetVerb(), f.Actions()[0].GetVerb())
		})
	}
}

func TestObjectReactionPatch(t *testing.T) {
	tests := []struct {
		name      string
		patchType types.PatchType
		patch     string
		sub       string
		check     func(t *testing.T, pod *corev1.Pod)
	}{
		{
			name:      "JSON patch",
			patchType: types.JSONPatchType,
			patch:     `[{"op":"replace","path":"/spec/containers/0/image","value":"app:2"},{"op":"remove","path":"/metadata/labels"}]`,
			check: func(t *testing.T, pod *corev1.Pod) {
				assert.Equal(t, "app:2", pod.Spec.Containers[0].Image)
				assert.Nil(t, pod.Labels, "removed fields are gone")
			},
		},
		{
			name:      "merge patch replaces lists",
			patchType: types.MergePatchType,
			patch:     `{"metadata":{"labels":{"tier":"front","app":null}},"spec":{"containers":[{"name":"only","image":"x"}]}}`,
			check: func(t *testing.T, pod *corev1.Pod) {
				assert.Equal(t, map[string]string{"tier": "front"}, pod.Labels)
				require.Len(t, pod.Spec.Containers, 1)
				assert.Equal(t, "only", pod.Spec.Containers[0].Name)
			},
		},
		{
			name:      "strategic merge patch merges containers by name",
			patchType: types.StrategicMergePatchType,
			patch:     `{"spec":{"containers":[{"name":"sidecar","image":"sidecar:2"}]}}`,
			check: func(t *testing.T, pod *corev1.Pod) {
				require.Len(t, pod.Spec.Containers, 2)
				assert.Equal(t, "app:1", pod.Spec.Containers[0].Image)
				assert.Equal(t, "sidecar:2", pod.Spec.Containers[1].Image)
			},
		},
		{
			name:      "status subresource",
			patchType: types.MergePatchType,
			patch:     `{"status":{"phase":"Running"}}`,
			sub:       "status",
			check: func(t *testing.T, pod *corev1.Pod) {
				assert.Equal(t, corev1.PodRunning, pod.Status.Phase)
			},
		},
		{
			name:      "apply without field management merges strategically",
			patchType: types.ApplyPatchType,
			patch:     "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: app\n    image: app:3\n",
			check: func(t *testing.T, pod *corev1.Pod) {
				require.Len(t, pod.Spec.Containers, 2)
				assert.Equal(t, "app:3", pod.Spec.Containers[0].Image)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, tr := newFakeWithTracker(t, testPod("ns", "p"))
			w, err := f.InvokesWatch(NewWatchAction(podsGVR, "ns", metav1.ListOptions{}))
			require.NoError(t, err)
			defer w.Stop()

			var subs []string
			if tt.sub != "" {
				subs = []string{tt.sub}
			}
			action := NewPatchSubresourceAction(podsGVR, "ns", "p", tt.patchType, []byte(tt.patch), subs...)
			obj, err := f.Invokes(action, nil)
			require.NoError(t, err)
			tt.check(t, obj.(*corev1.Pod))

			stored, err := tr.Get(podsGVR, "ns", "p")
			require.NoError(t, err)
			assert.Equal(t, obj, stored, "the returned object is the stored one")
			ev := nextEvent(t, w)
			assert.Equal(t, watch.Modified, ev.Type)
			tt.check(t, ev.Object.(*corev1.Pod))
		})
	}
}

func TestObjectReactionErrors(t *testing.T) {
	tests := []struct {
		name   string
		action Action
		check  func(error) bool
	}{
		{"get missing", NewGetAction(podsGVR, "ns", "missing"), apierrors.IsNotFound},
		{"create existing", NewCreateAction(podsGVR, "ns", testPod("ns", "p")), apierrors.IsAlreadyExists},
		{"update missing", NewUpdateAction(podsGVR, "ns", testPod("ns", "missing")), apierrors.IsNotFound},
		{"status update of a missing object", NewUpdateSubresourceAction(podsGVR, "status", "ns", testPod("ns", "missing")), apierrors.IsNotFound},
		{"delete missing", NewDeleteAction(podsGVR, "ns", "missing"), apierrors.IsNotFound},
		{"patch missing", NewPatchAction(podsGVR, "ns", "missing", types.MergePatchType, []byte(`{}`)), apierrors.IsNotFound},
		{"namespace mismatch", NewCreateAction(podsGVR, "other", testPod("ns", "q")), apierrors.IsBadRequest},
		{"create without object", NewCreateAction(podsGVR, "ns", nil), apierrors.IsBadRequest},
		{"malformed JSON patch", NewPatchAction(podsGVR, "ns", "p", types.JSONPatchType, []byte(`{`)), isError},
		{"failing JSON patch", NewPatchAction(podsGVR, "ns", "p", types.JSONPatchType,
			[]byte(`[{"op":"test","path":"/metadata/name","value":"other"}]`)), isError},
		{"malformed merge patch", NewPatchAction(podsGVR, "ns", "p", types.MergePatchType, []byte(`{`)), isError},
		{"malformed strategic merge patch", NewPatchAction(podsGVR, "ns", "p", types.StrategicMergePatchType, []byte(`[`)), isError},
		{"malformed apply patch", NewPatchAction(podsGVR, "ns", "p", types.ApplyPatchType, []byte("a: [")), isError},
		{"unknown patch type", NewPatchAction(podsGVR, "ns", "p", "application/unknown", []byte(`{}`)), isError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, tr := newFakeWithTracker(t, testPod("ns", "p"))
			var err error
			require.NotPanics(t, func() { _, err = f.Invokes(tt.action, nil) })
			require.Error(t, err)
			assert.True(t, tt.check(err), "unexpected error: %v", err)
			// A failed call leaves the stored pod as it was.
			stored, getErr := tr.Get(podsGVR, "ns", "p")
			require.NoError(t, getErr)
			assert.Equal(t, testPod("ns", "p").Spec, stored.(*corev1.Pod).Spec)
		})
	}
}

func isError(err error) bool { return err != nil }

func TestObjectReactionUnhandledActions(t *testing.T) {
	reaction := ObjectReaction(newTestTracker(t))
	for _, a := range []Action{
		NewWatchAction(podsGVR, "ns", metav1.ListOptions{}),
		NewProxyGetAction(podsGVR, "ns", "", "p", "", "", nil),
		GenericActionImpl{ActionImpl: ActionImpl{Verb: "custom"}},
	} {
		handled, _, err := reaction(a)
		assert.False(t, handled, "%T", a)
		assert.Error(t, err)
	}

	// Through a Fake, unhandled actions fall back to the default object.
	f := &Fake{}
	f.AddReactor("*", "*", ObjectReaction(newTestTracker(t)))
	def := &corev1.Pod{}
	obj, err := f.Invokes(GenericActionImpl{ActionImpl: ActionImpl{Verb: "custom", Resource: podsGVR}}, def)
	require.NoError(t, err)
	assert.Same(t, def, obj)

	handled, _, err := ObjectReaction(nil)(NewGetAction(podsGVR, "ns", "p"))
	assert.False(t, handled)
	assert.Error(t, err)
}

// mapTracker is an ObjectTracker of another implementation, which cannot
// delete collections.
type mapTracker struct{ ObjectTracker }

func TestObjectReactionDeleteCollectionNeedsOwnTracker(t *testing.T) {
	handled, _, err := ObjectReaction(mapTracker{newTestTracker(t)})(NewDeleteCollectionAction(podsGVR, "ns", metav1.ListOptions{}))
	assert.False(t, handled)
	assert.Error(t, err)
}

func TestObjectReactionWatchThroughFake(t *testing.T) {
	f, _ := newFakeWithTracker(t)
	w, err := f.InvokesWatch(NewWatchAction(configMapsGVR, "ns", metav1.ListOptions{}))
	require.NoError(t, err)
	defer w.Stop()

	steps := []Action{
		NewCreateAction(configMapsGVR, "ns", configMap("ns", "a", nil)),
		NewUpdateAction(configMapsGVR, "ns", configMap("ns", "a", map[string]string{"k": "v"})),
		NewPatchAction(configMapsGVR, "ns", "a", types.MergePatchType, []byte(`{"data":{"k":"w"}}`)),
		NewCreateAction(configMapsGVR, "ns", configMap("ns", "b", nil)),
		NewDeleteCollectionAction(configMapsGVR, "ns", metav1.ListOptions{}),
	}
	for _, a := range steps {
		_, err := f.Invokes(a, nil)
		require.NoError(t, err, a.GetVerb())
	}
	var got []string
	for range 6 {
		got = append(got, eventName(nextEvent(t, w)))
	}
	assert.Equal(t, []string{"ADDED ns/a", "MODIFIED ns/a", "MODIFIED ns/a", "ADDED ns/b", "DELETED ns/a", "DELETED ns/b"}, got)
}

func TestObjectReactionUnstructured(t *testing.T) {
	tr := newTestTracker(t)
	widgets := schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "widgets"}
	u := &unstructured.Unstructured{Object: map[string]interface{}{
		"apiVersion": "example.com/v1", "kind": "Widget",
		"metadata": map[string]interface{}{"name": "w", "namespace": "ns"},
		"spec":     map[string]interface{}{"size": int64(1), "color": "red"},
	}}
	f := &Fake{}
	f.AddReactor("*", "*", ObjectReaction(tr))
	_, err := f.Invokes(NewCreateAction(widgets, "ns", u), nil)
	require.NoError(t, err)

	obj, err := f.Invokes(NewPatchAction(widgets, "ns", "w", types.MergePatchType, []byte(`{"spec":{"size":2,"color":null}}`)), nil)
	require.NoError(t, err)
	spec := obj.(*unstructured.Unstructured).Object["spec"].(map[string]interface{})
	assert.Equal(t, map[string]interface{}{"size": int64(2)}, spec)
}

func TestObjectReactionSubresourceCreate(t *testing.T) {
	f, tr := newFakeWithTracker(t, testPod("ns", "p"))

	// A body of the parent's type updates the parent.
	updated := testPod("ns", "p")
	updated.Labels = map[string]string{"bound": "yes"}
	obj, err := f.Invokes(NewCreateSubresourceAction(podsGVR, "p", "binding", "ns", updated), nil)
	require.NoError(t, err)
	assert.Equal(t, "yes", obj.(*corev1.Pod).Labels["bound"])
	stored, err := tr.Get(podsGVR, "ns", "p")
	require.NoError(t, err)
	assert.Equal(t, "yes", stored.(*corev1.Pod).Labels["bound"])

	// The parent is the one the action names.
	_, err = f.Invokes(NewCreateSubresourceAction(podsGVR, "p", "eviction", "ns",
		&policyv1.Eviction{ObjectMeta: metav1.ObjectMeta{Namespace: "ns"}}), nil)
	assert.NoError(t, err)

	// A subresource of a missing parent is NotFound.
	_, err = f.Invokes(NewCreateSubresourceAction(podsGVR, "missing", "eviction", "ns",
		&policyv1.Eviction{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "missing"}}), nil)
	assert.True(t, apierrors.IsNotFound(err), "got %v", err)

	// An update of a subresource with a body of another type does not
	// replace the parent.
	body := &policyv1.Eviction{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "p"}}
	obj, err = f.Invokes(NewUpdateSubresourceAction(podsGVR, "other", "ns", body), nil)
	require.NoError(t, err)
	assert.Equal(t, body, obj, "the body is returned")
	stored, err = tr.Get(podsGVR, "ns", "p")
	require.NoError(t, err)
	assert.IsType(t, &corev1.Pod{}, stored)
}

func TestTrackersRefuseWatchList(t *testing.T) {
	type watchListAware interface{ IsWatchListSemanticsUnSupported() bool }
	scheme := newTestScheme(t)
	for _, tr := range []ObjectTracker{
		NewObjectTracker(scheme, nil),
		NewFieldManagedObjectTracker(scheme, nil, nil),
	} {
		aware, ok := tr.(watchListAware)
		require.True(t, ok, "%T", tr)
		assert.True(t, aware.IsWatchListSemanticsUnSupported())
	}
}

func TestObjectReactionUnstructuredPatchErrors(t *testing.T) {
	widgets := schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "widgets"}
	tests := []struct {
		name      string
		patchType types.PatchType
		patch     string
		wantErr   string
		wantSpec  map[string]interface{}
	}{
		{name: "JSON patch body as strategic merge patch", patchType: types.StrategicMergePatchType,
			patch: `[{"op":"add","path":"/spec/x","value":"y"}]`, wantErr: "invalid JSON document"},
		{name: "empty list as strategic merge patch", patchType: types.StrategicMergePatchType,
			patch: `[]`, wantErr: "invalid JSON document"},
		{name: "empty JSON patch", patchType: types.JSONPatchType, patch: `[]`,
			wantSpec: map[string]interface{}{"foo": "bar"}},
		{name: "JSON patch removal", patchType: types.JSONPatchType, patch: `[{"op":"remove","path":"/spec/foo"}]`,
			wantSpec: map[string]interface{}{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &Fake{}
			tr := newTestTracker(t)
			f.AddReactor("*", "*", ObjectReaction(tr))
			u := &unstructured.Unstructured{Object: map[string]interface{}{
				"apiVersion": "example.com/v1", "kind": "Widget",
				"metadata": map[string]interface{}{"name": "w", "namespace": "ns"},
				"spec":     map[string]interface{}{"foo": "bar"},
			}}
			require.NoError(t, tr.Create(widgets, u, "ns"))
			obj, err := f.Invokes(NewPatchAction(widgets, "ns", "w", tt.patchType, []byte(tt.patch)), nil)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Equal(t, tt.wantErr, err.Error())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantSpec, obj.(*unstructured.Unstructured).Object["spec"])
		})
	}
}
