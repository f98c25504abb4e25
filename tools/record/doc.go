// Package record emits core/v1 Events ("kubectl describe" shows them) from
// controllers.
//
// An EventBroadcaster fans events out to any number of consumers: the API
// server (StartRecordingToSink), a log (StartLogging,
// StartStructuredLogging) or a custom function (StartEventWatcher). An
// EventRecorder, obtained from the broadcaster with NewRecorder, turns
// (object, type, reason, message) into an Event and hands it to the
// broadcaster without blocking; when consumers fall behind, events are
// dropped rather than slowing the caller down.
//
// Before writing to the API server, every event passes an EventCorrelator:
// identical events are merged into one Event whose Count grows (a PATCH
// instead of a new object), events that differ only in their message are
// folded into a single "(combined from similar events)" Event once they
// become frequent, and each source+object pair is rate-limited by a token
// bucket so one noisy object cannot flood etcd.
//
// Call Shutdown on the broadcaster when done; it stops every goroutine the
// broadcaster and its watchers started.
package record
