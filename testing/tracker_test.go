package testing

import (
	"fmt"
	goruntime "runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/watch"
)

// newTestScheme returns a scheme with core/v1, apps/v1 and policy/v1.
func newTestScheme(t testing.TB) *runtime.Scheme {
	t.Helper()
	scheme := runtime.NewScheme()
	require.NoError(t, corev1.AddToScheme(scheme))
	require.NoError(t, appsv1.AddToScheme(scheme))
	require.NoError(t, policyv1.AddToScheme(scheme))
	return scheme
}

func newTestTracker(t testing.TB) ObjectTracker {
	t.Helper()
	scheme := newTestScheme(t)
	return NewObjectTracker(scheme, serializer.NewCodecFactory(scheme).UniversalDeserializer())
}

func configMap(ns, name string, data map[string]string) *corev1.ConfigMap {
	return &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}, Data: data}
}

func TestTrackerErrors(t *testing.T) {
	cm := configMap("ns", "a", nil)
	tests := []struct {
		name  string
		setup func(tr ObjectTracker) error
		check func(error) bool
	}{
		{"get missing", func(tr ObjectTracker) error {
			_, err := tr.Get(configMapsGVR, "ns", "a")
			return err
		}, apierrors.IsNotFound},
		{"get in another namespace", func(tr ObjectTracker) error {
			require.NoError(t, tr.Create(configMapsGVR, cm, "ns"))
			_, err := tr.Get(configMapsGVR, "other", "a")
			return err
		}, apierrors.IsNotFound},
		{"create twice", func(tr ObjectTracker) error {
			require.NoError(t, tr.Create(configMapsGVR, cm, "ns"))
			return tr.Create(configMapsGVR, cm, "ns")
		}, apierrors.IsAlreadyExists},
		{"update missing", func(tr ObjectTracker) error {
			return tr.Update(configMapsGVR, cm, "ns")
		}, apierrors.IsNotFound},
		{"patch missing", func(tr ObjectTracker) error {
			return tr.Patch(configMapsGVR, cm, "ns")
		}, apierrors.IsNotFound},
		{"delete missing", func(tr ObjectTracker) error {
			return tr.Delete(configMapsGVR, "ns", "a")
		}, apierrors.IsNotFound},
		{"apply missing without field management", func(tr ObjectTracker) error {
			return tr.Apply(configMapsGVR, cm, "ns")
		}, apierrors.IsNotFound},
		{"namespace mismatch", func(tr ObjectTracker) error {
			return tr.Create(configMapsGVR, cm, "other")
		}, apierrors.IsBadRequest},
		{"nil object", func(tr ObjectTracker) error {
			return tr.Create(configMapsGVR, nil, "ns")
		}, apierrors.IsBadRequest},
		{"typed nil object", func(tr ObjectTracker) error {
			return tr.Update(configMapsGVR, (*corev1.ConfigMap)(nil), "ns")
		}, apierrors.IsBadRequest},
		{"two option arguments", func(tr ObjectTracker) error {
			return tr.Create(configMapsGVR, cm, "ns", metav1.CreateOptions{}, metav1.CreateOptions{})
		}, func(err error) bool { return err != nil }},
		{"add nil", func(tr ObjectTracker) error { return tr.Add(nil) },
			func(err error) bool { return err != nil }},
		{"add unregistered kind", func(tr ObjectTracker) error {
			return tr.Add(&metav1.Status{})
		}, func(err error) bool { return err != nil }},
		{"list of an unregistered kind", func(tr ObjectTracker) error {
			_, err := tr.List(configMapsGVR, schema.GroupVersionKind{Version: "v1", Kind: "Nope"}, "ns")
			return err
		}, func(err error) bool { return err != nil }},
		{"watch with a malformed resource version", func(tr ObjectTracker) error {
			_, err := tr.Watch(configMapsGVR, "ns", metav1.ListOptions{ResourceVersion: "abc"})
			return err
		}, func(err error) bool { return err != nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.setup(newTestTracker(t))
			require.Error(t, err)
			assert.True(t, tt.check(err), "unexpected error: %v", err)
		})
	}
}

func TestTrackerCRUD(t *testing.T) {
	tr := newTestTracker(t)

	// Create propagates the request namespace to objects without one.
	require.NoError(t, tr.Create(configMapsGVR, configMap("", "a", map[string]string{"k": "v1"}), "ns"))
	got, err := tr.Get(configMapsGVR, "ns", "a")
	require.NoError(t, err)
	assert.Equal(t, "ns", got.(*corev1.ConfigMap).Namespace)
	assert.Equal(t, "v1", got.(*corev1.ConfigMap).Data["k"])

	require.NoError(t, tr.Update(configMapsGVR, configMap("ns", "a", map[string]string{"k": "v2"}), "ns", metav1.UpdateOptions{}))
	got, err = tr.Get(configMapsGVR, "ns", "a", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, "v2", got.(*corev1.ConfigMap).Data["k"])

	require.NoError(t, tr.Patch(configMapsGVR, configMap("ns", "a", map[string]string{"k": "v3"}), "ns", metav1.PatchOptions{}))
	got, err = tr.Get(configMapsGVR, "ns", "a")
	require.NoError(t, err)
	assert.Equal(t, "v3", got.(*corev1.ConfigMap).Data["k"])

	// The same name in another resource or namespace is a different object.
	require.NoError(t, tr.Create(configMapsGVR, configMap("other", "a", nil), "other"))
	require.NoError(t, tr.Create(podsGVR, &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "a"}}, "ns"))

	require.NoError(t, tr.Delete(configMapsGVR, "ns", "a", metav1.DeleteOptions{}))
	_, err = tr.Get(configMapsGVR, "ns", "a")
	assert.True(t, apierrors.IsNotFound(err))
	_, err = tr.Get(configMapsGVR, "other", "a")
	assert.NoError(t, err)
	_, err = tr.Get(podsGVR, "ns", "a")
	assert.NoError(t, err)
}

func TestTrackerCopiesInAndOut(t *testing.T) {
	tr := newTestTracker(t)
	cm := configMap("ns", "a", map[string]string{"k": "v"})
	require.NoError(t, tr.Create(configMapsGVR, cm, "ns"))
	cm.Data["k"] = "changed by the caller"

	got, err := tr.Get(configMapsGVR, "ns", "a")
	require.NoError(t, err)
	assert.Equal(t, "v", got.(*corev1.ConfigMap).Data["k"])
	got.(*corev1.ConfigMap).Data["k"] = "changed through Get"

	list, err := tr.List(configMapsGVR, schema.GroupVersionKind{Version: "v1", Kind: "ConfigMap"}, "ns")
	require.NoError(t, err)
	items := list.(*corev1.ConfigMapList).Items
	require.Len(t, items, 1)
	assert.Equal(t, "v", items[0].Data["k"])
	items[0].Data["k"] = "changed through List"

	again, err := tr.Get(configMapsGVR, "ns", "a")
	require.NoError(t, err)
	assert.Equal(t, "v", again.(*corev1.ConfigMap).Data["k"])
}

func TestTrackerAdd(t *testing.T) {
	tr := newTestTracker(t)
	dep := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "d"}}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "ns"}}
	list := &corev1.List{Items: []runtime.RawExtension{
		{Raw: []byte(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"raw","namespace":"ns"}}`)},
		{Object: configMap("ns", "obj", nil)},
	}}
	podList := &corev1.PodList{Items: []corev1.Pod{{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "p"}}}}
	for _, obj := range []runtime.Object{dep, ns, list, podList} {
		require.NoError(t, tr.Add(obj))
	}
	for _, want := range []struct {
		gvr       schema.GroupVersionResource
		ns, name  string
		wantOfTyp interface{}
	}{
		{deploymentsGVR, "ns", "d", &appsv1.Deployment{}},
		{namespacesGVR, "", "ns", &corev1.Namespace{}},
		{configMapsGVR, "ns", "raw", &corev1.ConfigMap{}},
		{configMapsGVR, "ns", "obj", &corev1.ConfigMap{}},
		{podsGVR, "ns", "p", &corev1.Pod{}},
	} {
		got, err := tr.Get(want.gvr, want.ns, want.name)
		require.NoError(t, err, "%s %s/%s", want.gvr.Resource, want.ns, want.name)
		assert.IsType(t, want.wantOfTyp, got)
	}
	assert.True(t, apierrors.IsAlreadyExists(tr.Add(dep)))
}

func TestTrackerList(t *testing.T) {
	tr := newTestTracker(t)
	cmKind := schema.GroupVersionKind{Version: "v1", Kind: "ConfigMap"}

	empty, err := tr.List(configMapsGVR, cmKind, "")
	require.NoError(t, err)
	require.IsType(t, &corev1.ConfigMapList{}, empty)
	assert.Empty(t, empty.(*corev1.ConfigMapList).Items)
	assert.Equal(t, "1", empty.(*corev1.ConfigMapList).ResourceVersion, "an empty collection is at version 1")

	for _, c := range []struct{ ns, name string }{{"b", "z"}, {"a", "y"}, {"b", "a"}, {"a", "x"}} {
		require.NoError(t, tr.Create(configMapsGVR, configMap(c.ns, c.name, nil), c.ns))
	}
	names := func(list runtime.Object) []string {
		var out []string
		for _, cm := range list.(*corev1.ConfigMapList).Items {
			out = append(out, cm.Namespace+"/"+cm.Name)
		}
		return out
	}
	all, err := tr.List(configMapsGVR, cmKind, "", metav1.ListOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"a/x", "a/y", "b/a", "b/z"}, names(all), "sorted by namespace and name")
	assert.Equal(t, "5", all.(*corev1.ConfigMapList).ResourceVersion)

	inB, err := tr.List(configMapsGVR, cmKind, "b")
	require.NoError(t, err)
	assert.Equal(t, []string{"b/a", "b/z"}, names(inB))

	require.NoError(t, tr.Update(configMapsGVR, configMap("a", "x", map[string]string{"k": "v"}), "a"))
	require.NoError(t, tr.Delete(configMapsGVR, "a", "y"))
	after, err := tr.List(configMapsGVR, cmKind, "")
	require.NoError(t, err)
	assert.Equal(t, "6", after.(*corev1.ConfigMapList).ResourceVersion, "updates bump the version, deletes do not")
	assert.Equal(t, []string{"a/x", "b/a", "b/z"}, names(after))
}

// nextEvent waits for one event on w.
func nextEvent(t *testing.T, w watch.Interface) watch.Event {
	t.Helper()
	select {
	case ev, ok := <-w.ResultChan():
		require.True(t, ok, "watch channel closed")
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("timed out waiting for a watch event")
		return watch.Event{}
	}
}

// noEvent asserts that w has no pending event.
func noEvent(t *testing.T, w watch.Interface) {
	t.Helper()
	select {
	case ev := <-w.ResultChan():
		t.Fatalf("unexpected event %s %T", ev.Type, ev.Object)
	case <-time.After(20 * time.Millisecond):
	}
}

func eventName(ev watch.Event) string {
	cm, ok := ev.Object.(*corev1.ConfigMap)
	if !ok {
		return fmt.Sprintf("%s %T", ev.Type, ev.Object)
	}
	return fmt.Sprintf("%s %s/%s", ev.Type, cm.Namespace, cm.Name)
}

func TestTrackerWatch(t *testing.T) {
	tr := newTestTracker(t)
	inNS, err := tr.Watch(configMapsGVR, "ns")
	require.NoError(t, err)
	defer inNS.Stop()
	everywhere, err := tr.Watch(configMapsGVR, "")
	require.NoError(t, err)
	defer everywhere.Stop()
	pods, err := tr.Watch(podsGVR, "")
	require.NoError(t, err)
	defer pods.Stop()

	require.NoError(t, tr.Create(configMapsGVR, configMap("ns", "a", nil), "ns"))
	require.NoError(t, tr.Create(configMapsGVR, configMap("other", "b", nil), "other"))
	require.NoError(t, tr.Update(configMapsGVR, configMap("ns", "a", map[string]string{"k": "v"}), "ns"))
	require.NoError(t, tr.Delete(configMapsGVR, "ns", "a"))

	for _, want := range []string{"ADDED ns/a", "MODIFIED ns/a", "DELETED ns/a"} {
		assert.Equal(t, want, eventName(nextEvent(t, inNS)))
	}
	noEvent(t, inNS)
	for _, want := range []string{"ADDED ns/a", "ADDED other/b", "MODIFIED ns/a", "DELETED ns/a"} {
		assert.Equal(t, want, eventName(nextEvent(t, everywhere)))
	}
	noEvent(t, pods)
}

func TestTrackerWatchEventsAreCopies(t *testing.T) {
	tr := newTestTracker(t)
	w1, err := tr.Watch(configMapsGVR, "ns")
	require.NoError(t, err)
	defer w1.Stop()
	w2, err := tr.Watch(configMapsGVR, "ns")
	require.NoError(t, err)
	defer w2.Stop()

	require.NoError(t, tr.Create(configMapsGVR, configMap("ns", "a", map[string]string{"k": "v"}), "ns"))
	ev1 := nextEvent(t, w1)
	ev1.Object.(*corev1.ConfigMap).Data["k"] = "changed"
	ev2 := nextEvent(t, w2)
	assert.Equal(t, "v", ev2.Object.(*corev1.ConfigMap).Data["k"])
	got, err := tr.Get(configMapsGVR, "ns", "a")
	require.NoError(t, err)
	assert.Equal(t, "v", got.(*corev1.ConfigMap).Data["k"])
}

func TestTrackerWatchReplaysFromResourceVersion(t *testing.T) {
	cmKind := schema.GroupVersionKind{Version: "v1", Kind: "ConfigMap"}
	tests := []struct {
		name string
		opts []metav1.ListOptions
		// fromList replaces the options' resource version by the one of a
		// List made after the first two objects.
		fromList bool
		want     []string
	}{
		{name: "no options: only later changes", want: []string{"ADDED ns/c"}},
		{name: "empty resource version: everything", opts: []metav1.ListOptions{{}},
			want: []string{"ADDED ns/a", "ADDED ns/b", "ADDED ns/c"}},
		{name: "resource version of a list: what the list missed", opts: []metav1.ListOptions{{}}, fromList: true,
			want: []string{"ADDED ns/b", "ADDED ns/c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := newTestTracker(t)
			require.NoError(t, tr.Create(configMapsGVR, configMap("ns", "a", nil), "ns"))
			list, err := tr.List(configMapsGVR, cmKind, "ns")
			require.NoError(t, err)
			require.NoError(t, tr.Create(configMapsGVR, configMap("ns", "b", nil), "ns"))
			if tt.fromList {
				tt.opts[0].ResourceVersion = list.(*corev1.ConfigMapList).ResourceVersion
			}
			w, err := tr.Watch(configMapsGVR, "ns", tt.opts...)
			require.NoError(t, err)
			defer w.Stop()
			require.NoError(t, tr.Create(configMapsGVR, configMap("ns", "c", nil), "ns"))
			var got []string
			for range tt.want {
				got = append(got, eventName(nextEvent(t, w)))
			}
			assert.Equal(t, tt.want, got)
			noEvent(t, w)
		})
	}
}

// waitGoroutines waits until no more than n goroutines run. (Not
// assert.Eventually: it runs its condition in a goroutine of its own.)
func waitGoroutines(t *testing.T, n int, msg string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for goruntime.NumGoroutine() > n {
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d goroutines, want at most %d", msg, goruntime.NumGoroutine(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestTrackerWatchSlowConsumer(t *testing.T) {
	// Far more events than the channel buffers must neither panic nor block
	// the tracker, and must arrive in order.
	tr := newTestTracker(t)
	baseline := goruntime.NumGoroutine()
	w, err := tr.Watch(configMapsGVR, "ns")
	require.NoError(t, err)
	defer w.Stop()
	const n = 3 * watchBuffer
	for i := range n {
		require.NoError(t, tr.Create(configMapsGVR, configMap("ns", fmt.Sprintf("cm-%04d", i), nil), "ns"))
	}
	for i := range n {
		assert.Equal(t, fmt.Sprintf("ADDED ns/cm-%04d", i), eventName(nextEvent(t, w)))
	}
	noEvent(t, w)
	waitGoroutines(t, baseline, "the queue's goroutine ends once the queue is drained")
}

func TestTrackerWatchStop(t *testing.T) {
	tr := newTestTracker(t)
	baseline := goruntime.NumGoroutine()
	w, err := tr.Watch(configMapsGVR, "ns")
	require.NoError(t, err)
	// Fill the buffer so that a pump goroutine is running, then stop.
	for i := range watchBuffer + 10 {
		require.NoError(t, tr.Create(configMapsGVR, configMap("ns", fmt.Sprint(i), nil), "ns"))
	}
	w.Stop()
	w.Stop() // idempotent
	drained := 0
	timeout := time.After(5 * time.Second)
	for open := true; open; {
		select {
		case _, open = <-w.ResultChan():
			if open {
				drained++
			}
		case <-timeout:
			t.Fatal("result channel not closed after Stop")
		}
	}
	assert.LessOrEqual(t, drained, watchBuffer+10)
	waitGoroutines(t, baseline, "Stop ends the queue's goroutine")
	// Changes after Stop are not delivered and do not fail.
	require.NoError(t, tr.Create(configMapsGVR, configMap("ns", "late", nil), "ns"))
	tt := tr.(*tracker)
	tt.mu.RLock()
	defer tt.mu.RUnlock()
	assert.Empty(t, tt.watchers[configMapsGVR]["ns"], "stopped watchers are forgotten")
}

func TestTrackerConcurrentUse(t *testing.T) {
	tr := newTestTracker(t)
	w, err := tr.Watch(configMapsGVR, "")
	require.NoError(t, err)
	defer w.Stop()

	const workers, perWorker = 8, 25
	var wg sync.WaitGroup
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ns := fmt.Sprintf("ns-%d", i)
			for j := range perWorker {
				name := fmt.Sprintf("cm-%d", j)
				assert.NoError(t, tr.Create(configMapsGVR, configMap(ns, name, nil), ns))
				assert.NoError(t, tr.Update(configMapsGVR, configMap(ns, name, map[string]string{"j": name}), ns))
				_, err := tr.Get(configMapsGVR, ns, name)
				assert.NoError(t, err)
				_, err = tr.List(configMapsGVR, schema.GroupVersionKind{Version: "v1", Kind: "ConfigMap"}, ns)
				assert.NoError(t, err)
				assert.NoError(t, tr.Delete(configMapsGVR, ns, name))
			}
		}()
	}
	counts := map[watch.EventType]int{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 3 * workers * perWorker {
			ev := <-w.ResultChan()
			counts[ev.Type]++
		}
	}()
	wg.Wait()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("not all events were delivered")
	}
	assert.Equal(t, map[watch.EventType]int{
		watch.Added: workers * perWorker, watch.Modified: workers * perWorker, watch.Deleted: workers * perWorker,
	}, counts)
}

func TestTrackerWithoutSchemeOrDecoder(t *testing.T) {
	tr := NewObjectTracker(nil, nil)
	assert.Error(t, tr.Add(configMap("ns", "a", nil)))
	_, err := tr.List(configMapsGVR, schema.GroupVersionKind{Version: "v1", Kind: "ConfigMap"}, "")
	assert.Error(t, err)
	// Create names the resource itself and needs no scheme.
	require.NoError(t, tr.Create(configMapsGVR, configMap("ns", "a", nil), "ns"))

	var nilScheme *runtime.Scheme
	assert.Error(t, NewObjectTracker(nilScheme, nil).Add(configMap("ns", "a", nil)))

	// Raw list items cannot be decoded without a decoder.
	noDecoder := NewObjectTracker(newTestScheme(t), nil)
	raw := &corev1.List{Items: []runtime.RawExtension{{Raw: []byte(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}`)}}}
	var addErr error
	require.NotPanics(t, func() { addErr = noDecoder.Add(raw) })
	assert.Error(t, addErr)
}
