// Package watch offers higher-level ways to consume Kubernetes watches:
//
//   - UntilWithoutRetry, Until and UntilWithSync block until a sequence of
//     conditions has been met by watch events.
//   - RetryWatcher is a watch.Interface that transparently restarts a watch
//     from the last resourceVersion it delivered, and gives up with an error
//     event when the server says that version is gone (410).
//   - NewIndexerInformerWatcher turns an informer into a watch.Interface that
//     never misses events across reconnects or relists.
//
// Objects delivered in events may be shared with caches; do not modify them.
package watch
