package testing

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"

	restclient "github.com/kclient/kclient/rest"
)

// answer returns a reaction that handles every action with a pod named name.
func answer(name string) ReactionFunc {
	return func(Action) (bool, runtime.Object, error) {
		return true, &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name}}, nil
	}
}

func pass(calls *[]string, name string) ReactionFunc {
	return func(Action) (bool, runtime.Object, error) {
		*calls = append(*calls, name)
		return false, &corev1.Pod{}, errors.New("ignored because unhandled")
	}
}

func podName(t *testing.T, obj runtime.Object) string {
	t.Helper()
	pod, ok := obj.(*corev1.Pod)
	require.True(t, ok, "got %T", obj)
	return pod.Name
}

func TestFakeReactionChain(t *testing.T) {
	get := NewGetAction(podsGVR, "ns", "p")
	tests := []struct {
		name  string
		setup func(f *Fake, calls *[]string)
		want  string // name of the returned pod; "" for the default object
		calls []string
	}{
		{
			name:  "no reactor returns the default object",
			setup: func(*Fake, *[]string) {},
			want:  "default",
		},
		{
			name: "first handling reactor wins",
			setup: func(f *Fake, _ *[]string) {
				f.AddReactor("get", "pods", answer("first"))
				f.AddReactor("get", "pods", answer("second"))
			},
			want: "first",
		},
		{
			name: "prepend goes before existing reactors",
			setup: func(f *Fake, _ *[]string) {
				f.AddReactor("*", "*", answer("added"))
				f.PrependReactor("get", "pods", answer("prepended"))
			},
			want: "prepended",
		},
		{
			name: "unhandled reactors are skipped and their results ignored",
			setup: func(f *Fake, calls *[]string) {
				f.AddReactor("get", "pods", pass(calls, "a"))
				f.AddReactor("*", "pods", pass(calls, "b"))
				f.AddReactor("get", "*", answer("c"))
				f.AddReactor("get", "pods", pass(calls, "never"))
			},
			want:  "c",
			calls: []string{"a", "b"},
		},
		{
			name: "reactors for other verbs and resources are not consulted",
			setup: func(f *Fake, calls *[]string) {
				f.AddReactor("list", "pods", pass(calls, "list"))
				f.AddReactor("get", "configmaps", pass(calls, "configmaps"))
				f.AddReactor("get", "pods/status", pass(calls, "status"))
			},
			want: "default",
		},
		{
			name: "all unhandled falls back to the default object",
			setup: func(f *Fake, calls *[]string) {
				f.AddReactor("*", "*", pass(calls, "a"))
			},
			want:  "default",
			calls: []string{"a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &Fake{}
			var calls []string
			tt.setup(f, &calls)
			obj, err := f.Invokes(get, &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "default"}})
			require.NoError(t, err)
			assert.Equal(t, tt.want, podName(t, obj))
			assert.Equal(t, tt.calls, calls)
		})
	}
}

func TestFakeReactorErrorShortCircuits(t *testing.T) {
	f := &Fake{}
	boom := errors.New("boom")
	f.AddReactor("create", "pods", func(Action) (bool, runtime.Object, error) { return true, nil, boom })
	f.AddReactor("create", "pods", answer("unreached"))
	obj, err := f.Invokes(NewCreateAction(podsGVR, "ns", &corev1.Pod{}), &corev1.Pod{})
	assert.ErrorIs(t, err, boom)
	assert.Nil(t, obj)
}

func TestFakeSubresourceReactors(t *testing.T) {
	f := &Fake{}
	f.AddReactor("update", "pods/status", answer("status"))
	f.AddReactor("update", "pods", answer("main"))

	obj, err := f.Invokes(NewUpdateSubresourceAction(podsGVR, "status", "ns", &corev1.Pod{}), nil)
	require.NoError(t, err)
	assert.Equal(t, "status", podName(t, obj))

	obj, err = f.Invokes(NewUpdateAction(podsGVR, "ns", &corev1.Pod{}), nil)
	require.NoError(t, err)
	assert.Equal(t, "main", podName(t, obj))
}

func TestFakeRecordsCopiesOfActions(t *testing.T) {
	f := &Fake{}
	f.AddReactor("create", "pods", func(a Action) (bool, runtime.Object, error) {
		// A reactor mutating its action must not change the record.
		a.(CreateActionImpl).Object.(*corev1.Pod).Name = "mutated-by-reactor"
		return true, nil, nil
	})
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p"}}
	_, err := f.Invokes(NewCreateAction(podsGVR, "ns", pod), nil)
	require.NoError(t, err)
	pod.Name = "mutated-by-caller"

	actions := f.Actions()
	require.Len(t, actions, 1)
	recorded := actions[0].(CreateActionImpl).GetObject().(*corev1.Pod)
	assert.Equal(t, "p", recorded.Name)

	actions[0] = nil // the returned slice is the caller's
	assert.NotNil(t, f.Actions()[0])

	f.ClearActions()
	assert.Empty(t, f.Actions())
	assert.NotNil(t, f.Actions())
}

func TestFakeRecordsEveryKindOfCall(t *testing.T) {
	f := &Fake{}
	f.AddWatchReactor("*", DefaultWatchReactor(watch.NewFake(), nil))
	_, _ = f.Invokes(NewGetAction(podsGVR, "ns", "a"), nil)
	_, _ = f.InvokesWatch(NewWatchAction(podsGVR, "ns", metav1.ListOptions{}))
	_ = f.InvokesProxy(NewProxyGetAction(podsGVR, "ns", "", "a", "80", "/", nil))

	var verbs []string
	for _, a := range f.Actions() {
		verbs = append(verbs, a.GetVerb())
	}
	assert.Equal(t, []string{"get", "watch", "get"}, verbs)
	assert.IsType(t, ProxyGetActionImpl{}, f.Actions()[2])
}

func TestFakeInvokesWatch(t *testing.T) {
	action := NewWatchAction(podsGVR, "ns", metav1.ListOptions{})

	f := &Fake{}
	w, err := f.InvokesWatch(action)
	assert.Nil(t, w)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "unhandled watch")

	fakeWatch := watch.NewFake()
	boom := errors.New("boom")
	f.AddWatchReactor("pods", DefaultWatchReactor(fakeWatch, nil))
	f.PrependWatchReactor("configmaps", DefaultWatchReactor(nil, boom))
	f.PrependWatchReactor("pods", func(Action) (bool, watch.Interface, error) { return false, nil, boom })

	w, err = f.InvokesWatch(action)
	require.NoError(t, err)
	assert.Same(t, fakeWatch, w)

	_, err = f.InvokesWatch(NewWatchAction(configMapsGVR, "ns", metav1.ListOptions{}))
	assert.ErrorIs(t, err, boom)
}

type fakeResponse string

func (r fakeResponse) DoRaw(context.Context) ([]byte, error) { return []byte(r), nil }
func (r fakeResponse) Stream(context.Context) (io.ReadCloser, error) {
	return io.NopCloser(strings.NewReader(string(r))), nil
}

func TestFakeInvokesProxy(t *testing.T) {
	action := NewProxyGetAction(podsGVR, "ns", "http", "p", "80", "/", nil)
	f := &Fake{}
	assert.Nil(t, f.InvokesProxy(action), "no reactor")

	f.AddProxyReactor("pods", func(Action) (bool, restclient.ResponseWrapper, error) {
		return true, fakeResponse("second"), nil
	})
	f.PrependProxyReactor("pods", func(Action) (bool, restclient.ResponseWrapper, error) {
		return true, fakeResponse("errored"), errors.New("an error makes the reaction count as unhandled")
	})
	f.PrependProxyReactor("services", func(Action) (bool, restclient.ResponseWrapper, error) {
		return true, fakeResponse("services"), nil
	})
	resp := f.InvokesProxy(action)
	require.NotNil(t, resp)
	body, err := resp.DoRaw(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "second", string(body))
}

func TestFakeNilActions(t *testing.T) {
	f := &Fake{}
	_, err := f.Invokes(nil, nil)
	assert.Error(t, err)
	_, err = f.InvokesWatch(nil)
	assert.Error(t, err)
	assert.Nil(t, f.InvokesProxy(nil))
	assert.Empty(t, f.Actions())
}

func TestSimpleReactorHandles(t *testing.T) {
	status := NewUpdateSubresourceAction(podsGVR, "status", "ns", &corev1.Pod{})
	tests := []struct {
		verb, resource string
		want           bool
	}{
		{"*", "*", true},
		{"update", "*", true},
		{"*", "pods", true},
		{"update", "pods/status", true},
		{"update", "pods/scale", false},
		{"get", "pods", false},
		{"update", "configmaps", false},
		{"Update", "pods", false}, // verbs compare exactly, unlike Action.Matches
	}
	for _, tt := range tests {
		r := &SimpleReactor{Verb: tt.verb, Resource: tt.resource}
		assert.Equal(t, tt.want, r.Handles(status), "%s %s", tt.verb, tt.resource)
	}
	w := &SimpleWatchReactor{Resource: "pods"}
	assert.True(t, w.Handles(status))
	p := &SimpleProxyReactor{Resource: "configmaps"}
	assert.False(t, p.Handles(status))

	// Reactors without a reaction leave actions unhandled instead of panicking.
	handled, _, _ := (&SimpleReactor{}).React(status)
	assert.False(t, handled)
	handled, _, _ = (&SimpleWatchReactor{}).React(status)
	assert.False(t, handled)
	handled, _, _ = (&SimpleProxyReactor{}).React(status)
	assert.False(t, handled)
}

func TestFakeConcurrentUse(t *testing.T) {
	f := &Fake{}
	var mu sync.Mutex
	count := 0
	f.AddReactor("*", "*", func(Action) (bool, runtime.Object, error) {
		mu.Lock()
		count++
		mu.Unlock()
		return true, nil, nil
	})
	f.AddWatchReactor("*", DefaultWatchReactor(watch.NewFake(), nil))

	const workers, calls = 8, 50
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range calls {
				_, err := f.Invokes(NewGetAction(podsGVR, "ns", fmt.Sprintf("%d-%d", w, i)), nil)
				assert.NoError(t, err)
				_, err = f.InvokesWatch(NewWatchAction(podsGVR, "ns", metav1.ListOptions{}))
				assert.NoError(t, err)
				_ = f.Actions()
				if i%10 == 0 {
					f.AddWatchReactor("never", DefaultWatchReactor(nil, nil))
				}
			}
		}()
	}
	wg.Wait()
	assert.Len(t, f.Actions(), 2*workers*calls)
	assert.Equal(t, workers*calls, count)
}

func TestFakeReactorsShareOneCopyOfTheAction(t *testing.T) {
	// An unhandling reactor's changes to the action are seen by the next
	// reactor, but never by the recorded action or the caller's object.
	f := &Fake{}
	f.AddReactor("create", "pods", func(a Action) (bool, runtime.Object, error) {
		a.(CreateActionImpl).Object.(*corev1.Pod).Labels = map[string]string{"seen": "yes"}
		return false, nil, nil
	})
	f.AddReactor("create", "pods", func(a Action) (bool, runtime.Object, error) {
		return true, a.(CreateActionImpl).Object, nil
	})
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p"}}
	ret, err := f.Invokes(NewCreateAction(podsGVR, "ns", pod), nil)
	require.NoError(t, err)
	assert.Equal(t, "yes", ret.(*corev1.Pod).Labels["seen"])
	assert.Nil(t, pod.Labels)
	assert.Nil(t, f.Actions()[0].(CreateActionImpl).Object.(*corev1.Pod).Labels)
}
