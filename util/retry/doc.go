// Package retry repeats an operation, typically a read-modify-write of an API
// object, while it fails with an error the caller considers transient.
//
// The common case is optimistic concurrency: an Update is rejected with 409
// Conflict because someone else changed the object since it was read. Wrap the
// whole get-mutate-update sequence in RetryOnConflict so every attempt starts
// from a fresh copy.
package retry
