package cache

// FakeCustomStore is a test double for Store. Each Store method forwards to
// the function field of the same name plus a "Func" suffix. Leaving a field
// nil turns that method into a no-op that returns zero values (nil error,
// exists == false, empty string). The struct adds no locking of its own: it is
// exactly as safe for concurrent use as the functions you plug in.
type FakeCustomStore struct {
	AddFunc                          func(obj interface{}) error
	UpdateFunc                       func(obj interface{}) error
	DeleteFunc                       func(obj interface{}) error
	ListFunc                         func() []interface{}
	ListKeysFunc                     func() []string
	GetFunc                          func(obj interface{}) (item interface{}, exists bool, err error)
	GetByKeyFunc                     func(key string) (item interface{}, exists bool, err error)
	ReplaceFunc                      func(list []interface{}, resourceVersion string) error
	ResyncFunc                       func() error
	BookmarkFunc                     func(rv string)
	LastStoreSyncResourceVersionFunc func() string
}

var _ Store = &FakeCustomStore{}

// viaHook runs hook(arg) when a hook is installed and yields R's zero value
// otherwise.
func viaHook[A, R any](hook func(A) R, arg A) (out R) {
	if hook == nil {
		return out
	}
	return hook(arg)
}

// viaHook0 is viaHook for hooks without arguments.
func viaHook0[R any](hook func() R) (out R) {
	if hook == nil {
		return out
	}
	return hook()
}

// lookupVia runs a Get-style hook, reporting "not found" when none is set.
func lookupVia[K any](hook func(K) (interface{}, bool, error), k K) (item interface{}, exists bool, err error) {
	if hook == nil {
		return item, exists, err
	}
	return hook(k)
}

// Add forwards to AddFunc; without one it returns nil.
func (f *FakeCustomStore) Add(obj interface{}) error { return viaHook(f.AddFunc, obj) }

// Update forwards to UpdateFunc; without one it returns nil.
func (f *FakeCustomStore) Update(obj interface{}) error { return viaHook(f.UpdateFunc, obj) }

// Delete forwards to DeleteFunc; without one it returns nil.
func (f *FakeCustomStore) Delete(obj interface{}) error { return viaHook(f.DeleteFunc, obj) }

// List forwards to ListFunc; without one it returns a nil slice.
func (f *FakeCustomStore) List() []interface{} { return viaHook0(f.ListFunc) }

// ListKeys forwards to ListKeysFunc; without one it returns a nil slice.
func (f *FakeCustomStore) ListKeys() []string { return viaHook0(f.ListKeysFunc) }

// Get forwards to GetFunc; without one it reports the object as absent.
func (f *FakeCustomStore) Get(obj interface{}) (item interface{}, exists bool, err error) {
	return lookupVia(f.GetFunc, obj)
}

// GetByKey forwards to GetByKeyFunc; without one it reports the key as absent.
func (f *FakeCustomStore) GetByKey(key string) (item interface{}, exists bool, err error) {
	return lookupVia(f.GetByKeyFunc, key)
}

// Replace forwards to ReplaceFunc; without one it returns nil.
func (f *FakeCustomStore) Replace(list []interface{}, resourceVersion string) error {
	if f.ReplaceFunc == nil {
		return nil
	}
	return f.ReplaceFunc(list, resourceVersion)
}

// Resync forwards to ResyncFunc; without one it returns nil.
func (f *FakeCustomStore) Resync() error { return viaHook0(f.ResyncFunc) }

// Bookmark forwards to BookmarkFunc; without one it does nothing.
func (f *FakeCustomStore) Bookmark(rv string) {
	if hook := f.BookmarkFunc; hook != nil {
		hook(rv)
	}
}

// LastStoreSyncResourceVersion forwards to LastStoreSyncResourceVersionFunc;
// without one it returns "".
func (f *FakeCustomStore) LastStoreSyncResourceVersion() string {
	return viaHook0(f.LastStoreSyncResourceVersionFunc)
}
