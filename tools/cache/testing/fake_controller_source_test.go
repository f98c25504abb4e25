package framework

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/tools/cache"
)

func pod(name string) *v1.Pod {
	return &v1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: name, UID: types.UID("uid-" + name)}}
}

// next reads one event or fails after a second.
func next(t *testing.T, w watch.Interface) watch.Event {
	t.Helper()
	select {
	case e, ok := <-w.ResultChan():
		require.True(t, ok, "watch closed")
		return e
	case <-time.After(time.Second):
		t.Fatal("no event within a second")
		return watch.Event{}
	}
}

func describe(e watch.Event) string {
	p := e.Object.(*v1.Pod)
	return string(e.Type) + " " + p.Name + "@" + p.ResourceVersion
}

func listNames(t *testing.T, obj runtime.Object) (names []string, rv string) {
	t.Helper()
	l := obj.(*v1.List)
	for _, raw := range l.Items {
		names = append(names, raw.Object.(*v1.Pod).Name+"@"+raw.Object.(*v1.Pod).ResourceVersion)
	}
	return names, l.ResourceVersion
}

func TestListAndResourceVersions(t *testing.T) {
	f := NewFakeControllerSource()
	a, b := pod("a"), pod("b")
	f.Add(a)
	f.Add(b)
	f.Modify(a)
	f.Delete(b)
	assert.Equal(t, "3", a.ResourceVersion, "the caller's object gets the resourceVersion")
	assert.Equal(t, "4", b.ResourceVersion)

	obj, err := f.List(metav1.ListOptions{})
	require.NoError(t, err)
	names, rv := listNames(t, obj)
	assert.Equal(t, []string{"a@3"}, names)
	assert.Equal(t, "4", rv)

	// Listed objects are copies.
	obj.(*v1.List).Items[0].Object.(*v1.Pod).Labels = map[string]string{"x": "y"}
	assert.Nil(t, a.Labels)

	f.ListError = errors.New("injected")
	_, err = f.List(metav1.ListOptions{})
	require.EqualError(t, err, "injected")
}

func TestWatchReplay(t *testing.T) {
	f := NewFakeControllerSource()
	a := pod("a")
	f.Add(a)             // 1
	f.Add(pod("b"))      // 2
	f.ModifyDropWatch(a) // 3

	tests := []struct {
		rv      string
		want    []string
		wantErr func(error) bool
	}{
		{rv: "0", want: []string{"ADDED a@1", "ADDED b@2", "MODIFIED a@3"}},
		{rv: "1", want: []string{"ADDED b@2", "MODIFIED a@3"}},
		{rv: "3"},
		{rv: "4", wantErr: func(err error) bool { return err != nil && !apierrors.IsResourceExpired(err) }},
		{rv: "", wantErr: func(err error) bool { return err != nil }},
	}
	for _, tt := range tests {
		t.Run("rv="+tt.rv, func(t *testing.T) {
			w, err := f.Watch(metav1.ListOptions{ResourceVersion: tt.rv})
			if tt.wantErr != nil {
				assert.True(t, tt.wantErr(err), "unexpected error %v", err)
				return
			}
			require.NoError(t, err)
			defer w.Stop()
			var got []string
			for range tt.want {
				got = append(got, describe(next(t, w)))
			}
			assert.Equal(t, tt.want, got)
		})
	}
	// The history holds copies: the replayed object has the resourceVersion
	// of its own change even though the caller's object moved on.
	assert.Equal(t, "3", a.ResourceVersion)
}

func TestWatchLiveAndDropped(t *testing.T) {
	f := NewFakeControllerSource()
	w, err := f.Watch(metav1.ListOptions{ResourceVersion: "0"})
	require.NoError(t, err)
	defer w.Stop()
	f.AddDropWatch(pod("hidden"))
	f.Add(pod("seen"))
	assert.Equal(t, "ADDED seen@2", describe(next(t, w)))
	f.DeleteDropWatch(pod("seen"))
	f.Modify(pod("hidden"))
	assert.Equal(t, "MODIFIED hidden@4", describe(next(t, w)))
}

func TestResetWatch(t *testing.T) {
	f := NewFakeControllerSource()
	f.Add(pod("a"))
	w, err := f.Watch(metav1.ListOptions{ResourceVersion: "1"})
	require.NoError(t, err)
	f.ResetWatch()
	select {
	case _, ok := <-w.ResultChan():
		assert.False(t, ok, "watchers are closed by a reset")
	case <-time.After(time.Second):
		t.Fatal("watch not closed")
	}
	f.Add(pod("b"))
	_, err = f.Watch(metav1.ListOptions{ResourceVersion: "0"})
	assert.True(t, apierrors.IsResourceExpired(err), "history before the reset is gone: %v", err)
	w, err = f.Watch(metav1.ListOptions{ResourceVersion: "1"})
	require.NoError(t, err)
	assert.Equal(t, "ADDED b@2", describe(next(t, w)))
	w.Stop()
}

func TestBadObjectAndShutdown(t *testing.T) {
	f := NewFakeControllerSource()
	f.Add(&metav1.Status{}) // has no object metadata
	_, err := f.List(metav1.ListOptions{})
	require.ErrorContains(t, err, "cannot record ADDED event for *v1.Status")
	_, err = f.Watch(metav1.ListOptions{ResourceVersion: "0"})
	require.ErrorContains(t, err, "cannot record")

	g := NewFakeControllerSource()
	g.Shutdown()
	g.Shutdown()
	g.Add(pod("late"))
	_, err = g.List(metav1.ListOptions{})
	require.ErrorContains(t, err, "after Shutdown")
}

func TestTypedListSources(t *testing.T) {
	pv := NewFakePVControllerSource()
	pv.Add(&v1.PersistentVolume{ObjectMeta: metav1.ObjectMeta{Name: "pv"}})
	pv.ListError = errors.New("ignored by the PV source")
	obj, err := pv.List(metav1.ListOptions{})
	require.NoError(t, err)
	pvs := obj.(*v1.PersistentVolumeList)
	require.Len(t, pvs.Items, 1)
	assert.Equal(t, "pv", pvs.Items[0].Name)
	assert.Equal(t, "1", pvs.ResourceVersion)

	pvc := NewFakePVCControllerSource()
	pvc.Add(&v1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "claim"}})
	obj, err = pvc.List(metav1.ListOptions{})
	require.NoError(t, err)
	assert.Len(t, obj.(*v1.PersistentVolumeClaimList).Items, 1)
}

// TestDrivesAnInformer shows the intended use: an informer over the fake
// source sees adds, updates, deletes, and recovers from a reset watch.
func TestDrivesAnInformer(t *testing.T) {
	f := NewFakeControllerSource()
	f.Add(pod("a"))
	events := make(chan string, 10)
	store, ctrl := cache.NewInformerWithOptions(cache.InformerOptions{
		ListerWatcher: f,
		ObjectType:    &v1.Pod{},
		Handler: cache.ResourceEventHandlerFuncs{
			AddFunc:    func(obj interface{}) { events <- "add " + obj.(*v1.Pod).Name },
			UpdateFunc: func(_, obj interface{}) { events <- "update " + obj.(*v1.Pod).Name },
			DeleteFunc: func(obj interface{}) { events <- "delete " + obj.(*v1.Pod).Name },
		},
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go ctrl.RunWithContext(ctx)
	expect := func(want string) {
		t.Helper()
		select {
		case got := <-events:
			assert.Equal(t, want, got)
		case <-time.After(5 * time.Second):
			t.Fatalf("no %q event", want)
		}
	}
	expect("add a")
	f.Add(pod("b"))
	expect("add b")
	f.Modify(pod("a"))
	expect("update a")
	f.Delete(pod("b"))
	expect("delete b")
	f.ResetWatch()
	f.Add(pod("c"))
	expect("add c")
	assert.ElementsMatch(t, []string{"ns/a", "ns/c"}, store.ListKeys())
}
