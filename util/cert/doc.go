// Package cert contains helpers for X.509 certificates: creating self-signed
// CA and serving certificates, parsing and encoding PEM certificate bundles,
// building certificate pools and signing requests, and inspecting the
// certificates a TLS server presents. All functions are safe for concurrent
// use.
package cert
