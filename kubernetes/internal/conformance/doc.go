// Package conformance is one set of behaviour checks for clientsets, run by
// the tests of kubernetes (against a real kube-apiserver) and of
// kubernetes/fake (against the object tracker), so that the fake is held to
// what the real client does for the verbs a tracker can answer: create, get,
// list, update, the three patch types, apply, watch, delete and
// delete-collection, with the same apierrors for missing and duplicate
// objects.
//
// Only tests import it.
package conformance
