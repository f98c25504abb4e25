package synctrack

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tracker is the behaviour both trackers share, driven with string keys.
type tracker interface {
	start(key string)
	finish(key string)
	UpstreamHasSynced()
	HasSynced() bool
	Done() <-chan struct{}
}

type asyncAdapter struct{ *AsyncTracker[string] }

func (a asyncAdapter) start(k string)  { a.Start(k) }
func (a asyncAdapter) finish(k string) { a.Finished(k) }

type singleAdapter struct{ *SingleFileTracker }

func (s singleAdapter) start(string)  { s.Start() }
func (s singleAdapter) finish(string) { s.Finished() }

func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func TestTrackers(t *testing.T) {
	// Each step is "s:key", "f:key" or "u" (upstream synced), followed by the
	// expected HasSynced.
	type step struct {
		op   string
		want bool
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"empty initial list", []step{{"u", true}}},
		{"not synced before upstream", []step{{"s:a", false}, {"f:a", false}, {"u", true}}},
		{"waits for pending items", []step{{"s:a", false}, {"s:b", false}, {"u", false}, {"f:a", false}, {"f:b", true}}},
		{"stays synced", []step{{"u", true}, {"s:a", true}, {"u", true}}},
		{"upstream repeated", []step{{"s:a", false}, {"u", false}, {"u", false}, {"f:a", true}}},
	}
	makers := map[string]func() tracker{
		"AsyncTracker":      func() tracker { return asyncAdapter{NewAsyncTracker[string]("a")} },
		"SingleFileTracker": func() tracker { return singleAdapter{NewSingleFileTracker("s")} },
	}
	for kind, mk := range makers {
		for _, tt := range tests {
			t.Run(kind+"/"+tt.name, func(t *testing.T) {
				tr := mk()
				for i, s := range tt.steps {
					switch {
					case s.op == "u":
						tr.UpstreamHasSynced()
					case s.op[:2] == "s:":
						tr.start(s.op[2:])
					default:
						tr.finish(s.op[2:])
					}
					assert.Equal(t, s.want, tr.HasSynced(), "after step %d (%s)", i, s.op)
					assert.Equal(t, s.want, closed(tr.Done()), "Done after step %d (%s)", i, s.op)
				}
			})
		}
	}
}

func TestAsyncTrackerKeys(t *testing.T) {
	tr := NewAsyncTracker[int]("keys")
	assert.Equal(t, "keys", tr.Name())
	tr.Start(1)
	tr.Start(1) // the same key twice is one pending item
	tr.Start(2)
	tr.UpstreamHasSynced()
	tr.Finished(3) // never started: harmless
	assert.False(t, tr.HasSynced())
	tr.Finished(1)
	tr.Finished(1)
	assert.False(t, tr.HasSynced())
	tr.Finished(2)
	assert.True(t, tr.HasSynced())
}

func TestSingleFileTrackerMisuse(t *testing.T) {
	tr := NewSingleFileTracker("single")
	assert.Equal(t, "single", tr.Name())
	assert.PanicsWithValue(t, "synctrack: SingleFileTracker.Finished called more often than Start", tr.Finished)
}

func TestTrackersConcurrent(t *testing.T) {
	at := NewAsyncTracker[int]("a")
	st := NewSingleFileTracker("s")
	const n = 200
	for i := range n {
		at.Start(i)
		st.Start()
	}
	at.UpstreamHasSynced()
	st.UpstreamHasSynced()
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			at.Finished(i)
			st.Finished()
		})
	}
	wg.Wait()
	<-at.Done()
	<-st.Done()
	assert.True(t, at.HasSynced())
	assert.True(t, st.HasSynced())
}

func TestLazy(t *testing.T) {
	var calls atomic.Int32
	fail := atomic.Bool{}
	z := &Lazy[int]{Evaluate: func() (int, error) {
		n := int(calls.Add(1))
		if fail.Load() {
			return 0, errors.New("not now")
		}
		return n * 10, nil
	}}

	v, err := z.Get()
	require.NoError(t, err)
	assert.Equal(t, 10, v)
	v, _ = z.Get()
	assert.Equal(t, 10, v, "cached")
	assert.Equal(t, int32(1), calls.Load())

	z.Notify()
	v, _ = z.Get()
	assert.Equal(t, 20, v, "re-evaluated after Notify")

	z.Notify()
	fail.Store(true)
	_, err = z.Get()
	require.Error(t, err)
	_, err = z.Get()
	require.Error(t, err)
	assert.Equal(t, int32(4), calls.Load(), "errors are not cached")
	fail.Store(false)
	v, err = z.Get()
	require.NoError(t, err)
	assert.Equal(t, 50, v)
}

func TestLazyConcurrentGetsShareOneEvaluation(t *testing.T) {
	var calls atomic.Int32
	release := make(chan struct{})
	z := &Lazy[string]{Evaluate: func() (string, error) {
		calls.Add(1)
		<-release
		return "v", nil
	}}
	var wg sync.WaitGroup
	results := make([]string, 20)
	for i := range results {
		wg.Go(func() { results[i], _ = z.Get() })
	}
	close(release)
	wg.Wait()
	assert.Equal(t, int32(1), calls.Load())
	for _, r := range results {
		assert.Equal(t, "v", r)
	}
}
