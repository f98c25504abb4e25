// Package gentypecore holds the implementation behind package gentype: the
// generic REST clients (Client, ClientWithList, ClientWithApply,
// ClientWithListAndApply) that every generated typed client embeds.
//
// It exists so that the generated packages under kubernetes/typed can share
// this code without importing gentype itself. gentype also carries the
// FakeClient* types, which need package testing (an object tracker, field
// management and a strategic-merge implementation); importing gentype from a
// typed client would link all of that into every program. gentype re-exports
// the types here through generic aliases, so gentype.Client[T] and
// gentypecore.Client[T] are the same type.
package gentypecore
