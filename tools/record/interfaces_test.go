package record

import (
	internalevents "github.com/kclient/kclient/tools/internal/events"
)

// Compile-time checks that the recorders satisfy the interfaces callers
// rely on.
var (
	_ EventRecorderLogger                   = (*recorder)(nil)
	_ EventRecorderLogger                   = (*FakeRecorder)(nil)
	_ internalevents.EventRecorderLogger    = (*EventRecorderAdapter)(nil)
	_ internalevents.AnnotatedEventRecorder = (*EventRecorderAdapter)(nil)
	_ EventBroadcaster                      = (*broadcaster)(nil)
)
