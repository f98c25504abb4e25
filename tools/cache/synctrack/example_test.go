package synctrack_test

import (
	"fmt"

	"github.com/kclient/kclient/tools/cache/synctrack"
)

// A controller with one queue and one worker reports synced only after it
// has processed the items of the initial list, not when they were delivered.
func ExampleSingleFileTracker() {
	tracker := synctrack.NewSingleFileTracker("pods")
	queue := make(chan string, 10)

	// The informer delivers its initial list...
	for _, key := range []string{"ns/a", "ns/b"} {
		tracker.Start()
		queue <- key
	}
	// ...and then reports that it has synced.
	tracker.UpstreamHasSynced()
	fmt.Println("synced before processing:", tracker.HasSynced())

	// The worker processes the queue.
	for len(queue) > 0 {
		<-queue
		tracker.Finished()
	}
	fmt.Println("synced after processing:", tracker.HasSynced())
	// Output:
	// synced before processing: false
	// synced after processing: true
}
