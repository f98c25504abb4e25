// Package flowcontrol provides client-side flow control primitives: token
// bucket rate limiters (RateLimiter, PassiveRateLimiter) used by rest clients
// to cap their request rate, and Backoff, a per-key exponential backoff
// tracker with optional jitter.
//
// All types in this package are safe for concurrent use.
package flowcontrol
