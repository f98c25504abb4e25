package events

// Compile-time checks that the implementations satisfy their interfaces.
var (
	_ EventRecorderLogger     = (*recorder)(nil)
	_ AnnotatedEventRecorder  = (*recorder)(nil)
	_ EventRecorderLogger     = (*FakeRecorder)(nil)
	_ AnnotatedEventRecorder  = (*FakeRecorder)(nil)
	_ EventBroadcaster        = (*broadcaster)(nil)
	_ EventBroadcasterAdapter = (*broadcasterAdapter)(nil)
	_ EventSink               = (*EventSinkImpl)(nil)
)
