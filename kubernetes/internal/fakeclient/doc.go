// Package fakeclient holds the few helpers the generated fake clients
// (kubernetes/fake and kubernetes/typed/<group>/<version>/fake) share beyond
// gentype's FakeClient types: invoking a subresource action with a typed
// result, recording a server-side apply of a subresource, and wiring an
// object tracker into a testing.Fake.
//
// It is imported by test doubles only, so it may depend on package testing.
package fakeclient
