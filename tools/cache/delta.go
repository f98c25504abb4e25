package cache

// DeltaType says what kind of change a Delta records.
type DeltaType string

// The kinds of change.
const (
	// Added: the object was created.
	Added DeltaType = "Added"
	// Updated: the object changed.
	Updated DeltaType = "Updated"
	// Deleted: the object is gone; Delta.Object is its last known state,
	// possibly wrapped in a DeletedFinalStateUnknown.
	Deleted DeltaType = "Deleted"
	// Replaced: the object was part of a (re)list. It may or may not have
	// changed. Only emitted by queues configured to emit it; others use Sync.
	Replaced DeltaType = "Replaced"
	// ReplacedAll: a whole (re)list, delivered atomically. Delta.Object is a
	// ReplacedAllInfo with every listed object.
	ReplacedAll DeltaType = "ReplacedAll"
	// Sync: a synthetic event from a periodic resync; the object did not
	// change.
	Sync DeltaType = "Sync"
	// SyncAll: every known object should be reprocessed. Delta.Object is a
	// SyncAllInfo.
	SyncAll DeltaType = "SyncAll"
	// Bookmark: the source reached a resource version. Delta.Object is a
	// BookmarkInfo.
	Bookmark DeltaType = "Bookmark"
)

// Delta is one change to one object: its type and the object's state after
// the change (for Deleted, the last state before it).
type Delta struct {
	Type   DeltaType
	Object interface{}
}

// Deltas is the history of one object while it waited in a queue, oldest
// first. A non-empty Deltas always belongs to exactly one key.
type Deltas []Delta

// Oldest returns the oldest delta, or nil if d is empty.
func (d Deltas) Oldest() *Delta {
	if len(d) == 0 {
		return nil
	}
	return &d[0]
}

// Newest returns the newest delta, or nil if d is empty.
func (d Deltas) Newest() *Delta {
	if len(d) == 0 {
		return nil
	}
	return &d[len(d)-1]
}

// DeletedFinalStateUnknown is the tombstone a queue emits when it learns
// from a relist that an object disappeared while the watch was down. Obj is
// the last state the client knew, which may be stale (or nil); Key is the
// storage key the object had.
type DeletedFinalStateUnknown struct {
	Key string
	Obj interface{}
}

// BookmarkInfo is the Object of a Bookmark delta.
type BookmarkInfo struct {
	// ResourceVersion is the resource version that was reached.
	ResourceVersion string
}

// ReplacedAllInfo is the Object of a ReplacedAll delta.
type ReplacedAllInfo struct {
	// ResourceVersion is the resource version of the list.
	ResourceVersion string
	// Objects are the listed objects, already transformed.
	Objects []interface{}
}

// SyncAllInfo is the Object of a SyncAll delta.
type SyncAllInfo struct{}
