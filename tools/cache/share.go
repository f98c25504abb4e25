package cache

import (
	"os"
	"strconv"

	"github.com/kclient/kclient/internal/objshare"
	"github.com/kclient/kclient/internal/protodec"
)

// shareCachedDataEnv names the environment variable that turns off the
// sharing of repeated data between the objects an informer caches (see the
// package doc): set it to "false" and every cached object owns all of its
// memory, as with client-go. It is read when an informer starts. It is not
// exported, to keep the package's API that of client-go.
const shareCachedDataEnv = "KCLIENT_SHARE_CACHED_DATA"

// sharingEnabled reports whether informers share repeated data between
// cached objects (the default).
func sharingEnabled() bool {
	on, err := strconv.ParseBool(os.Getenv(shareCachedDataEnv))
	return on || err != nil
}

// sharingTransform returns transform (which may be nil) followed by a step
// that makes the object share its repeated data with the objects the same
// informer cached before it: equal strings, equal byte slices (managed
// fields) and equal resource lists are stored once. The object stays equal
// to what the server sent, so nothing a reader can see changes, but a
// program that writes into a cached object's resource lists or
// managed-fields bytes in place, against the read-only rule, changes every
// object sharing them. Without sharing (see shareCachedDataEnv) it returns
// transform unchanged and a nil session.
//
// The user's transform runs first, on the object as decoded, so it may
// still modify the object in place. Only without a user transform does the
// informer also return a session (internal/protodec): the reflector puts
// it in the context of its watches, and a protobuf watch then decodes
// objects with their data already shared, which the step recognises and
// does not share a second time.
func sharingTransform(transform TransformFunc) (TransformFunc, *protodec.Session) {
	if !sharingEnabled() {
		return transform, nil
	}
	table := objshare.NewTable()
	if transform == nil {
		session := protodec.NewSession(table)
		return func(obj interface{}) (interface{}, error) {
			if !session.Taken(obj) {
				table.Compact(obj)
			}
			return obj, nil
		}, session
	}
	return func(obj interface{}) (interface{}, error) {
		var err error
		if obj, err = transform(obj); err != nil {
			return nil, err
		}
		table.Compact(obj)
		return obj, nil
	}, nil
}
