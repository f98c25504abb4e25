package workqueue

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// eventually is the bound for waiting on another goroutine to react. It is a
// generous upper limit, not a timing assertion: passing tests return as soon
// as the condition holds.
const eventually = 10 * time.Second

// op is one step of a scripted queue scenario.
type op struct {
	add      string // Add this item
	get      string // Get and expect this item (shutdown == false)
	done     string // Done this item
	shutdown bool   // call ShutDown
	getShut  bool   // Get and expect shutdown == true
	wantLen  *int   // when set, expect Len to be this value afterwards
}

func length(n int) *int { return &n }

func TestTypedScenarios(t *testing.T) {
	tests := []struct {
		name string
		ops  []op
	}{
		{
			name: "items come out in FIFO order",
			ops: []op{
				{add: "a"}, {add: "b"}, {add: "c", wantLen: length(3)},
				{get: "a"}, {get: "b"}, {get: "c", wantLen: length(0)},
			},
		},
		{
			name: "an item added twice while waiting is handed out once",
			ops: []op{
				{add: "a"}, {add: "b"}, {add: "a", wantLen: length(2)},
				{get: "a"}, {get: "b", wantLen: length(0)},
			},
		},
		{
			name: "re-adding keeps the original position",
			ops: []op{
				{add: "a"}, {add: "b"}, {add: "a"},
				{get: "a"}, {get: "b"},
			},
		},
		{
			name: "an item re-added while processing is queued again only after Done",
			ops: []op{
				{add: "a"}, {get: "a"}, {add: "a", wantLen: length(0)},
				{add: "b", wantLen: length(1)},
				{done: "a", wantLen: length(2)},
				{get: "b"}, {get: "a", wantLen: length(0)},
			},
		},
		{
			name: "several re-adds while processing yield one more round",
			ops: []op{
				{add: "a"}, {get: "a"}, {add: "a"}, {add: "a"},
				{done: "a", wantLen: length(1)},
				{get: "a"}, {done: "a", wantLen: length(0)},
			},
		},
		{
			name: "an item that is done can be added again",
			ops: []op{
				{add: "a"}, {get: "a"}, {done: "a"},
				{add: "a", wantLen: length(1)}, {get: "a"},
			},
		},
		{
			name: "Done of an unknown or waiting item changes nothing",
			ops: []op{
				{done: "x", wantLen: length(0)},
				{add: "a"}, {done: "a", wantLen: length(1)},
				{get: "a"}, {done: "a"}, {done: "a", wantLen: length(0)},
			},
		},
		{
			name: "Add after shutdown is ignored, queued items are still handed out",
			ops: []op{
				{add: "a"}, {add: "b"}, {shutdown: true},
				{add: "c", wantLen: length(2)},
				{get: "a"}, {get: "b"}, {getShut: true}, {getShut: true},
			},
		},
		{
			name: "an item re-added before shutdown is re-queued by Done after shutdown",
			ops: []op{
				{add: "a"}, {get: "a"}, {add: "a"}, {shutdown: true},
				{done: "a", wantLen: length(1)}, {get: "a"}, {done: "a"}, {getShut: true},
			},
		},
		{
			name: "a processing item added after shutdown is not re-queued",
			ops: []op{
				{add: "a"}, {get: "a"}, {shutdown: true}, {add: "a"},
				{done: "a", wantLen: length(0)}, {getShut: true},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := NewTyped[string]()
			for i, o := range tc.ops {
				switch {
				case o.add != "":
					q.Add(o.add)
				case o.get != "":
					item, shut := q.Get()
					require.False(t, shut, "step %d", i)
					require.Equal(t, o.get, item, "step %d", i)
				case o.done != "":
					q.Done(o.done)
				case o.shutdown:
					q.ShutDown()
				case o.getShut:
					item, shut := q.Get()
					require.True(t, shut, "step %d", i)
					require.Empty(t, item, "step %d", i)
				}
				if o.wantLen != nil {
					require.Equal(t, *o.wantLen, q.Len(), "Len after step %d", i)
				}
			}
		})
	}
}

func TestTypedGetBlocksUntilAdd(t *testing.T) {
	q := NewTyped[int]()
	got := make(chan int)
	go func() {
		item, _ := q.Get()
		got <- item
	}()
	select {
	case item := <-got:
		t.Fatalf("Get returned %d from an empty queue", item)
	default:
	}
	q.Add(7)
	select {
	case item := <-got:
		assert.Equal(t, 7, item)
	case <-time.After(eventually):
		t.Fatal("Get did not return after Add")
	}
	q.ShutDown()
}

func TestTypedShutDownReleasesBlockedGetters(t *testing.T) {
	q := NewTyped[int]()
	const getters = 5
	results := make(chan bool, getters)
	for range getters {
		go func() {
			_, shut := q.Get()
			results <- shut
		}()
	}
	assert.False(t, q.ShuttingDown())
	q.ShutDown()
	assert.True(t, q.ShuttingDown())
	for range getters {
		select {
		case shut := <-results:
			assert.True(t, shut)
		case <-time.After(eventually):
			t.Fatal("a blocked Get was not released by ShutDown")
		}
	}
	q.ShutDown() // idempotent
}

// startDrain calls ShutDownWithDrain in the background and returns a channel
// closed when it returns, after waiting for the queue to report shutdown.
func startDrain[T comparable](t *testing.T, q TypedInterface[T]) <-chan struct{} {
	t.Helper()
	returned := make(chan struct{})
	go func() {
		defer close(returned)
		q.ShutDownWithDrain()
	}()
	require.Eventually(t, q.ShuttingDown, eventually, time.Millisecond)
	return returned
}

func requireOpen(t *testing.T, ch <-chan struct{}, msg string) {
	t.Helper()
	select {
	case <-ch:
		t.Fatal(msg)
	default:
	}
}

func requireClosed(t *testing.T, ch <-chan struct{}, msg string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(eventually):
		t.Fatal(msg)
	}
}

func TestTypedShutDownWithDrain(t *testing.T) {
	t.Run("returns at once when nothing is processing", func(t *testing.T) {
		q := NewTyped[string]()
		q.Add("queued")
		q.ShutDownWithDrain()
		assert.True(t, q.ShuttingDown())
		item, shut := q.Get()
		assert.False(t, shut)
		assert.Equal(t, "queued", item)
	})

	t.Run("waits for every processing item to be done", func(t *testing.T) {
		q := NewTyped[string]()
		q.Add("a")
		q.Add("b")
		a, _ := q.Get()
		b, _ := q.Get()
		returned := startDrain[string](t, q)

		q.Add("c") // ignored: shutting down
		assert.Equal(t, 0, q.Len())
		q.Done(a)
		requireOpen(t, returned, "ShutDownWithDrain returned while b was processing")
		q.Done(b)
		requireClosed(t, returned, "ShutDownWithDrain did not return after the last Done")
		_, shut := q.Get()
		assert.True(t, shut)
	})

	t.Run("waits for processing items only; re-queued ones are still handed out", func(t *testing.T) {
		q := NewTyped[string]()
		q.Add("a")
		a, _ := q.Get()
		q.Add("a") // added again while processing
		returned := startDrain[string](t, q)
		requireOpen(t, returned, "ShutDownWithDrain returned while a was processing")

		q.Done(a) // a waits again; nothing is processing
		requireClosed(t, returned, "ShutDownWithDrain did not return once nothing was processing")
		item, shut := q.Get()
		require.False(t, shut)
		require.Equal(t, "a", item)
		q.Done(item)
		_, shut = q.Get()
		assert.True(t, shut)
	})

	t.Run("ShutDown releases a waiting drain", func(t *testing.T) {
		q := NewTyped[string]()
		q.Add("a")
		_, _ = q.Get()
		returned := startDrain[string](t, q)
		requireOpen(t, returned, "ShutDownWithDrain returned while a was processing")
		q.ShutDown()
		requireClosed(t, returned, "ShutDown did not release ShutDownWithDrain")
	})
}

// TestTypedNoConcurrentProcessing hammers a small key space from several
// producers and workers and checks, with the race detector's help, that no
// key is ever processed by two workers at once and that every Add is followed
// by a processing that starts after it.
func TestTypedNoConcurrentProcessing(t *testing.T) {
	const (
		keys      = 8
		producers = 4
		workers   = 4
		addsEach  = 2000
	)
	q := NewTyped[int]()
	var (
		mu        sync.Mutex
		inFlight  = map[int]bool{}
		addedGen  [keys]int // bumped by every Add
		handledAt [keys]int // addedGen observed when processing last started
		violation string
	)
	var workersWG sync.WaitGroup
	for range workers {
		workersWG.Add(1)
		go func() {
			defer workersWG.Done()
			for {
				k, shut := q.Get()
				if shut {
					return
				}
				mu.Lock()
				if inFlight[k] {
					violation = "key processed concurrently"
				}
				inFlight[k] = true
				handledAt[k] = addedGen[k]
				mu.Unlock()

				mu.Lock()
				inFlight[k] = false
				mu.Unlock()
				q.Done(k)
			}
		}()
	}
	var producersWG sync.WaitGroup
	for p := range producers {
		producersWG.Add(1)
		go func() {
			defer producersWG.Done()
			for i := range addsEach {
				k := (i + p) % keys
				mu.Lock()
				addedGen[k]++
				mu.Unlock()
				q.Add(k)
			}
		}()
	}
	producersWG.Wait()
	q.ShutDownWithDrain()
	workersWG.Wait()

	assert.Empty(t, violation)
	assert.Equal(t, addedGen, handledAt, "the last Add of a key was not followed by processing")
	assert.Equal(t, 0, q.Len())
}

// lifo is a custom Queue that hands out the newest item first and records
// Touch calls.
type lifo struct {
	items   []string
	touched []string
}

func (l *lifo) Touch(item string) { l.touched = append(l.touched, item) }
func (l *lifo) Push(item string)  { l.items = append(l.items, item) }
func (l *lifo) Len() int          { return len(l.items) }
func (l *lifo) Pop() string {
	item := l.items[len(l.items)-1]
	l.items = l.items[:len(l.items)-1]
	return item
}

func TestTypedCustomQueue(t *testing.T) {
	store := &lifo{}
	q := NewTypedWithConfig(TypedQueueConfig[string]{Queue: store})
	q.Add("a")
	q.Add("b")
	q.Add("a") // waiting: Touch
	item, _ := q.Get()
	assert.Equal(t, "b", item)
	q.Add("b") // processing: no Touch
	assert.Equal(t, []string{"a"}, store.touched)
	q.Done("b")
	item, _ = q.Get()
	assert.Equal(t, "b", item)
	item, _ = q.Get()
	assert.Equal(t, "a", item)
	q.ShutDown()
}

func TestUntypedConstructors(t *testing.T) {
	tests := []struct {
		name string
		new  func() *Type
	}{
		{"New", New},
		{"NewNamed", func() *Type { return NewNamed("untyped") }},
		{"NewWithConfig", func() *Type { return NewWithConfig(QueueConfig{Name: "cfg"}) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var q Interface = tc.new()
			q.Add("x")
			q.Add(42)
			q.Add("x")
			assert.Equal(t, 2, q.Len())
			item, _ := q.Get()
			assert.Equal(t, "x", item)
			item, _ = q.Get()
			assert.Equal(t, 42, item)
			q.ShutDown()
			_, shut := q.Get()
			assert.True(t, shut)
		})
	}
}
