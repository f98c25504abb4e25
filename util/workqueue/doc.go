// Package workqueue provides the work queues controllers use to schedule
// reconciliation of keys.
//
// Every queue in this package gives the same guarantees:
//
//   - FIFO fairness: items are handed out in the order they were added (unless
//     a custom Queue decides otherwise).
//   - De-duplication: an item added several times before a worker takes it is
//     handed out once.
//   - No concurrent processing of one item: between Get and Done an item is
//     "processing"; adding it again marks it dirty, and it is handed out again
//     only after Done.
//   - Any number of producers and consumers; all methods are safe for
//     concurrent use.
//   - Orderly shutdown: ShutDown stops accepting new items and releases
//     blocked workers once the queue is empty; ShutDownWithDrain also waits for
//     the items being processed.
//
// The typed queues (Typed, TypedDelayingInterface, TypedRateLimitingInterface)
// are the implementation; the untyped names (Interface, Type, New,
// RateLimitingInterface, ...) are the same queues instantiated for any and are
// kept for source compatibility.
//
// Layers compose from the bottom up: Typed is the de-duplicating FIFO, a
// delaying queue adds AddAfter on top of any TypedInterface, and a
// rate-limiting queue adds AddRateLimited, Forget and NumRequeues on top of a
// delaying queue, asking a TypedRateLimiter how long each retry should wait.
//
// Queues that are given a name report metrics to a MetricsProvider (see
// SetProvider); unnamed queues report nothing and cost nothing extra.
package workqueue
