// Package gentype holds the generic clients kclient's typed clients are
// made of, and their fakes.
//
// A per-resource client (for example the ConfigMaps client of
// kubernetes/typed/core/v1) is a thin struct embedding one of these,
// parameterised with the resource's Go type T, its list type L and its
// apply-configuration type C:
//
//   - Client[T]: Get, Watch, Create, Update, UpdateStatus, Delete, Patch
//   - ClientWithList[T, L]: Client plus List and DeleteCollection
//   - ClientWithApply[T, C]: Client plus Apply and ApplyStatus
//   - ClientWithListAndApply[T, L, C]: all of the above
//
// Every method builds one rest.Request and performs it synchronously; the
// clients keep no other state and are safe for concurrent use whenever their
// rest.Interface is. Returned objects are freshly decoded and belong to the
// caller.
//
// FakeClient, FakeClientWithList, FakeClientWithApply and
// FakeClientWithListAndApply are the test doubles the generated fakes
// (kubernetes/typed/<group>/<version>/fake) embed: they turn each call into a
// testing.Action answered by a *testing.Fake.
//
// Cost: the REST clients live in internal/gentypecore and the generated
// typed clients import that package, not this one, because this one imports
// package testing for the fakes (an object tracker, field management, patch
// logic: megabytes of code). Import gentype from your own code only for
// hand-written typed clients or their fakes.
package gentype
