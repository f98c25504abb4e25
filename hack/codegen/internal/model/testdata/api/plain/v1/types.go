// Package v1 has no +genclient types and must be skipped.
package v1

// Thing is a plain type.
type Thing struct{}
