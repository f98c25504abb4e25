package watch_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/kclient/kclient/internal/testcluster"
	watchtools "github.com/kclient/kclient/tools/watch"
)

func TestMain(m *testing.M) { os.Exit(testcluster.Run(m)) }

func cm(name, rv string) *corev1.ConfigMap {
	return &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name, ResourceVersion: rv}}
}

// scripted hands out the given watchers in order and records the
// resourceVersion each watch was started from.
type scripted struct {
	mu       sync.Mutex
	watchers []*watch.FakeWatcher
	versions []string
}

func (s *scripted) WatchWithContext(_ context.Context, opts metav1.ListOptions) (watch.Interface, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.versions = append(s.versions, opts.ResourceVersion)
	if len(s.watchers) == 0 {
		return nil, errors.New("no more watches")
	}
	w := s.watchers[0]
	s.watchers = s.watchers[1:]
	return w, nil
}

func (s *scripted) started() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.versions...)
}

func recv(t *testing.T, ch <-chan watch.Event) watch.Event {
	t.Helper()
	select {
	case e, ok := <-ch:
		require.True(t, ok, "result channel closed early")
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10s")
		return watch.Event{}
	}
}

func TestRetryWatcherResumesAfterClosedWatch(t *testing.T) {
	first, second := watch.NewFakeWithChanSize(10, false), watch.NewFakeWithChanSize(10, false)
	client := &scripted{watchers: []*watch.FakeWatcher{first, second}}
	rw, err := watchtools.NewRetryWatcherWithContext(context.Background(), "1", client)
	require.NoError(t, err)
	defer rw.Stop()

	first.Add(cm("a", "2"))
	first.Action(watch.Bookmark, cm("", "5"))
	first.Stop() // the server closes the watch
	second.Modify(cm("a", "6"))

	e := recv(t, rw.ResultChan())
	assert.Equal(t, watch.Added, e.Type)
	e = recv(t, rw.ResultChan())
	assert.Equal(t, watch.Modified, e.Type, "bookmarks are not delivered")
	assert.Equal(t, "6", e.Object.(*corev1.ConfigMap).ResourceVersion)
	assert.Equal(t, []string{"1", "5"}, client.started(), "the second watch resumes from the bookmark's version")

	rw.Stop()
	select {
	case <-rw.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("Done not closed after Stop")
	}
	_, open := <-rw.ResultChan()
	assert.False(t, open)
}

func TestRetryWatcherGivesUpOnGone(t *testing.T) {
	w := watch.NewFakeWithChanSize(10, false)
	client := &scripted{watchers: []*watch.FakeWatcher{w}}
	rw, err := watchtools.NewRetryWatcherWithContext(context.Background(), "7", client)
	require.NoError(t, err)
	w.Error(&metav1.Status{Status: metav1.StatusFailure, Code: http.StatusGone, Reason: metav1.StatusReasonExpired, Message: "too old resource version"})
	e := recv(t, rw.ResultChan())
	require.Equal(t, watch.Error, e.Type)
	assert.Equal(t, int32(http.StatusGone), e.Object.(*metav1.Status).Code)
	select {
	case <-rw.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the watcher did not stop after 410")
	}
	assert.Equal(t, []string{"7"}, client.started(), "no retry after 410")
}

func TestRetryWatcherRejectsUnresumableVersions(t *testing.T) {
	for _, rv := range []string{"", "0"} {
		_, err := watchtools.NewRetryWatcherWithContext(context.Background(), rv, &scripted{})
		assert.Error(t, err, "rv %q", rv)
	}
}

func TestUntilWithoutRetry(t *testing.T) {
	isNamed := func(name string) watchtools.ConditionFunc {
		return func(e watch.Event) (bool, error) { return e.Object.(*corev1.ConfigMap).Name == name, nil }
	}
	boom := errors.New("boom")
	tests := []struct {
		name       string
		events     []string
		close      bool
		conditions []watchtools.ConditionFunc
		wantLast   string
		wantErr    func(error) bool
	}{
		{"conditions met in order", []string{"a", "x", "b"}, false, []watchtools.ConditionFunc{isNamed("a"), isNamed("b")}, "b", nil},
		{"watch closes first", []string{"a"}, true, []watchtools.ConditionFunc{isNamed("b")}, "a",
			func(err error) bool { return errors.Is(err, watchtools.ErrWatchClosed) }},
		{"condition error", []string{"a"}, false, []watchtools.ConditionFunc{func(watch.Event) (bool, error) { return false, boom }}, "a",
			func(err error) bool { return errors.Is(err, boom) }},
		{"timeout", []string{"a"}, false, []watchtools.ConditionFunc{isNamed("never")}, "a", wait.Interrupted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := watch.NewFakeWithChanSize(10, false)
			for _, n := range tt.events {
				w.Add(cm(n, "1"))
			}
			if tt.close {
				w.Stop()
			}
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			last, err := watchtools.UntilWithoutRetry(ctx, w, tt.conditions...)
			if tt.wantErr == nil {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
				assert.True(t, tt.wantErr(err), "unexpected error %v", err)
			}
			require.NotNil(t, last)
			assert.Equal(t, tt.wantLast, last.Object.(*corev1.ConfigMap).Name)
			assert.True(t, w.IsStopped(), "the watcher is always stopped")
		})
	}
}

func TestContextWithOptionalTimeout(t *testing.T) {
	ctx, cancel := watchtools.ContextWithOptionalTimeout(context.Background(), 0)
	_, has := ctx.Deadline()
	assert.False(t, has)
	cancel()
	assert.Error(t, ctx.Err())
	ctx, cancel = watchtools.ContextWithOptionalTimeout(context.Background(), time.Minute)
	defer cancel()
	_, has = ctx.Deadline()
	assert.True(t, has)
}
