// Package v1alpha1 holds the Go types of the samplecontroller.example.com/v1alpha1
// API: Foo, a custom resource asking for a Deployment with a replica count.
//
// +groupName=samplecontroller.example.com
package v1alpha1
