package cache

// UndeltaStore is a Store that, after every change (Add, Update, Delete,
// Replace), calls PushFunc with the complete new content. It can receive
// the writes of a Reflector and hand consumers whole snapshots.
//
// It is safe for concurrent use. Every change causes one PushFunc call, but
// concurrent changes may produce calls with identical content. PushFunc must
// be safe for concurrent use and must not modify the objects.
type UndeltaStore struct {
	Store
	PushFunc func([]interface{})
}

var _ Store = &UndeltaStore{}

// NewUndeltaStore returns an UndeltaStore over a new Store keyed by keyFunc.
func NewUndeltaStore(pushFunc func([]interface{}), keyFunc KeyFunc) *UndeltaStore {
	return &UndeltaStore{Store: NewStore(keyFunc), PushFunc: pushFunc}
}

func (u *UndeltaStore) push() {
	if u.PushFunc != nil {
		u.PushFunc(u.Store.List())
	}
}

// Add stores obj and pushes the new content.
func (u *UndeltaStore) Add(obj interface{}) error {
	if err := u.Store.Add(obj); err != nil {
		return err
	}
	u.push()
	return nil
}

// Update stores obj and pushes the new content.
func (u *UndeltaStore) Update(obj interface{}) error {
	if err := u.Store.Update(obj); err != nil {
		return err
	}
	u.push()
	return nil
}

// Delete removes obj and pushes the new content.
func (u *UndeltaStore) Delete(obj interface{}) error {
	if err := u.Store.Delete(obj); err != nil {
		return err
	}
	u.push()
	return nil
}

// Replace swaps the content for list (taking ownership of it) and pushes
// the new content.
func (u *UndeltaStore) Replace(list []interface{}, resourceVersion string) error {
	if err := u.Store.Replace(list, resourceVersion); err != nil {
		return err
	}
	u.push()
	return nil
}
