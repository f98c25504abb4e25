// Package v1 is a small API used to test the custom-types generator: one
// kind per scope and verb-tag combination.
//
// +groupName=shop.example.com
package v1
