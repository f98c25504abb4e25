// Package testing is the machinery behind kclient's fake clients: an
// in-memory ObjectTracker that stores API objects, the Action values that
// record each call made on a fake client, and Fake, which records those
// actions and answers them from chains of reactors. ObjectReaction connects
// a tracker to a Fake.
//
// It mirrors k8s.io/client-go/testing. Like it, it is a test double, not an
// API server: there is no defaulting, validation, admission, name
// generation, finalizer handling or selector evaluation beyond what the
// fake clients do themselves, and subresources are approximated. Tests that
// depend on real server behaviour belong against a real cluster.
//
// Typical use goes through a generated fake clientset (package
// kubernetes/fake), whose reactors can be extended:
//
//	client.PrependReactor("create", "pods", func(a testing.Action) (bool, runtime.Object, error) {
//		return true, nil, apierrors.NewForbidden(...)
//	})
//
// and whose recorded calls can be inspected with Actions.
package testing
