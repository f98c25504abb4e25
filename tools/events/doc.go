// Package events records events.k8s.io/v1 Events, the successor of the
// core/v1 Events written by package tools/record.
//
// An Event says that a reporting controller took an action on (or observed
// something about) a regarding object, optionally involving a related one.
// Recorders hand events to an EventBroadcaster without blocking; the
// broadcaster writes them to an EventSink, usually
// &EventSinkImpl{Interface: clientset.EventsV1()}.
//
// Repeats are folded into series: the first occurrence of an event (same
// type, reason, action, reporting controller, regarding and related object)
// is created as is; the second turns it into a series (Series.Count 2) by
// patching the stored Event, and later repeats only bump the count in
// memory. The broadcaster writes the accumulated count every 30 minutes and
// closes a series after 6 quiet minutes, so a hot loop costs the API server
// a handful of writes instead of one per occurrence.
package events
