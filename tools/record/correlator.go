package record

import (
	"errors"

	v1 "k8s.io/api/core/v1"
	"k8s.io/utils/clock"
)

// Defaults applied to zero CorrelatorOptions fields.
const (
	defaultLRUCacheSize           = 4096
	defaultAggregateMaxEvents     = 10
	defaultAggregateIntervalInSec = 600
	defaultSpamBurst              = 25
	defaultSpamQPS                = 1. / 300.
)

// CorrelatorOptions tunes an EventCorrelator. Every zero field takes its
// default, so the zero value is the default configuration.
type CorrelatorOptions struct {
	// LRUCacheSize bounds each of the correlator's caches (default 4096).
	LRUCacheSize int
	// BurstSize is the token bucket size of the spam filter (default 25).
	BurstSize int
	// QPS is the spam filter's refill rate (default one event per 5 min).
	QPS float32
	// KeyFunc groups events for aggregation (default
	// EventAggregatorByReasonFunc).
	KeyFunc EventAggregatorKeyFunc
	// MessageFunc builds aggregate messages (default
	// EventAggregatorByReasonMessageFunc).
	MessageFunc EventAggregatorMessageFunc
	// MaxEvents is the number of distinct similar events before aggregation
	// starts (default 10).
	MaxEvents int
	// MaxIntervalInSeconds is how long a group of similar events may be
	// quiet before it starts over (default 600).
	MaxIntervalInSeconds int
	// Clock drives the aggregator and spam filter (default the real clock).
	Clock clock.PassiveClock
	// SpamKeyFunc keys the spam filter's buckets (default source, involved
	// object and type).
	SpamKeyFunc EventSpamKeyFunc
}

// withDefaults returns o with every zero field set to its default.
func (o CorrelatorOptions) withDefaults() CorrelatorOptions {
	if o.LRUCacheSize <= 0 {
		o.LRUCacheSize = defaultLRUCacheSize
	}
	if o.BurstSize <= 0 {
		o.BurstSize = defaultSpamBurst
	}
	if o.QPS <= 0 {
		o.QPS = defaultSpamQPS
	}
	if o.KeyFunc == nil {
		o.KeyFunc = EventAggregatorByReasonFunc
	}
	if o.MessageFunc == nil {
		o.MessageFunc = EventAggregatorByReasonMessageFunc
	}
	if o.MaxEvents <= 0 {
		o.MaxEvents = defaultAggregateMaxEvents
	}
	if o.MaxIntervalInSeconds <= 0 {
		o.MaxIntervalInSeconds = defaultAggregateIntervalInSec
	}
	if o.Clock == nil {
		o.Clock = clock.RealClock{}
	}
	if o.SpamKeyFunc == nil {
		o.SpamKeyFunc = spamKey
	}
	return o
}

// EventCorrelateResult says what to write for one recorded event.
type EventCorrelateResult struct {
	// Event is the event to write, possibly an aggregate or a repeat with a
	// higher count.
	Event *v1.Event
	// Patch, when set, is a strategic merge patch to apply to the existing
	// Event instead of creating a new one.
	Patch []byte
	// Skip means the event was rate-limited and must not be written.
	Skip bool
}

// EventCorrelator decides how each event reaches the API server: it
// aggregates frequent similar events, turns exact repeats into count
// updates of one Event, and drops events from sources that exceed their
// rate limit. Safe for concurrent use.
type EventCorrelator struct {
	filter     EventFilterFunc
	aggregator *EventAggregator
	log        *eventLog
}

// NewEventCorrelator returns a correlator with the default options and the
// given clock: aggregation after 10 similar events within 10 minutes, and a
// per-source-and-object budget of a burst of 25 events refilled at one
// event every 5 minutes.
func NewEventCorrelator(clock clock.PassiveClock) *EventCorrelator {
	return NewEventCorrelatorWithOptions(CorrelatorOptions{Clock: clock})
}

// NewEventCorrelatorWithOptions returns a correlator configured by options
// (zero fields take their defaults).
func NewEventCorrelatorWithOptions(options CorrelatorOptions) *EventCorrelator {
	o := options.withDefaults()
	spam := NewEventSourceObjectSpamFilter(o.LRUCacheSize, o.BurstSize, o.QPS, o.Clock, o.SpamKeyFunc)
	return &EventCorrelator{
		filter:     spam.Filter,
		aggregator: NewEventAggregator(o.LRUCacheSize, o.KeyFunc, o.MessageFunc, o.MaxEvents, o.MaxIntervalInSeconds, o.Clock),
		log:        newEventLog(o.LRUCacheSize),
	}
}

// errNilEvent is returned by EventCorrelate for a nil event.
var errNilEvent = errors.New("record: cannot correlate a nil event")

// EventCorrelate runs newEvent through aggregation, repeat counting and the
// spam filter, in that order. An error with a non-nil result means the
// repeat patch could not be built; the event can still be created.
func (c *EventCorrelator) EventCorrelate(newEvent *v1.Event) (*EventCorrelateResult, error) {
	if newEvent == nil {
		return nil, errNilEvent
	}
	aggregated, key := c.aggregator.EventAggregate(newEvent)
	observed, patch, err := c.log.observe(aggregated, key)
	if c.filter(observed) {
		return &EventCorrelateResult{Skip: true}, nil
	}
	return &EventCorrelateResult{Event: observed, Patch: patch}, err
}

// UpdateState records the server's copy of an event that was just written,
// so later repeats patch it. A nil event is ignored.
func (c *EventCorrelator) UpdateState(event *v1.Event) {
	if event == nil {
		return
	}
	c.log.update(event)
}
