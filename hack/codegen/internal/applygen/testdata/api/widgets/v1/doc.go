// +groupName=widgets.example.com

// Package v1 is the test API.
package v1
