package record

import (
	"encoding/json"
	"fmt"
	"sync"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
	"k8s.io/utils/lru"
)

// seenEvent is what the event log remembers about an Event it wrote.
type seenEvent struct {
	count           int32
	firstTimestamp  metav1.Time
	name            string
	resourceVersion string
}

// eventLog counts repeats of the same event so they update one Event
// object instead of creating new ones. Safe for concurrent use.
type eventLog struct {
	mu   sync.Mutex
	seen *lru.Cache
}

func newEventLog(size int) *eventLog {
	return &eventLog{seen: lru.New(size)}
}

func (l *eventLog) lookup(key string) seenEvent {
	if v, ok := l.seen.Get(key); ok {
		if s, ok := v.(seenEvent); ok {
			return s
		}
	}
	return seenEvent{}
}

// observe returns the event to write for newEvent under key. For a repeat,
// it is a copy that reuses the earlier Event's name, resourceVersion and
// first timestamp with the count bumped, plus a strategic merge patch that
// sets count, message and lastTimestamp on the stored object.
func (l *eventLog) observe(newEvent *v1.Event, key string) (*v1.Event, []byte, error) {
	l.mu.Lock()
	defer l.mu.Unlock()

	event := newEvent
	var patch []byte
	var err error
	if prev := l.lookup(key); prev.count > 0 {
		event = newEvent.DeepCopy()
		event.Name = prev.name
		event.ResourceVersion = prev.resourceVersion
		event.FirstTimestamp = prev.firstTimestamp
		event.Count = prev.count + 1
		patch, err = repeatPatch(event)
	}
	l.remember(key, event)
	return event, patch, err
}

// update records the server's copy of an event after a successful write.
func (l *eventLog) update(event *v1.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.remember(eventKey(event), event)
}

func (l *eventLog) remember(key string, event *v1.Event) {
	l.seen.Add(key, seenEvent{
		count:           event.Count,
		firstTimestamp:  event.FirstTimestamp,
		name:            event.Name,
		resourceVersion: event.ResourceVersion,
	})
}

// repeatPatch computes the patch that turns the stored Event into event:
// only count, message and lastTimestamp change between repeats.
func repeatPatch(event *v1.Event) ([]byte, error) {
	base := event.DeepCopy()
	base.Count = 0
	base.Message = ""
	base.LastTimestamp = metav1.Unix(0, 0)
	oldJSON, err := json.Marshal(base)
	if err != nil {
		return nil, fmt.Errorf("encoding event %s/%s: %w", event.Namespace, event.Name, err)
	}
	newJSON, err := json.Marshal(event)
	if err != nil {
		return nil, fmt.Errorf("encoding event %s/%s: %w", event.Namespace, event.Name, err)
	}
	patch, err := strategicpatch.CreateTwoWayMergePatch(oldJSON, newJSON, event)
	if err != nil {
		return nil, fmt.Errorf("building patch for event %s/%s: %w", event.Namespace, event.Name, err)
	}
	return patch, nil
}
