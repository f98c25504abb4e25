package testing

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/managedfields"
	"k8s.io/utils/ptr"
)

func newFieldManagedFake(t *testing.T) (*Fake, ObjectTracker) {
	t.Helper()
	scheme := newTestScheme(t)
	tr := NewFieldManagedObjectTracker(scheme, serializer.NewCodecFactory(scheme).UniversalDeserializer(),
		managedfields.NewDeducedTypeConverter())
	f := &Fake{}
	f.AddReactor("*", "*", ObjectReaction(tr))
	return f, tr
}

func applyConfigMap(data string) []byte {
	return []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: ns\ndata:\n" + data)
}

// managers returns manager:operation for each managedFields entry.
func managers(t *testing.T, obj runtime.Object) []string {
	t.Helper()
	cm, ok := obj.(*corev1.ConfigMap)
	require.True(t, ok, "got %T", obj)
	var out []string
	for _, e := range cm.ManagedFields {
		out = append(out, e.Manager+":"+string(e.Operation))
	}
	return out
}

func TestFieldManagedApply(t *testing.T) {
	f, tr := newFieldManagedFake(t)
	apply := func(manager, data string, force bool) (runtime.Object, error) {
		opts := metav1.PatchOptions{FieldManager: manager}
		if force {
			opts.Force = ptr.To(true)
		}
		return f.Invokes(NewPatchActionWithOptions(configMapsGVR, "ns", "cm", types.ApplyPatchType, applyConfigMap(data), opts), nil)
	}

	// Apply creates a missing object.
	obj, err := apply("alice", "  a: \"1\"\n", false)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"a": "1"}, obj.(*corev1.ConfigMap).Data)
	assert.Equal(t, []string{"alice:Apply"}, managers(t, obj))

	// Another manager changing alice's field conflicts...
	_, err = apply("bob", "  a: \"2\"\n", false)
	require.Error(t, err)
	assert.True(t, apierrors.IsConflict(err), "got %v", err)
	stored, err := tr.Get(configMapsGVR, "ns", "cm")
	require.NoError(t, err)
	assert.Equal(t, "1", stored.(*corev1.ConfigMap).Data["a"], "a conflicting apply changes nothing")

	// ...adding a field of its own does not...
	obj, err = apply("bob", "  b: \"1\"\n", false)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"a": "1", "b": "1"}, obj.(*corev1.ConfigMap).Data)
	assert.ElementsMatch(t, []string{"alice:Apply", "bob:Apply"}, managers(t, obj))

	// ...and forcing takes the field over.
	obj, err = apply("bob", "  a: \"2\"\n  b: \"1\"\n", true)
	require.NoError(t, err)
	assert.Equal(t, "2", obj.(*corev1.ConfigMap).Data["a"])

	// Fields a manager stops applying are removed when it owned them alone.
	obj, err = apply("bob", "  a: \"2\"\n", false)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"a": "2"}, obj.(*corev1.ConfigMap).Data)
}

func TestFieldManagedWritesRecordManagers(t *testing.T) {
	tests := []struct {
		name   string
		action Action
		want   []string
	}{
		{
			name: "update",
			action: NewUpdateActionWithOptions(configMapsGVR, "ns", configMap("ns", "cm", map[string]string{"a": "2"}),
				metav1.UpdateOptions{FieldManager: "updater"}),
			want: []string{"creator:Update", "updater:Update"},
		},
		{
			name: "merge patch",
			action: NewPatchActionWithOptions(configMapsGVR, "ns", "cm", types.MergePatchType, []byte(`{"data":{"a":"3"}}`),
				metav1.PatchOptions{FieldManager: "patcher"}),
			want: []string{"creator:Update", "patcher:Update"},
		},
		{
			name: "strategic merge patch",
			action: NewPatchActionWithOptions(configMapsGVR, "ns", "cm", types.StrategicMergePatchType, []byte(`{"data":{"a":"4"}}`),
				metav1.PatchOptions{FieldManager: "patcher"}),
			want: []string{"creator:Update", "patcher:Update"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := newFieldManagedFake(t)
			created, err := f.Invokes(NewCreateActionWithOptions(configMapsGVR, "ns", configMap("ns", "cm", map[string]string{"a": "1"}),
				metav1.CreateOptions{FieldManager: "creator"}), nil)
			require.NoError(t, err)
			assert.Equal(t, []string{"creator:Update"}, managers(t, created))
			assert.Equal(t, "v1", created.GetObjectKind().GroupVersionKind().Version, "create stamps the kind")
			assert.Equal(t, "ConfigMap", created.GetObjectKind().GroupVersionKind().Kind)

			obj, err := f.Invokes(tt.action, nil)
			require.NoError(t, err)
			assert.ElementsMatch(t, tt.want, managers(t, obj))
		})
	}
}

func TestFieldManagedErrors(t *testing.T) {
	unknown := schema.GroupVersionResource{Group: "example.com", Version: "v1", Resource: "widgets"}
	tests := []struct {
		name  string
		run   func(tr ObjectTracker) error
		check func(error) bool
	}{
		{"create twice", func(tr ObjectTracker) error {
			require.NoError(t, tr.Create(configMapsGVR, configMap("ns", "a", nil), "ns"))
			return tr.Create(configMapsGVR, configMap("ns", "a", nil), "ns")
		}, apierrors.IsAlreadyExists},
		{"update missing", func(tr ObjectTracker) error {
			return tr.Update(configMapsGVR, configMap("ns", "a", nil), "ns")
		}, apierrors.IsNotFound},
		{"patch missing", func(tr ObjectTracker) error {
			return tr.Patch(configMapsGVR, configMap("ns", "a", nil), "ns")
		}, apierrors.IsNotFound},
		{"unknown resource", func(tr ObjectTracker) error {
			return tr.Create(unknown, &unstructured.Unstructured{}, "ns")
		}, isError},
		{"nil object", func(tr ObjectTracker) error {
			return tr.Create(configMapsGVR, nil, "ns")
		}, apierrors.IsBadRequest},
		{"nil apply configuration", func(tr ObjectTracker) error {
			return tr.Apply(configMapsGVR, nil, "ns")
		}, isError},
		{"two option arguments", func(tr ObjectTracker) error {
			return tr.Update(configMapsGVR, configMap("ns", "a", nil), "ns", metav1.UpdateOptions{}, metav1.UpdateOptions{})
		}, isError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scheme := newTestScheme(t)
			tr := NewFieldManagedObjectTracker(scheme, serializer.NewCodecFactory(scheme).UniversalDeserializer(),
				managedfields.NewDeducedTypeConverter())
			var err error
			require.NotPanics(t, func() { err = tt.run(tr) })
			require.Error(t, err)
			assert.True(t, tt.check(err), "unexpected error: %v", err)
		})
	}

	// Missing scheme or type converter are errors, not panics.
	bare := NewFieldManagedObjectTracker(nil, nil, nil)
	assert.Error(t, bare.Create(configMapsGVR, configMap("ns", "a", nil), "ns"))
	noConverter := NewFieldManagedObjectTracker(newTestScheme(t), nil, nil)
	assert.Error(t, noConverter.Create(configMapsGVR, configMap("ns", "a", nil), "ns"))
}

func TestFieldManagedDeleteCollection(t *testing.T) {
	f, tr := newFieldManagedFake(t)
	require.NoError(t, tr.Create(configMapsGVR, configMap("ns", "a", nil), "ns"))
	_, err := f.Invokes(NewDeleteCollectionAction(configMapsGVR, "ns", metav1.ListOptions{}), nil)
	require.NoError(t, err)
	_, err = tr.Get(configMapsGVR, "ns", "a")
	assert.True(t, apierrors.IsNotFound(err))
}

func TestFieldManagedApplyWithoutMetadataTakesTheActionName(t *testing.T) {
	f, _ := newFieldManagedFake(t)
	obj, err := f.Invokes(NewPatchActionWithOptions(configMapsGVR, "ns", "named-by-action", types.ApplyPatchType,
		[]byte(`{"apiVersion":"v1","kind":"ConfigMap","data":{"k":"v"}}`), metav1.PatchOptions{FieldManager: "m"}), nil)
	require.NoError(t, err)
	cm := obj.(*corev1.ConfigMap)
	assert.Equal(t, "named-by-action", cm.Name)
	assert.Equal(t, "ns", cm.Namespace)
	assert.Equal(t, map[string]string{"k": "v"}, cm.Data)
}

func TestFieldManagedTrackerSeesTypesRegisteredLater(t *testing.T) {
	scheme := runtime.NewScheme()
	tr := NewFieldManagedObjectTracker(scheme, nil, managedfields.NewDeducedTypeConverter())
	cm := configMap("", "a", map[string]string{"k": "v"})
	assert.Error(t, tr.Create(configMapsGVR, cm, "ns"), "ConfigMap is not registered yet")

	scheme.AddKnownTypes(schema.GroupVersion{Version: "v1"}, &corev1.ConfigMap{})
	require.NoError(t, tr.Create(configMapsGVR, cm, "ns", metav1.CreateOptions{FieldManager: "m"}))
}

func TestFieldManagedTrackerWithUnstructuredTypes(t *testing.T) {
	cmGVK := schema.GroupVersionKind{Version: "v1", Kind: "ConfigMap"}
	scheme := runtime.NewScheme()
	scheme.AddKnownTypeWithName(cmGVK, &unstructured.Unstructured{})
	tr := NewFieldManagedObjectTracker(scheme, nil, managedfields.NewDeducedTypeConverter())

	cm := &unstructured.Unstructured{}
	cm.SetGroupVersionKind(cmGVK)
	cm.SetName("u")
	cm.SetNamespace("ns")
	require.NoError(t, unstructured.SetNestedStringMap(cm.Object, map[string]string{"k": "v"}, "data"))
	require.NoError(t, tr.Apply(configMapsGVR, cm, "ns", metav1.PatchOptions{FieldManager: "m"}))

	require.NoError(t, unstructured.SetNestedStringMap(cm.Object, map[string]string{"k": "v", "k2": "v2"}, "data"))
	require.NoError(t, tr.Apply(configMapsGVR, cm, "ns", metav1.PatchOptions{FieldManager: "m"}))

	got, err := tr.Get(configMapsGVR, "ns", "u")
	require.NoError(t, err)
	u := got.(*unstructured.Unstructured)
	data, _, err := unstructured.NestedStringMap(u.Object, "data")
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"k": "v", "k2": "v2"}, data)
	assert.Len(t, u.GetManagedFields(), 1)
	assert.Equal(t, "m", u.GetManagedFields()[0].Manager)
}

func TestFieldManagedConcurrentApply(t *testing.T) {
	f, tr := newFieldManagedFake(t)
	const workers = 8
	var wg sync.WaitGroup
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("cm-%d", i)
			cfg := fmt.Sprintf(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":%q},"data":{"k":"v"}}`, name)
			for range 5 {
				_, err := f.Invokes(NewPatchActionWithOptions(configMapsGVR, "ns", name, types.ApplyPatchType, []byte(cfg),
					metav1.PatchOptions{FieldManager: "m"}), nil)
				assert.NoError(t, err)
			}
		}()
	}
	wg.Wait()
	list, err := tr.List(configMapsGVR, schema.GroupVersionKind{Version: "v1", Kind: "ConfigMap"}, "ns")
	require.NoError(t, err)
	assert.Len(t, list.(*corev1.ConfigMapList).Items, workers)
}
