// Package api holds the in-memory (internal) form of a kubeconfig: clusters,
// users and contexts keyed by name, plus helpers that trim, inline, shorten
// or redact a Config.
//
// These types are never written to disk directly; the wire form with named
// lists lives in package v1, and package latest converts between the two.
package api
