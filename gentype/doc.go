// Package gentype is the generic core of kclient's generated typed clients.
//
// A generated per-resource client (for example the ConfigMaps client of
// kubernetes/typed/core/v1) is a thin struct embedding one of the types here,
// parameterised with the resource's Go type T, its list type L and, once
// apply configurations exist, its apply-configuration type C:
//
//   - Client[T]: Get, Watch, Create, Update, UpdateStatus, Delete, Patch
//   - ClientWithList[T, L]: Client plus List and DeleteCollection
//   - ClientWithApply[T, C]: Client plus Apply and ApplyStatus
//   - ClientWithListAndApply[T, L, C]: all of the above
//
// Every method builds one rest.Request against the rest.Interface handed to
// the constructor and performs it synchronously; the clients hold no other
// state, so they are safe for concurrent use whenever the rest.Interface is
// (rest.RESTClient is). Objects returned are freshly decoded and owned by the
// caller.
package gentype
