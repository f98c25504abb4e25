package consistencydetector

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

func pod(name, uid, rv string) corev1.Pod {
	return corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, UID: types.UID(uid), ResourceVersion: rv}}
}

// fakeList records the options of each call and answers from pods.
type fakeList struct {
	pods     []corev1.Pod
	failures int // calls that fail before one succeeds
	calls    []metav1.ListOptions
}

func (f *fakeList) list(_ context.Context, opts metav1.ListOptions) (*corev1.PodList, error) {
	f.calls = append(f.calls, opts)
	if len(f.calls) <= f.failures {
		return nil, errors.New("apiserver unavailable")
	}
	return &corev1.PodList{Items: f.pods}, nil
}

func held(pods ...corev1.Pod) RetrieveItemsFunc[*corev1.Pod] {
	return func() []*corev1.Pod {
		out := make([]*corev1.Pod, len(pods))
		for i := range pods {
			out[i] = &pods[i]
		}
		return out
	}
}

func TestCheckDataConsistency(t *testing.T) {
	a, b := pod("a", "1", "10"), pod("b", "2", "11")
	stripRV := func(obj interface{}) (interface{}, error) {
		p := obj.(*corev1.Pod).DeepCopy()
		p.ResourceVersion = ""
		return p, nil
	}
	tests := []struct {
		name      string
		server    []corev1.Pod
		client    RetrieveItemsFunc[*corev1.Pod]
		rv        string
		opts      metav1.ListOptions
		transform TransformFunc
		wantPanic bool
		wantCalls []metav1.ListOptions
	}{
		{
			name:   "same items in another order",
			server: []corev1.Pod{b, a}, client: held(a, b), rv: "11",
			wantCalls: []metav1.ListOptions{{ResourceVersion: "11", ResourceVersionMatch: metav1.ResourceVersionMatchExact}},
		},
		{
			name:   "missing item",
			server: []corev1.Pod{a, b}, client: held(a), rv: "11",
			wantPanic: true,
			wantCalls: []metav1.ListOptions{{ResourceVersion: "11", ResourceVersionMatch: metav1.ResourceVersionMatchExact}},
		},
		{
			name:   "stale item",
			server: []corev1.Pod{a, b}, client: held(a, pod("b", "2", "9")), rv: "11",
			wantPanic: true,
			wantCalls: []metav1.ListOptions{{ResourceVersion: "11", ResourceVersionMatch: metav1.ResourceVersionMatchExact}},
		},
		{
			name:   "transform applied to listed items",
			server: []corev1.Pod{a}, client: held(pod("a", "1", "")), rv: "11", transform: stripRV,
			wantCalls: []metav1.ListOptions{{ResourceVersion: "11", ResourceVersionMatch: metav1.ResourceVersionMatchExact}},
		},
		{
			name:   "selectors kept, limit at RV 0 dropped when more items are held",
			server: []corev1.Pod{a, b}, client: held(a, b), rv: "11",
			opts:      metav1.ListOptions{LabelSelector: "x=y", ResourceVersion: "0", Limit: 1},
			wantCalls: []metav1.ListOptions{{LabelSelector: "x=y", ResourceVersion: "11", ResourceVersionMatch: metav1.ResourceVersionMatchExact}},
		},
		{
			name:   "limit kept when it covers the items",
			server: []corev1.Pod{a}, client: held(a), rv: "11",
			opts:      metav1.ListOptions{ResourceVersion: "0", Limit: 5},
			wantCalls: []metav1.ListOptions{{ResourceVersion: "11", ResourceVersionMatch: metav1.ResourceVersionMatchExact, Limit: 5}},
		},
		{name: "resourceVersion 0 cannot be listed exactly", server: []corev1.Pod{a}, client: held(), rv: "0"},
		{name: "continue token", server: []corev1.Pod{a}, client: held(), rv: "11", opts: metav1.ListOptions{Continue: "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeList{pods: tt.server}
			check := func() {
				CheckDataConsistency(context.Background(), "pods", tt.rv, f.list, tt.transform, tt.opts, tt.client)
			}
			if tt.wantPanic {
				assert.PanicsWithValue(t, "data inconsistency detected for pods, panicking!", check)
			} else {
				assert.NotPanics(t, check)
			}
			assert.Equal(t, tt.wantCalls, f.calls)
		})
	}
}

func TestCheckDataConsistencyRetriesList(t *testing.T) {
	a := pod("a", "1", "10")
	f := &fakeList{pods: []corev1.Pod{a}, failures: 1}
	assert.NotPanics(t, func() {
		CheckDataConsistency(context.Background(), "", "10", f.list, nil, metav1.ListOptions{}, held(a))
	})
	assert.Len(t, f.calls, 2)
}

func TestCheckDataConsistencyGivesUp(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	f := &fakeList{failures: 1 << 30}
	start := time.Now()
	assert.NotPanics(t, func() {
		CheckDataConsistency(ctx, "pods", "10", f.list, nil, metav1.ListOptions{}, held(pod("a", "1", "1")))
	})
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Len(t, f.calls, 1)
}

func TestCheckDataConsistencyBadItems(t *testing.T) {
	f := &fakeList{pods: []corev1.Pod{pod("a", "1", "1")}}
	notObjects := func() []string { return []string{"not an object"} }
	assert.NotPanics(t, func() {
		CheckDataConsistency(context.Background(), "pods", "10", f.list, nil, metav1.ListOptions{}, notObjects)
	})
	failing := func(interface{}) (interface{}, error) { return nil, errors.New("boom") }
	assert.NotPanics(t, func() {
		CheckDataConsistency(context.Background(), "pods", "10", f.list, failing, metav1.ListOptions{}, held())
	})
}

func TestEnableForTest(t *testing.T) {
	orig := IsDataConsistencyDetectionForWatchListEnabled()
	restore := SetDataConsistencyDetectionForWatchListEnabledForTest(!orig)
	assert.Equal(t, !orig, IsDataConsistencyDetectionForWatchListEnabled())
	restore()
	assert.Equal(t, orig, IsDataConsistencyDetectionForWatchListEnabled())
}

func TestMetaObjectsError(t *testing.T) {
	_, err := metaObjects([]int{1})
	require.ErrorContains(t, err, "item 0 (int)")
}
