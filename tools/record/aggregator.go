package record

import (
	"sync"
	"time"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/utils/clock"
	"k8s.io/utils/lru"

	"github.com/kclient/kclient/tools/record/util"
)

// EventAggregatorKeyFunc splits an event into an aggregate key (the group
// of similar events it belongs to) and a local key (what distinguishes it
// within the group, typically the message).
type EventAggregatorKeyFunc func(event *v1.Event) (aggregateKey string, localKey string)

// EventAggregatorMessageFunc builds the message of an aggregated event.
type EventAggregatorMessageFunc func(event *v1.Event) string

// EventAggregator folds groups of similar events into one. Once a group has
// seen maxEvents distinct local keys, each within maxInterval of the
// previous one, further events of the group are replaced by a single
// aggregate event (whose message comes from the message func) that the
// correlator then counts up instead of creating new Events. A pause longer
// than maxInterval resets the group. Safe for concurrent use; the embedded
// lock is exported only for compatibility.
type EventAggregator struct {
	sync.RWMutex

	groups      *lru.Cache
	keyFunc     EventAggregatorKeyFunc
	messageFunc EventAggregatorMessageFunc
	maxEvents   int
	maxInterval time.Duration
	clock       clock.PassiveClock
}

// aggregateGroup is what the aggregator remembers per aggregate key.
type aggregateGroup struct {
	localKeys sets.Set[string]
	lastSeen  metav1.Time
}

// NewEventAggregator returns an aggregator remembering at most lruCacheSize
// groups. maxEvents is the number of distinct events a group may produce
// before aggregation starts; maxIntervalInSeconds how long a group may be
// quiet before it starts over.
func NewEventAggregator(lruCacheSize int, keyFunc EventAggregatorKeyFunc, messageFunc EventAggregatorMessageFunc,
	maxEvents int, maxIntervalInSeconds int, clock clock.PassiveClock) *EventAggregator {
	return &EventAggregator{
		groups:      lru.New(lruCacheSize),
		keyFunc:     keyFunc,
		messageFunc: messageFunc,
		maxEvents:   maxEvents,
		maxInterval: time.Duration(maxIntervalInSeconds) * time.Second,
		clock:       clock,
	}
}

// EventAggregate records newEvent in its group and returns the event to
// write together with the key the correlator should count it under: the
// event itself and its exact-repeat key while the group is small, or a new
// aggregate event and the aggregate key once the group is large. newEvent
// is not modified; a nil newEvent yields (nil, "").
func (e *EventAggregator) EventAggregate(newEvent *v1.Event) (*v1.Event, string) {
	if newEvent == nil {
		return nil, ""
	}
	now := metav1.NewTime(e.clock.Now())
	groupKey, localKey := e.keyFunc(newEvent)

	e.Lock()
	defer e.Unlock()
	var group *aggregateGroup
	if cached, ok := e.groups.Get(groupKey); ok {
		group, _ = cached.(*aggregateGroup)
	}
	if group == nil || now.Sub(group.lastSeen.Time) > e.maxInterval {
		group = &aggregateGroup{localKeys: sets.New[string]()}
	}
	group.localKeys.Insert(localKey)
	group.lastSeen = now
	e.groups.Add(groupKey, group)

	if group.localKeys.Len() < e.maxEvents {
		return newEvent, eventKey(newEvent)
	}

	// Keep the set bounded: one slot is enough to stay over the threshold.
	_, _ = group.localKeys.PopAny()
	combined := &v1.Event{
		ObjectMeta: metav1.ObjectMeta{
			Name:      util.GenerateEventName(newEvent.InvolvedObject.Name, now.UnixNano()),
			Namespace: newEvent.Namespace,
		},
		InvolvedObject: newEvent.InvolvedObject,
		Type:           newEvent.Type,
		Reason:         newEvent.Reason,
		Message:        e.messageFunc(newEvent),
		Source:         newEvent.Source,
		Count:          1,
		FirstTimestamp: now,
		LastTimestamp:  now,
	}
	return combined, groupKey
}
