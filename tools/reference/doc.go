// Package reference turns an API object into a v1.ObjectReference pointing at
// it, as Events and other cross-object links need.
package reference
