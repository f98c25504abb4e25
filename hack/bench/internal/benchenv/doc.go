// Package benchenv is the shared ground of the side-by-side benchmarks in
// hack/bench. It finds or starts a cluster and describes how to reach it in
// library-neutral terms ([Access]), creates disposable fixtures
// ([NewFixture]), drives a bounded parallel load while counting this
// process's heap allocations ([Run]), and prints per-metric medians with the
// kclient/client-go ratio ([Table]).
//
// Everything here is setup or measurement: nothing in this package is on the
// measured path of either library, so it may use client-go freely.
package benchenv
