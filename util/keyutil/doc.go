// Package keyutil generates, parses, encodes and stores private and public
// keys.
//
// It reads and writes PEM-encoded RSA and ECDSA keys: private keys in
// PKCS#1 ("RSA PRIVATE KEY"), SEC 1 ("EC PRIVATE KEY") or PKCS#8
// ("PRIVATE KEY") form, and public keys in PKIX ("PUBLIC KEY") form or taken
// from certificates. All functions are safe for concurrent use.
package keyutil
